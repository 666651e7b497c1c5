// Multiplications by constants and shifts (canonicalize, int-range-optimizations).
// PIPELINE: builtin.module(canonicalize)
// PIPELINE: builtin.module(int-range-optimizations)
// PIPELINE: builtin.module(func.func(arith-expand))
func.func @mul_pow2(%x: i64) -> i64 {
  %c8 = arith.constant 8 : i64
  %r = arith.muli %x, %c8 : i64
  return %r : i64
}
func.func @mul_one_zero(%x: i16, %y: i16) -> i16 {
  %c1 = arith.constant 1 : i16
  %c0 = arith.constant 0 : i16
  %a = arith.muli %x, %c1 : i16
  %b = arith.muli %y, %c0 : i16
  %r = arith.addi %a, %b : i16
  return %r : i16
}
func.func @shl_shr(%x: i32) -> i32 {
  %c4 = arith.constant 4 : i32
  %a = arith.shli %x, %c4 : i32
  %b = arith.shrui %a, %c4 : i32
  return %b : i32
}
