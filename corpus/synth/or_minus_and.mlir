// Synthesis benchmark program (benchmarks/synth_bench.py, tests/test_synth_suite.py).
// OPTIMAL-COST: 1
// OPTIMAL-TARGET: xori(x, y)
func.func @or_minus_and(%x: i32, %y: i32) -> i32 {
  %o = arith.ori %x, %y : i32
  %a = arith.andi %x, %y : i32
  %r = arith.subi %o, %a : i32
  return %r : i32
}
