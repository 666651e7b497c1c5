// affine.for with constant bounds and an iter_arg; affine.if on an integer set.
// PIPELINE: builtin.module(lower-affine)
// PIPELINE: builtin.module(lower-affine,convert-scf-to-cf)
func.func @affine_sum(%x: i32) -> i32 {
  %r = affine.for %i = 0 to 6 iter_args(%acc = %x) -> (i32) {
    %v = arith.index_cast %i : index to i32
    %s = arith.addi %acc, %v : i32
    affine.yield %s : i32
  }
  return %r : i32
}
func.func @affine_if(%i: index, %x: i32) -> i32 {
  %c1 = arith.constant 1 : i32
  %r = affine.if affine_set<(d0) : (d0 - 10 >= 0)>(%i) -> i32 {
    %a = arith.addi %x, %c1 : i32
    affine.yield %a : i32
  } else {
    affine.yield %x : i32
  }
  return %r : i32
}
