// Synthesis benchmark program (benchmarks/synth_bench.py, tests/test_synth_suite.py).
// OPTIMAL-COST: 1
// OPTIMAL-TARGET: subi(y, x)
func.func @neg_sub(%x: i32, %y: i32) -> i32 {
  %z = arith.constant 0 : i32
  %a = arith.subi %x, %y : i32
  %r = arith.subi %z, %a : i32
  return %r : i32
}
