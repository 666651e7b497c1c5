// Extended arithmetic: mulsi_extended / mului_extended (low and high halves of the
// double-width product) and addui_extended (sum and carry). A poison operand makes both
// results poison.

// The low half of the full product is the wrapping product.
// EXPECT mului_ext_low: correct
func.func @mului_ext_low_src(%x: i8, %y: i8) -> i8 {
  %lo, %hi = arith.mului_extended %x, %y : i8
  return %lo : i8
}
func.func @mului_ext_low_tgt(%x: i8, %y: i8) -> i8 {
  %r = arith.muli %x, %y : i8
  return %r : i8
}

// x = y = 16: the low half of 256 is 0 (not poison); tgt 16 *nuw 16 overflows: poison.
// EXPECT mului_ext_low_nuw: incorrect poison
func.func @mului_ext_low_nuw_src(%x: i8, %y: i8) -> i8 {
  %lo, %hi = arith.mului_extended %x, %y : i8
  return %lo : i8
}
func.func @mului_ext_low_nuw_tgt(%x: i8, %y: i8) -> i8 {
  %r = arith.muli %x, %y overflow<nuw> : i8
  return %r : i8
}

// The high half of the unsigned product, computed in i16 from zero-extended operands.
// EXPECT mului_ext_high: correct
func.func @mului_ext_high_src(%x: i8, %y: i8) -> i8 {
  %lo, %hi = arith.mului_extended %x, %y : i8
  return %hi : i8
}
func.func @mului_ext_high_tgt(%x: i8, %y: i8) -> i8 {
  %c8 = arith.constant 8 : i16
  %a = arith.extui %x : i8 to i16
  %b = arith.extui %y : i8 to i16
  %p = arith.muli %a, %b : i16
  %s = arith.shrui %p, %c8 : i16
  %r = arith.trunci %s : i16 to i8
  return %r : i8
}

// x = -1, y = 1: unsigned 255 * 1 has high half 0; the sign-extended product -1 has high half -1.
// EXPECT mului_ext_high_sext: incorrect value
func.func @mului_ext_high_sext_src(%x: i8, %y: i8) -> i8 {
  %lo, %hi = arith.mului_extended %x, %y : i8
  return %hi : i8
}
func.func @mului_ext_high_sext_tgt(%x: i8, %y: i8) -> i8 {
  %c8 = arith.constant 8 : i16
  %a = arith.extsi %x : i8 to i16
  %b = arith.extsi %y : i8 to i16
  %p = arith.muli %a, %b : i16
  %s = arith.shrui %p, %c8 : i16
  %r = arith.trunci %s : i16 to i8
  return %r : i8
}

// The high half of the signed product, computed in i16 from sign-extended operands.
// EXPECT mulsi_ext_high: correct
func.func @mulsi_ext_high_src(%x: i8, %y: i8) -> i8 {
  %lo, %hi = arith.mulsi_extended %x, %y : i8
  return %hi : i8
}
func.func @mulsi_ext_high_tgt(%x: i8, %y: i8) -> i8 {
  %c8 = arith.constant 8 : i16
  %a = arith.extsi %x : i8 to i16
  %b = arith.extsi %y : i8 to i16
  %p = arith.muli %a, %b : i16
  %s = arith.shrsi %p, %c8 : i16
  %r = arith.trunci %s : i16 to i8
  return %r : i8
}

// x = -1, y = 1: the signed product -1 has high half -1, the unsigned 255 has high half 0.
// EXPECT mulsi_ext_high_as_mului: incorrect value
func.func @mulsi_ext_high_as_mului_src(%x: i8, %y: i8) -> i8 {
  %lo, %hi = arith.mulsi_extended %x, %y : i8
  return %hi : i8
}
func.func @mulsi_ext_high_as_mului_tgt(%x: i8, %y: i8) -> i8 {
  %lo, %hi = arith.mului_extended %x, %y : i8
  return %hi : i8
}

