// scf.for with a static trip count and an iter_arg (sum of i*x for i in 0..8).
// PIPELINE: builtin.module(canonicalize)
// PIPELINE: builtin.module(convert-scf-to-cf)
// PIPELINE: builtin.module(func.func(scf-for-loop-canonicalization))
// PIPELINE: builtin.module(loop-invariant-code-motion)
// PIPELINE: builtin.module(sccp)
func.func @sum_static(%x: i32) -> i32 {
  %c0 = arith.constant 0 : index
  %c8 = arith.constant 8 : index
  %c1 = arith.constant 1 : index
  %z = arith.constant 0 : i32
  %r = scf.for %i = %c0 to %c8 step %c1 iter_args(%acc = %z) -> (i32) {
    %ii = arith.index_cast %i : index to i32
    %p = arith.muli %ii, %x : i32
    %s = arith.addi %acc, %p : i32
    scf.yield %s : i32
  }
  return %r : i32
}
func.func @single_iteration(%x: i32) -> i32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %i = %c0 to %c1 step %c1 iter_args(%acc = %x) -> (i32) {
    %s = arith.addi %acc, %acc : i32
    scf.yield %s : i32
  }
  return %r : i32
}
