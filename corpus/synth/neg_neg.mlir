// Synthesis benchmark program (benchmarks/synth_bench.py, tests/test_synth_suite.py).
// OPTIMAL-COST: 0
// OPTIMAL-TARGET: x
func.func @neg_neg(%x: i32) -> i32 {
  %z = arith.constant 0 : i32
  %a = arith.subi %z, %x : i32
  %r = arith.subi %z, %a : i32
  return %r : i32
}
