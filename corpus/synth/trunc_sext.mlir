// Synthesis benchmark program (benchmarks/synth_bench.py, tests/test_synth_suite.py).
// OPTIMAL-COST: 0
// OPTIMAL-TARGET: x
func.func @trunc_sext(%x: i8) -> i8 {
  %a = arith.extsi %x : i8 to i16
  %r = arith.trunci %a : i16 to i8
  return %r : i8
}
