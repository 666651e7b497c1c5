// scf.if with results; canonicalize/sccp fold constant conditions, convert-scf-to-cf makes a CFG.
// PIPELINE: builtin.module(canonicalize)
// PIPELINE: builtin.module(sccp)
// PIPELINE: builtin.module(convert-scf-to-cf)
// PIPELINE: builtin.module(convert-scf-to-cf,canonicalize)
func.func @if_abs(%x: i32) -> i32 {
  %c0 = arith.constant 0 : i32
  %neg = arith.cmpi slt, %x, %c0 : i32
  %r = scf.if %neg -> i32 {
    %n = arith.subi %c0, %x : i32
    scf.yield %n : i32
  } else {
    scf.yield %x : i32
  }
  return %r : i32
}
func.func @if_const_cond(%x: i32) -> i32 {
  %t = arith.constant true
  %c1 = arith.constant 1 : i32
  %r = scf.if %t -> i32 {
    %a = arith.addi %x, %c1 : i32
    scf.yield %a : i32
  } else {
    scf.yield %x : i32
  }
  return %r : i32
}
