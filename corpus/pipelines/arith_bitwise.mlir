// Bitwise identities: and/or/xor with constants and with themselves.
// PIPELINE: builtin.module(canonicalize)
// PIPELINE: builtin.module(cse)
func.func @xor_self(%x: i32) -> i32 {
  %r = arith.xori %x, %x : i32
  return %r : i32
}
func.func @and_or(%x: i32, %y: i32) -> i32 {
  %a = arith.andi %x, %y : i32
  %b = arith.ori %a, %x : i32
  return %b : i32
}
func.func @double_not(%x: i64) -> i64 {
  %m = arith.constant -1 : i64
  %a = arith.xori %x, %m : i64
  %b = arith.xori %a, %m : i64
  return %b : i64
}
func.func @mask_mask(%x: i32) -> i32 {
  %c255 = arith.constant 255 : i32
  %c15 = arith.constant 15 : i32
  %a = arith.andi %x, %c255 : i32
  %b = arith.andi %a, %c15 : i32
  return %b : i32
}
