// Synthesis benchmark program (benchmarks/synth_bench.py, tests/test_synth_suite.py).
// OPTIMAL-COST: 0
// OPTIMAL-TARGET: 0
func.func @xor_self(%x: i16) -> i16 {
  %r = arith.xori %x, %x : i16
  return %r : i16
}
