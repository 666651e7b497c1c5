// Synthesis benchmark program (benchmarks/synth_bench.py, tests/test_synth_suite.py).
// OPTIMAL-COST: 1
// OPTIMAL-TARGET: ori(x, y)
func.func @xor_and_or(%x: i32, %y: i32) -> i32 {
  %a = arith.xori %x, %y : i32
  %b = arith.andi %x, %y : i32
  %r = arith.ori %a, %b : i32
  return %r : i32
}
