// Synthesis benchmark program (benchmarks/synth_bench.py, tests/test_synth_suite.py).
// OPTIMAL-COST: 0
// OPTIMAL-TARGET: -1
func.func @or_minus_one(%x: i16) -> i16 {
  %m = arith.constant -1 : i16
  %r = arith.ori %x, %m : i16
  return %r : i16
}
