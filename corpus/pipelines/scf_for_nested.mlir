// Nested static loops (4 x 4) accumulating i*j.
// PIPELINE: builtin.module(canonicalize)
// PIPELINE: builtin.module(convert-scf-to-cf)
// PIPELINE: builtin.module(loop-invariant-code-motion)
func.func @nested(%x: i32) -> i32 {
  %c0 = arith.constant 0 : index
  %c4 = arith.constant 4 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %i = %c0 to %c4 step %c1 iter_args(%a = %x) -> (i32) {
    %inner = scf.for %j = %c0 to %c4 step %c1 iter_args(%b = %a) -> (i32) {
      %ij = arith.muli %i, %j : index
      %v = arith.index_cast %ij : index to i32
      %s = arith.addi %b, %v : i32
      scf.yield %s : i32
    }
    scf.yield %inner : i32
  }
  return %r : i32
}
