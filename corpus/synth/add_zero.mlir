// Synthesis benchmark program (benchmarks/synth_bench.py, tests/test_synth_suite.py).
// OPTIMAL-COST: 0
// OPTIMAL-TARGET: x
func.func @add_zero(%x: i64) -> i64 {
  %c0 = arith.constant 0 : i64
  %r = arith.addi %x, %c0 : i64
  return %r : i64
}
