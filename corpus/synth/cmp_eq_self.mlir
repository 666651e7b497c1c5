// Synthesis benchmark program (benchmarks/synth_bench.py, tests/test_synth_suite.py).
// OPTIMAL-COST: 0
// OPTIMAL-TARGET: true
func.func @cmp_eq_self(%x: i32) -> i1 {
  %r = arith.cmpi eq, %x, %x : i32
  return %r : i1
}
