// scf.for with a dynamic trip count: validated up to the unroll bound (bounded verdict).
// PIPELINE: builtin.module(convert-scf-to-cf)
// EXPECT sum_dynamic: correct bounded
// PIPELINE: builtin.module(loop-invariant-code-motion)
// EXPECT sum_dynamic: correct bounded
// PIPELINE: builtin.module(canonicalize)
// EXPECT sum_dynamic: correct bounded
func.func @sum_dynamic(%n: index, %x: i32) -> i32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %z = arith.constant 0 : i32
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %z) -> (i32) {
    %s = arith.addi %acc, %x : i32
    scf.yield %s : i32
  }
  return %r : i32
}
