// Synthesis benchmark program (benchmarks/synth_bench.py, tests/test_synth_suite.py).
// OPTIMAL-COST: 0
// OPTIMAL-TARGET: x
func.func @xor_xor(%x: i32, %y: i32) -> i32 {
  %a = arith.xori %x, %y : i32
  %r = arith.xori %a, %y : i32
  return %r : i32
}
