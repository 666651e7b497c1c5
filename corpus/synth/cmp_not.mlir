// Synthesis benchmark program (benchmarks/synth_bench.py, tests/test_synth_suite.py).
// OPTIMAL-COST: 1
// OPTIMAL-TARGET: cmpi sle(y, x)
func.func @cmp_not(%x: i32, %y: i32) -> i1 {
  %t = arith.constant true
  %c = arith.cmpi slt, %x, %y : i32
  %r = arith.xori %c, %t : i1
  return %r : i1
}
