// Synthesis benchmark program (benchmarks/synth_bench.py, tests/test_synth_suite.py).
// OPTIMAL-COST: 0
// OPTIMAL-TARGET: x
func.func @or_and_absorb(%x: i8, %y: i8) -> i8 {
  %a = arith.andi %x, %y : i8
  %r = arith.ori %x, %a : i8
  return %r : i8
}
