// Unstructured control flow: a diamond with block arguments.
// PIPELINE: builtin.module(canonicalize)
// PIPELINE: builtin.module(sccp)
// PIPELINE: builtin.module(cse)
func.func @diamond(%c: i1, %x: i32, %y: i32) -> i32 {
  cf.cond_br %c, ^bb1, ^bb2
^bb1:
  %a = arith.addi %x, %y : i32
  cf.br ^bb3(%a : i32)
^bb2:
  %b = arith.subi %x, %y : i32
  cf.br ^bb3(%b : i32)
^bb3(%r: i32):
  return %r : i32
}
func.func @same_successor(%c: i1, %x: i32) -> i32 {
  cf.cond_br %c, ^bb1(%x : i32), ^bb1(%x : i32)
^bb1(%v: i32):
  return %v : i32
}
