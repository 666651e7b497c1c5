// Synthesis benchmark program (benchmarks/synth_bench.py, tests/test_synth_suite.py).
// OPTIMAL-COST: 0
// OPTIMAL-TARGET: 0
func.func @sub_self(%x: i8) -> i8 {
  %r = arith.subi %x, %x : i8
  return %r : i8
}
