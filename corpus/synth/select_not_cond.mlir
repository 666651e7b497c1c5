// Synthesis benchmark program (benchmarks/synth_bench.py, tests/test_synth_suite.py).
// OPTIMAL-COST: 1
// OPTIMAL-TARGET: select(c, y, x)
func.func @select_not_cond(%c: i1, %x: i32, %y: i32) -> i32 {
  %t = arith.constant true
  %n = arith.xori %c, %t : i1
  %r = arith.select %n, %x, %y : i32
  return %r : i32
}
