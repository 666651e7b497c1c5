// Loop-invariant code: loop-invariant-code-motion hoists the multiplication; the division
// is also invariant but must not execute when the loop runs zero times.
// PIPELINE: builtin.module(loop-invariant-code-motion)
// EXPECT: correct bounded
// PIPELINE: builtin.module(convert-scf-to-cf)
// EXPECT: correct bounded
// PIPELINE: builtin.module(canonicalize)
// EXPECT: correct bounded
func.func @invariant_mul(%n: index, %x: i32, %y: i32) -> i32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %z = arith.constant 0 : i32
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %z) -> (i32) {
    %m = arith.muli %x, %y : i32
    %s = arith.addi %acc, %m : i32
    scf.yield %s : i32
  }
  return %r : i32
}
func.func @invariant_div(%n: index, %x: i32, %y: i32) -> i32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %z = arith.constant 0 : i32
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %z) -> (i32) {
    %d = arith.divui %x, %y : i32
    %s = arith.addi %acc, %d : i32
    scf.yield %s : i32
  }
  return %r : i32
}
