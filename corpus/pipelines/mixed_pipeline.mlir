// A small kernel exercising a whole lowering pipeline (affine -> scf -> cf, with cleanups).
// PIPELINE: builtin.module(lower-affine,convert-scf-to-cf,canonicalize,cse)
// PIPELINE: builtin.module(canonicalize)
func.func @kernel(%x: i32, %y: i32) -> i32 {
  %c0 = arith.constant 0 : i32
  %r = affine.for %i = 0 to 4 iter_args(%acc = %c0) -> (i32) {
    %v = arith.index_cast %i : index to i32
    %p = arith.muli %v, %x : i32
    %q = arith.maxsi %p, %y : i32
    %s = arith.addi %acc, %q : i32
    affine.yield %s : i32
  }
  return %r : i32
}
