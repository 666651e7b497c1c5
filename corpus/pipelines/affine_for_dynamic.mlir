// affine.for with a symbolic upper bound and a min bound (tiling-style).
// PIPELINE: builtin.module(lower-affine)
// PIPELINE: builtin.module(canonicalize)
func.func @affine_dynamic(%n: index, %x: i32) -> i32 {
  %r = affine.for %i = 0 to min affine_map<()[s0] -> (s0, 8)>()[%n] iter_args(%acc = %x) -> (i32) {
    %v = arith.index_cast %i : index to i32
    %s = arith.addi %acc, %v : i32
    affine.yield %s : i32
  }
  return %r : i32
}
