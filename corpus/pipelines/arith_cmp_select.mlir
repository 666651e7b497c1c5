// Compares and selects that canonicalize rewrites (select of constants, cmpi of self).
// PIPELINE: builtin.module(canonicalize)
// PIPELINE: builtin.module(sccp)
// PIPELINE: builtin.module(int-range-optimizations)
func.func @select_bool(%c: i1) -> i1 {
  %t = arith.constant true
  %f = arith.constant false
  %r = arith.select %c, %t, %f : i1
  return %r : i1
}
func.func @cmp_self(%x: i32) -> i1 {
  %r = arith.cmpi sle, %x, %x : i32
  return %r : i1
}
func.func @select_same(%c: i1, %x: i8) -> i8 {
  %r = arith.select %c, %x, %x : i8
  return %r : i8
}
func.func @not_cmp(%x: i32, %y: i32) -> i1 {
  %t = arith.constant true
  %a = arith.cmpi ult, %x, %y : i32
  %r = arith.xori %a, %t : i1
  return %r : i1
}
