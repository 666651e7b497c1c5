// A guarded division: hoisting the division out of the branch would add UB.
// PIPELINE: builtin.module(canonicalize)
// PIPELINE: builtin.module(convert-scf-to-cf)
// PIPELINE: builtin.module(cse)
func.func @guarded_div(%x: i32, %y: i32) -> i32 {
  %c0 = arith.constant 0 : i32
  %nz = arith.cmpi ne, %y, %c0 : i32
  %r = scf.if %nz -> i32 {
    %d = arith.divui %x, %y : i32
    scf.yield %d : i32
  } else {
    scf.yield %c0 : i32
  }
  return %r : i32
}
func.func @same_arms(%c: i1, %x: i32) -> i32 {
  %c2 = arith.constant 2 : i32
  %r = scf.if %c -> i32 {
    %a = arith.muli %x, %c2 : i32
    scf.yield %a : i32
  } else {
    %b = arith.muli %x, %c2 : i32
    scf.yield %b : i32
  }
  return %r : i32
}
