// Synthesis benchmark program (benchmarks/synth_bench.py, tests/test_synth_suite.py).
// OPTIMAL-COST: 0
// OPTIMAL-TARGET: x
func.func @trunc_ext(%x: i8) -> i8 {
  %a = arith.extui %x : i8 to i32
  %r = arith.trunci %a : i32 to i8
  return %r : i8
}