// The low halves of the signed and the unsigned product agree (both are x * y mod 256).
// EXPECT mulsi_ext_low_as_mului: correct
func.func @mulsi_ext_low_as_mului_src(%x: i8, %y: i8) -> i8 {
  %lo, %hi = arith.mulsi_extended %x, %y : i8
  return %lo : i8
}
func.func @mulsi_ext_low_as_mului_tgt(%x: i8, %y: i8) -> i8 {
  %lo, %hi = arith.mului_extended %x, %y : i8
  return %lo : i8
}

// x = y = 16: the low half of 256 is 0 (not poison); tgt 16 *nsw 16 = 256 > 127 overflows: poison.
// EXPECT mulsi_ext_low_nsw: incorrect poison
func.func @mulsi_ext_low_nsw_src(%x: i8, %y: i8) -> i8 {
  %lo, %hi = arith.mulsi_extended %x, %y : i8
  return %lo : i8
}
func.func @mulsi_ext_low_nsw_tgt(%x: i8, %y: i8) -> i8 {
  %r = arith.muli %x, %y overflow<nsw> : i8
  return %r : i8
}

// The carry of x + y is set iff the wrapped sum is below x.
// EXPECT addui_ext_carry: correct
func.func @addui_ext_carry_src(%x: i8, %y: i8) -> i1 {
  %s, %c = arith.addui_extended %x, %y : i8, i1
  return %c : i1
}
func.func @addui_ext_carry_tgt(%x: i8, %y: i8) -> i1 {
  %s = arith.addi %x, %y : i8
  %c = arith.cmpi ult, %s, %x : i8
  return %c : i1
}

// y = 0: there is no carry, but the sum equals x so sum <=u x is true.
// EXPECT addui_ext_carry_ule: incorrect value
func.func @addui_ext_carry_ule_src(%x: i8, %y: i8) -> i1 {
  %s, %c = arith.addui_extended %x, %y : i8, i1
  return %c : i1
}
func.func @addui_ext_carry_ule_tgt(%x: i8, %y: i8) -> i1 {
  %s = arith.addi %x, %y : i8
  %c = arith.cmpi ule, %s, %x : i8
  return %c : i1
}

// Both results: the sum is the wrapping add and the carry is (sum <u y).
// EXPECT addui_ext_both: correct
func.func @addui_ext_both_src(%x: i32, %y: i32) -> (i32, i1) {
  %s, %c = arith.addui_extended %x, %y : i32, i1
  return %s, %c : i32, i1
}
func.func @addui_ext_both_tgt(%x: i32, %y: i32) -> (i32, i1) {
  %s = arith.addi %x, %y : i32
  %c = arith.cmpi ult, %s, %y : i32
  return %s, %c : i32, i1
}

// x = -1, y = 1: src sum 0 with carry 1; tgt's nuw sum overflows: poison (the carry still agrees).
// EXPECT addui_ext_both_nuw: incorrect poison
func.func @addui_ext_both_nuw_src(%x: i32, %y: i32) -> (i32, i1) {
  %s, %c = arith.addui_extended %x, %y : i32, i1
  return %s, %c : i32, i1
}
func.func @addui_ext_both_nuw_tgt(%x: i32, %y: i32) -> (i32, i1) {
  %s = arith.addi %x, %y overflow<nuw> : i32
  %s2 = arith.addi %x, %y : i32
  %c = arith.cmpi ult, %s2, %y : i32
  return %s, %c : i32, i1
}

// i1: the signed products are 0 or (-1)*(-1) = 1, which fits in i2 as 0b01, so the high bit is always 0.
// EXPECT mulsi_ext_i1_high: correct
func.func @mulsi_ext_i1_high_src(%a: i1, %b: i1) -> i1 {
  %lo, %hi = arith.mulsi_extended %a, %b : i1
  return %hi : i1
}
func.func @mulsi_ext_i1_high_tgt(%a: i1, %b: i1) -> i1 {
  %f = arith.constant false
  return %f : i1
}

