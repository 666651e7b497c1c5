// Common subexpressions, some with different flags (CSE must not merge those wrongly).
// PIPELINE: builtin.module(cse)
// PIPELINE: builtin.module(canonicalize)
func.func @common(%x: i32, %y: i32) -> i32 {
  %a = arith.addi %x, %y : i32
  %b = arith.addi %x, %y : i32
  %r = arith.muli %a, %b : i32
  return %r : i32
}
func.func @flags_differ(%x: i32, %y: i32) -> (i32, i32) {
  %a = arith.addi %x, %y overflow<nsw> : i32
  %b = arith.addi %x, %y : i32
  return %a, %b : i32, i32
}
func.func @commuted(%x: i32, %y: i32) -> i1 {
  %a = arith.muli %x, %y : i32
  %b = arith.muli %y, %x : i32
  %r = arith.cmpi eq, %a, %b : i32
  return %r : i1
}
