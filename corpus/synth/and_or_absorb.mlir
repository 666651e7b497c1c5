// Synthesis benchmark program (benchmarks/synth_bench.py, tests/test_synth_suite.py).
// OPTIMAL-COST: 0
// OPTIMAL-TARGET: x
func.func @and_or_absorb(%x: i8, %y: i8) -> i8 {
  %a = arith.ori %x, %y : i8
  %r = arith.andi %x, %a : i8
  return %r : i8
}
