// Synthesis benchmark program (benchmarks/synth_bench.py, tests/test_synth_suite.py).
// OPTIMAL-COST: 1
// OPTIMAL-TARGET: andi(x, 31)
func.func @shl_shr_mask(%x: i8) -> i8 {
  %c3 = arith.constant 3 : i8
  %a = arith.shli %x, %c3 : i8
  %r = arith.shrui %a, %c3 : i8
  return %r : i8
}
