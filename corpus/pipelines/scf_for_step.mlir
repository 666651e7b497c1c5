// Loops with non-unit steps and bounds that scf-for-loop-canonicalization and canonicalize
// simplify (min of the remaining range, constant-bound loops).
// PIPELINE: builtin.module(canonicalize)
// PIPELINE: builtin.module(func.func(scf-for-loop-canonicalization))
// PIPELINE: builtin.module(convert-scf-to-cf)
func.func @step_two(%x: i32) -> i32 {
  %c0 = arith.constant 0 : index
  %c10 = arith.constant 10 : index
  %c2 = arith.constant 2 : index
  %r = scf.for %i = %c0 to %c10 step %c2 iter_args(%acc = %x) -> (i32) {
    %v = arith.index_cast %i : index to i32
    %s = arith.xori %acc, %v : i32
    scf.yield %s : i32
  }
  return %r : i32
}
func.func @zero_trip(%x: i32) -> i32 {
  %c5 = arith.constant 5 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %i = %c5 to %c5 step %c1 iter_args(%acc = %x) -> (i32) {
    %s = arith.addi %acc, %acc : i32
    scf.yield %s : i32
  }
  return %r : i32
}
