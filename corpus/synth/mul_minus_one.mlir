// Synthesis benchmark program (benchmarks/synth_bench.py, tests/test_synth_suite.py).
// OPTIMAL-COST: 1
// OPTIMAL-TARGET: subi(0, x)
func.func @mul_minus_one(%x: i32) -> i32 {
  %m = arith.constant -1 : i32
  %r = arith.muli %x, %m : i32
  return %r : i32
}
