// Synthesis benchmark program (benchmarks/synth_bench.py, tests/test_synth_suite.py).
// OPTIMAL-COST: 0
// OPTIMAL-TARGET: x
func.func @and_minus_one(%x: i16) -> i16 {
  %m = arith.constant -1 : i16
  %r = arith.andi %x, %m : i16
  return %r : i16
}