// a = b = true: the low bit of (-1)*(-1) = 1 is true, not false.
// EXPECT mulsi_ext_i1_low: incorrect value
func.func @mulsi_ext_i1_low_src(%a: i1, %b: i1) -> i1 {
  %lo, %hi = arith.mulsi_extended %a, %b : i1
  return %lo : i1
}
func.func @mulsi_ext_i1_low_tgt(%a: i1, %b: i1) -> i1 {
  %f = arith.constant false
  return %f : i1
}

// i1: a + b carries only for a = b = true, i.e. the carry is a & b.
// EXPECT addui_ext_i1_carry: correct
func.func @addui_ext_i1_carry_src(%a: i1, %b: i1) -> i1 {
  %s, %c = arith.addui_extended %a, %b : i1, i1
  return %c : i1
}
func.func @addui_ext_i1_carry_tgt(%a: i1, %b: i1) -> i1 {
  %r = arith.andi %a, %b : i1
  return %r : i1
}

// a = true, b = false: no carry, but a | b is true.
// EXPECT addui_ext_i1_carry_or: incorrect value
func.func @addui_ext_i1_carry_or_src(%a: i1, %b: i1) -> i1 {
  %s, %c = arith.addui_extended %a, %b : i1, i1
  return %c : i1
}
func.func @addui_ext_i1_carry_or_tgt(%a: i1, %b: i1) -> i1 {
  %r = arith.ori %a, %b : i1
  return %r : i1
}

// i64: the high half of the unsigned product, computed in i128.
// EXPECT mului_ext_high_i64: correct
func.func @mului_ext_high_i64_src(%x: i64, %y: i64) -> i64 {
  %lo, %hi = arith.mului_extended %x, %y : i64
  return %hi : i64
}
func.func @mului_ext_high_i64_tgt(%x: i64, %y: i64) -> i64 {
  %c64 = arith.constant 64 : i128
  %a = arith.extui %x : i64 to i128
  %b = arith.extui %y : i64 to i128
  %p = arith.muli %a, %b : i128
  %s = arith.shrui %p, %c64 : i128
  %r = arith.trunci %s : i128 to i64
  return %r : i64
}

// x = -1, y = 2: the unsigned product 2^65 - 2 has high half 1; sign-extending x gives -2, high half -1.
// EXPECT mului_ext_high_i64_sext: incorrect value
func.func @mului_ext_high_i64_sext_src(%x: i64, %y: i64) -> i64 {
  %lo, %hi = arith.mului_extended %x, %y : i64
  return %hi : i64
}
func.func @mului_ext_high_i64_sext_tgt(%x: i64, %y: i64) -> i64 {
  %c64 = arith.constant 64 : i128
  %a = arith.extsi %x : i64 to i128
  %b = arith.extui %y : i64 to i128
  %p = arith.muli %a, %b : i128
  %s = arith.shrui %p, %c64 : i128
  %r = arith.trunci %s : i128 to i64
  return %r : i64
}

// Multiplying by 0: both halves are 0 for non-poison x; a poison x makes both source results poison.
// EXPECT mului_ext_zero: correct
func.func @mului_ext_zero_src(%x: i8) -> (i8, i8) {
  %c0 = arith.constant 0 : i8
  %lo, %hi = arith.mului_extended %x, %c0 : i8
  return %lo, %hi : i8, i8
}
func.func @mului_ext_zero_tgt(%x: i8) -> (i8, i8) {
  %c0 = arith.constant 0 : i8
  return %c0, %c0 : i8, i8
}

// x = poison: src returns constants, tgt's extended product of poison has poison halves.
// EXPECT zero_to_mului_ext: incorrect poison
func.func @zero_to_mului_ext_src(%x: i8) -> (i8, i8) {
  %c0 = arith.constant 0 : i8
  return %c0, %c0 : i8, i8
}
func.func @zero_to_mului_ext_tgt(%x: i8) -> (i8, i8) {
  %c0 = arith.constant 0 : i8
  %lo, %hi = arith.mului_extended %x, %c0 : i8
  return %lo, %hi : i8, i8
}
