// Synthesis benchmark program (benchmarks/synth_bench.py, tests/test_synth_suite.py).
// OPTIMAL-COST: 0
// OPTIMAL-TARGET: x
func.func @select_same(%c: i1, %x: i32) -> i32 {
  %r = arith.select %c, %x, %x : i32
  return %r : i32
}
