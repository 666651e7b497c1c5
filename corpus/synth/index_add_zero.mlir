// Synthesis benchmark program (benchmarks/synth_bench.py, tests/test_synth_suite.py).
// OPTIMAL-COST: 0
// OPTIMAL-TARGET: x
func.func @index_add_zero(%x: index) -> index {
  %c0 = arith.constant 0 : index
  %r = arith.addi %x, %c0 : index
  return %r : index
}
