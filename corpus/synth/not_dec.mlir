// Synthesis benchmark program (benchmarks/synth_bench.py, tests/test_synth_suite.py).
// OPTIMAL-COST: 1
// OPTIMAL-TARGET: subi(0, x)
func.func @not_dec(%x: i32) -> i32 {
  %c1 = arith.constant 1 : i32
  %m = arith.constant -1 : i32
  %a = arith.subi %x, %c1 : i32
  %r = arith.xori %a, %m : i32
  return %r : i32
}
