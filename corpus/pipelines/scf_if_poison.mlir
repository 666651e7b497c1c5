// Branch vs select: canonicalize turns scf.if yielding values into arith.select; a branch on a
// poison condition is UB while select on poison is poison, so the direction matters.
// PIPELINE: builtin.module(canonicalize)
// PIPELINE: builtin.module(convert-scf-to-cf)
func.func @if_to_select(%c: i1, %x: i32, %y: i32) -> i32 {
  %r = scf.if %c -> i32 {
    scf.yield %x : i32
  } else {
    scf.yield %y : i32
  }
  return %r : i32
}
func.func @if_bool(%c: i1) -> i1 {
  %t = arith.constant true
  %f = arith.constant false
  %r = scf.if %c -> i1 {
    scf.yield %t : i1
  } else {
    scf.yield %f : i1
  }
  return %r : i1
}
