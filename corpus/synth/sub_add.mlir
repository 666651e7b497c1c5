// Synthesis benchmark program (benchmarks/synth_bench.py, tests/test_synth_suite.py).
// OPTIMAL-COST: 0
// OPTIMAL-TARGET: x
func.func @sub_add(%x: i32, %y: i32) -> i32 {
  %a = arith.subi %x, %y : i32
  %r = arith.addi %a, %y : i32
  return %r : i32
}
