// Division forms (i8: the expansions are division identities, whose proofs get slow for the
// solver at 32 bits) that arith-expand rewrites (ceil/floor division) and canonicalize folds.
// PIPELINE: builtin.module(func.func(arith-expand))
// PIPELINE: builtin.module(canonicalize)
// PIPELINE: builtin.module(arith-unsigned-when-equivalent)
func.func @ceildivsi(%x: i8, %y: i8) -> i8 {
  %r = arith.ceildivsi %x, %y : i8
  return %r : i8
}
func.func @floordivsi(%x: i8, %y: i8) -> i8 {
  %r = arith.floordivsi %x, %y : i8
  return %r : i8
}
func.func @ceildivui(%x: i8, %y: i8) -> i8 {
  %r = arith.ceildivui %x, %y : i8
  return %r : i8
}
func.func @div_by_one(%x: i32) -> i32 {
  %c1 = arith.constant 1 : i32
  %r = arith.divsi %x, %c1 : i32
  return %r : i32
}
func.func @rem_by_const(%x: i32) -> i32 {
  %c8 = arith.constant 8 : i32
  %r = arith.remui %x, %c8 : i32
  return %r : i32
}
