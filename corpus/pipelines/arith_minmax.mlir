// min/max ops that arith-expand turns into compare + select.
// PIPELINE: builtin.module(func.func(arith-expand))
// PIPELINE: builtin.module(canonicalize)
// PIPELINE: builtin.module(int-range-optimizations)
func.func @maxsi(%x: i32, %y: i32) -> i32 {
  %r = arith.maxsi %x, %y : i32
  return %r : i32
}
func.func @minui(%x: i8, %y: i8) -> i8 {
  %r = arith.minui %x, %y : i8
  return %r : i8
}
func.func @clamp(%x: i32) -> i32 {
  %lo = arith.constant 0 : i32
  %hi = arith.constant 255 : i32
  %a = arith.maxsi %x, %lo : i32
  %b = arith.minsi %a, %hi : i32
  return %b : i32
}
