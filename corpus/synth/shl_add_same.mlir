// Synthesis benchmark program (benchmarks/synth_bench.py, tests/test_synth_suite.py).
// OPTIMAL-COST: 1
// OPTIMAL-TARGET: shli(x, 2)
func.func @shl_add_same(%x: i32) -> i32 {
  %c1 = arith.constant 1 : i32
  %a = arith.shli %x, %c1 : i32
  %r = arith.addi %a, %a : i32
  return %r : i32
}
