// Synthesis benchmark program (benchmarks/synth_bench.py, tests/test_synth_suite.py).
// OPTIMAL-COST: 1
// OPTIMAL-TARGET: andi(x, -16)
func.func @shr_shl_mask(%x: i8) -> i8 {
  %c4 = arith.constant 4 : i8
  %a = arith.shrui %x, %c4 : i8
  %r = arith.shli %a, %c4 : i8
  return %r : i8
}
