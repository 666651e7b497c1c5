// Synthesis benchmark program (benchmarks/synth_bench.py, tests/test_synth_suite.py).
// OPTIMAL-COST: 1
// OPTIMAL-TARGET: andi(x, 8)
func.func @and_and_const(%x: i8) -> i8 {
  %c12 = arith.constant 12 : i8
  %c10 = arith.constant 10 : i8
  %a = arith.andi %x, %c12 : i8
  %r = arith.andi %a, %c10 : i8
  return %r : i8
}
