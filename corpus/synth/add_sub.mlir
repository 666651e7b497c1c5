// Synthesis benchmark program (benchmarks/synth_bench.py, tests/test_synth_suite.py).
// OPTIMAL-COST: 0
// OPTIMAL-TARGET: x
func.func @add_sub(%x: i32, %y: i32) -> i32 {
  %a = arith.addi %x, %y : i32
  %r = arith.subi %a, %y : i32
  return %r : i32
}
