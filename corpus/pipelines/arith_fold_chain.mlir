// Straight-line arith: constant chains that canonicalize folds into one add.
// PIPELINE: builtin.module(canonicalize)
// PIPELINE: builtin.module(cse,canonicalize)
// PIPELINE: builtin.module(int-range-optimizations)
// PIPELINE: builtin.module(sccp)
func.func @fold_chain(%x: i32) -> i32 {
  %c1 = arith.constant 1 : i32
  %c2 = arith.constant 2 : i32
  %a = arith.addi %x, %c1 : i32
  %b = arith.addi %a, %c2 : i32
  %c = arith.subi %b, %c1 : i32
  return %c : i32
}
func.func @fold_nsw_chain(%x: i32) -> i32 {
  %c7 = arith.constant 7 : i32
  %c5 = arith.constant 5 : i32
  %a = arith.addi %x, %c7 overflow<nsw> : i32
  %b = arith.addi %a, %c5 overflow<nsw> : i32
  return %b : i32
}
