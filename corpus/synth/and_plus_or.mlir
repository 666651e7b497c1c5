// Synthesis benchmark program (benchmarks/synth_bench.py, tests/test_synth_suite.py).
// OPTIMAL-COST: 1
// OPTIMAL-TARGET: addi(x, y)
func.func @and_plus_or(%x: i32, %y: i32) -> i32 {
  %a = arith.andi %x, %y : i32
  %o = arith.ori %x, %y : i32
  %r = arith.addi %a, %o : i32
  return %r : i32
}
