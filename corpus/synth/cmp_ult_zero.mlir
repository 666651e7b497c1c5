// Synthesis benchmark program (benchmarks/synth_bench.py, tests/test_synth_suite.py).
// OPTIMAL-COST: 0
// OPTIMAL-TARGET: false
func.func @cmp_ult_zero(%x: i32) -> i1 {
  %c0 = arith.constant 0 : i32
  %r = arith.cmpi ult, %x, %c0 : i32
  return %r : i1
}
