// Synthesis benchmark program (benchmarks/synth_bench.py, tests/test_synth_suite.py).
// OPTIMAL-COST: 1
// OPTIMAL-TARGET: addi(x, 8)
func.func @add_add_const(%x: i32) -> i32 {
  %c3 = arith.constant 3 : i32
  %c5 = arith.constant 5 : i32
  %a = arith.addi %x, %c3 : i32
  %r = arith.addi %a, %c5 : i32
  return %r : i32
}
