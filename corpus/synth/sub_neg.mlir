// Synthesis benchmark program (benchmarks/synth_bench.py, tests/test_synth_suite.py).
// OPTIMAL-COST: 1
// OPTIMAL-TARGET: addi(x, y)
func.func @sub_neg(%x: i32, %y: i32) -> i32 {
  %z = arith.constant 0 : i32
  %n = arith.subi %z, %y : i32
  %r = arith.subi %x, %n : i32
  return %r : i32
}
