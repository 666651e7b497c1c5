// Synthesis benchmark program (benchmarks/synth_bench.py, tests/test_synth_suite.py).
// OPTIMAL-COST: 0
// OPTIMAL-TARGET: x
func.func @and_or_not(%x: i32, %y: i32) -> i32 {
  %m = arith.constant -1 : i32
  %ny = arith.xori %y, %m : i32
  %a = arith.andi %x, %y : i32
  %b = arith.andi %x, %ny : i32
  %r = arith.ori %a, %b : i32
  return %r : i32
}
