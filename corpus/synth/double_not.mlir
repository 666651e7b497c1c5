// Synthesis benchmark program (benchmarks/synth_bench.py, tests/test_synth_suite.py).
// OPTIMAL-COST: 0
// OPTIMAL-TARGET: x
func.func @double_not(%x: i8) -> i8 {
  %m = arith.constant -1 : i8
  %a = arith.xori %x, %m : i8
  %r = arith.xori %a, %m : i8
  return %r : i8
}
