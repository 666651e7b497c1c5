// A call under a branch: a division in the callee must stay guarded after inlining.
// PIPELINE: builtin.module(inline)
// PIPELINE: builtin.module(inline,canonicalize)
// PIPELINE: builtin.module(convert-scf-to-cf)
func.func private @safe_div(%a: i32, %b: i32) -> i32 {
  %d = arith.divsi %a, %b : i32
  return %d : i32
}
func.func @call_guarded(%x: i32, %y: i32) -> i32 {
  %c0 = arith.constant 0 : i32
  %ok = arith.cmpi ne, %y, %c0 : i32
  %r = scf.if %ok -> i32 {
    %d = func.call @safe_div(%x, %y) : (i32, i32) -> i32
    scf.yield %d : i32
  } else {
    scf.yield %c0 : i32
  }
  return %r : i32
}
