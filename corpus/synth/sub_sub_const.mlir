// Synthesis benchmark program (benchmarks/synth_bench.py, tests/test_synth_suite.py).
// OPTIMAL-COST: 1
// OPTIMAL-TARGET: subi(13, x)
func.func @sub_sub_const(%x: i32) -> i32 {
  %c5 = arith.constant 5 : i32
  %c8 = arith.constant 8 : i32
  %a = arith.subi %x, %c5 : i32
  %r = arith.subi %c8, %a : i32
  return %r : i32
}
