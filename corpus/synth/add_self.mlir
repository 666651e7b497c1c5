// Synthesis benchmark program (benchmarks/synth_bench.py, tests/test_synth_suite.py).
// OPTIMAL-COST: 1
// OPTIMAL-TARGET: addi(x, x)
func.func @add_self(%x: i32) -> i32 {
  %r = arith.addi %x, %x : i32
  return %r : i32
}
