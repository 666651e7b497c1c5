// Bitwise ops (andi, ori, xori) and min/max (maxsi, maxui, minsi, minui).

// x ^ x = 0 for every non-poison x; a poison x makes the source poison.
// EXPECT xor_self: correct
func.func @xor_self_src(%x: i8) -> i8 {
  %r = arith.xori %x, %x : i8
  return %r : i8
}
func.func @xor_self_tgt(%x: i8) -> i8 {
  %c0 = arith.constant 0 : i8
  return %c0 : i8
}

// x = poison: src is the constant 0, tgt poison ^ poison is poison.
// EXPECT zero_to_xor_self: incorrect poison
func.func @zero_to_xor_self_src(%x: i8) -> i8 {
  %c0 = arith.constant 0 : i8
  return %c0 : i8
}
func.func @zero_to_xor_self_tgt(%x: i8) -> i8 {
  %r = arith.xori %x, %x : i8
  return %r : i8
}

// De Morgan: ~(x & y) = ~x | ~y.
// EXPECT demorgan_and: correct
func.func @demorgan_and_src(%x: i8, %y: i8) -> i8 {
  %m1 = arith.constant -1 : i8
  %a = arith.andi %x, %y : i8
  %r = arith.xori %a, %m1 : i8
  return %r : i8
}
func.func @demorgan_and_tgt(%x: i8, %y: i8) -> i8 {
  %m1 = arith.constant -1 : i8
  %nx = arith.xori %x, %m1 : i8
  %ny = arith.xori %y, %m1 : i8
  %r = arith.ori %nx, %ny : i8
  return %r : i8
}

// x = 0, y = -1: ~(0 & -1) = -1, but ~0 & ~(-1) = 0.
// EXPECT demorgan_and_wrong: incorrect value
func.func @demorgan_and_wrong_src(%x: i8, %y: i8) -> i8 {
  %m1 = arith.constant -1 : i8
  %a = arith.andi %x, %y : i8
  %r = arith.xori %a, %m1 : i8
  return %r : i8
}
func.func @demorgan_and_wrong_tgt(%x: i8, %y: i8) -> i8 {
  %m1 = arith.constant -1 : i8
  %nx = arith.xori %x, %m1 : i8
  %ny = arith.xori %y, %m1 : i8
  %r = arith.andi %nx, %ny : i8
  return %r : i8
}

// De Morgan: ~(x | y) = ~x & ~y.
// EXPECT demorgan_or: correct
func.func @demorgan_or_src(%x: i8, %y: i8) -> i8 {
  %m1 = arith.constant -1 : i8
  %o = arith.ori %x, %y : i8
  %r = arith.xori %o, %m1 : i8
  return %r : i8
}
func.func @demorgan_or_tgt(%x: i8, %y: i8) -> i8 {
  %m1 = arith.constant -1 : i8
  %nx = arith.xori %x, %m1 : i8
  %ny = arith.xori %y, %m1 : i8
  %r = arith.andi %nx, %ny : i8
  return %r : i8
}

// x = 0, y = -1: ~(0 | -1) = 0, but ~0 | ~(-1) = -1.
// EXPECT demorgan_or_wrong: incorrect value
func.func @demorgan_or_wrong_src(%x: i8, %y: i8) -> i8 {
  %m1 = arith.constant -1 : i8
  %o = arith.ori %x, %y : i8
  %r = arith.xori %o, %m1 : i8
  return %r : i8
}
func.func @demorgan_or_wrong_tgt(%x: i8, %y: i8) -> i8 {
  %m1 = arith.constant -1 : i8
  %nx = arith.xori %x, %m1 : i8
  %ny = arith.xori %y, %m1 : i8
  %r = arith.ori %nx, %ny : i8
  return %r : i8
}

// x & 0 = 0 (a poison x makes the source poison).
// EXPECT and_zero: correct
func.func @and_zero_src(%x: i8) -> i8 {
  %c0 = arith.constant 0 : i8
  %r = arith.andi %x, %c0 : i8
  return %r : i8
}
func.func @and_zero_tgt(%x: i8) -> i8 {
  %c0 = arith.constant 0 : i8
  return %c0 : i8
}

// x = 1: 1 | 0 = 1, tgt 0.
// EXPECT or_zero_to_zero: incorrect value
func.func @or_zero_to_zero_src(%x: i8) -> i8 {
  %c0 = arith.constant 0 : i8
  %r = arith.ori %x, %c0 : i8
  return %r : i8
}
func.func @or_zero_to_zero_tgt(%x: i8) -> i8 {
  %c0 = arith.constant 0 : i8
  return %c0 : i8
}

// Absorption: x & (x | y) = x; a poison y makes the source poison.
// EXPECT absorb_and_or: correct
func.func @absorb_and_or_src(%x: i8, %y: i8) -> i8 {
  %o = arith.ori %x, %y : i8
  %r = arith.andi %x, %o : i8
  return %r : i8
}
func.func @absorb_and_or_tgt(%x: i8, %y: i8) -> i8 {
  return %x : i8
}

// x = 0, y = poison: src is 0, tgt 0 & (0 | poison) is poison.
// EXPECT absorb_unfold: incorrect poison
func.func @absorb_unfold_src(%x: i8, %y: i8) -> i8 {
  return %x : i8
}
func.func @absorb_unfold_tgt(%x: i8, %y: i8) -> i8 {
  %o = arith.ori %x, %y : i8
  %r = arith.andi %x, %o : i8
  return %r : i8
}

// ~x = -1 - x in two's complement.
// EXPECT not_as_sub: correct
func.func @not_as_sub_src(%x: i8) -> i8 {
  %m1 = arith.constant -1 : i8
  %r = arith.xori %x, %m1 : i8
  return %r : i8
}
func.func @not_as_sub_tgt(%x: i8) -> i8 {
  %m1 = arith.constant -1 : i8
  %r = arith.subi %m1, %x : i8
  return %r : i8
}

// x = 0: ~0 = -1, but 0 - 0 = 0.
// EXPECT not_as_neg: incorrect value
func.func @not_as_neg_src(%x: i8) -> i8 {
  %m1 = arith.constant -1 : i8
  %r = arith.xori %x, %m1 : i8
  return %r : i8
}
func.func @not_as_neg_tgt(%x: i8) -> i8 {
  %c0 = arith.constant 0 : i8
  %r = arith.subi %c0, %x : i8
  return %r : i8
}

// The operands have disjoint bits (high nibble / low nibble), so the add never carries and equals the or.
// EXPECT or_disjoint_add: correct
func.func @or_disjoint_add_src(%x: i8, %y: i8) -> i8 {
  %c4 = arith.constant 4 : i8
  %c15 = arith.constant 15 : i8
  %h = arith.shli %x, %c4 : i8
  %l = arith.andi %y, %c15 : i8
  %r = arith.ori %h, %l : i8
  return %r : i8
}
func.func @or_disjoint_add_tgt(%x: i8, %y: i8) -> i8 {
  %c4 = arith.constant 4 : i8
  %c15 = arith.constant 15 : i8
  %h = arith.shli %x, %c4 : i8
  %l = arith.andi %y, %c15 : i8
  %r = arith.addi %h, %l overflow<nsw, nuw> : i8
  return %r : i8
}

// x = 15, y = 16: bit 4 overlaps; src 0xF0 | 0x10 = 0xF0, tgt 0xF0 +nuw 0x10 = 256 overflows: poison.
// EXPECT or_overlap_add: incorrect poison
func.func @or_overlap_add_src(%x: i8, %y: i8) -> i8 {
  %c4 = arith.constant 4 : i8
  %c31 = arith.constant 31 : i8
  %h = arith.shli %x, %c4 : i8
  %l = arith.andi %y, %c31 : i8
  %r = arith.ori %h, %l : i8
  return %r : i8
}
func.func @or_overlap_add_tgt(%x: i8, %y: i8) -> i8 {
  %c4 = arith.constant 4 : i8
  %c31 = arith.constant 31 : i8
  %h = arith.shli %x, %c4 : i8
  %l = arith.andi %y, %c31 : i8
  %r = arith.addi %h, %l overflow<nsw, nuw> : i8
  return %r : i8
}

// i64: x >>u 60 is already in [0, 15], so masking with 15 does nothing.
// EXPECT mask_shrui_i64: correct
func.func @mask_shrui_i64_src(%x: i64) -> i64 {
  %c60 = arith.constant 60 : i64
  %c15 = arith.constant 15 : i64
  %s = arith.shrui %x, %c60 : i64
  %r = arith.andi %s, %c15 : i64
  return %r : i64
}
func.func @mask_shrui_i64_tgt(%x: i64) -> i64 {
  %c60 = arith.constant 60 : i64
  %r = arith.shrui %x, %c60 : i64
  return %r : i64
}

// x = -1: -1 >>s 60 = -1, and -1 & 15 = 15 != -1.
// EXPECT mask_shrsi_i64: incorrect value
func.func @mask_shrsi_i64_src(%x: i64) -> i64 {
  %c60 = arith.constant 60 : i64
  %c15 = arith.constant 15 : i64
  %s = arith.shrsi %x, %c60 : i64
  %r = arith.andi %s, %c15 : i64
  return %r : i64
}
func.func @mask_shrsi_i64_tgt(%x: i64) -> i64 {
  %c60 = arith.constant 60 : i64
  %r = arith.shrsi %x, %c60 : i64
  return %r : i64
}

// select(x >s y, x, y) is the signed maximum (a poison x or y poisons the condition, hence the source).
// EXPECT select_to_maxsi: correct
func.func @select_to_maxsi_src(%x: i8, %y: i8) -> i8 {
  %c = arith.cmpi sgt, %x, %y : i8
  %r = arith.select %c, %x, %y : i8
  return %r : i8
}
func.func @select_to_maxsi_tgt(%x: i8, %y: i8) -> i8 {
  %r = arith.maxsi %x, %y : i8
  return %r : i8
}

// x = -1, y = 0: the unsigned compare picks 255 (-1), the signed maximum is 0.
// EXPECT select_ugt_to_maxsi: incorrect value
func.func @select_ugt_to_maxsi_src(%x: i8, %y: i8) -> i8 {
  %c = arith.cmpi ugt, %x, %y : i8
  %r = arith.select %c, %x, %y : i8
  return %r : i8
}
func.func @select_ugt_to_maxsi_tgt(%x: i8, %y: i8) -> i8 {
  %r = arith.maxsi %x, %y : i8
  return %r : i8
}

// select(x <u y, x, y) is the unsigned minimum.
// EXPECT select_to_minui: correct
func.func @select_to_minui_src(%x: i8, %y: i8) -> i8 {
  %c = arith.cmpi ult, %x, %y : i8
  %r = arith.select %c, %x, %y : i8
  return %r : i8
}
func.func @select_to_minui_tgt(%x: i8, %y: i8) -> i8 {
  %r = arith.minui %x, %y : i8
  return %r : i8
}

// x = -1, y = 0: the unsigned minimum is 0, the signed minimum -1.
// EXPECT select_ult_to_minsi: incorrect value
func.func @select_ult_to_minsi_src(%x: i8, %y: i8) -> i8 {
  %c = arith.cmpi ult, %x, %y : i8
  %r = arith.select %c, %x, %y : i8
  return %r : i8
}
func.func @select_ult_to_minsi_tgt(%x: i8, %y: i8) -> i8 {
  %r = arith.minsi %x, %y : i8
  return %r : i8
}

// No unsigned value is below 0, so minui(x, 0) = 0.
// EXPECT minui_zero: correct
func.func @minui_zero_src(%x: i8) -> i8 {
  %c0 = arith.constant 0 : i8
  %r = arith.minui %x, %c0 : i8
  return %r : i8
}
func.func @minui_zero_tgt(%x: i8) -> i8 {
  %c0 = arith.constant 0 : i8
  return %c0 : i8
}

// x = -1: minsi(-1, 0) = -1, not 0.
// EXPECT minsi_zero: incorrect value
func.func @minsi_zero_src(%x: i8) -> i8 {
  %c0 = arith.constant 0 : i8
  %r = arith.minsi %x, %c0 : i8
  return %r : i8
}
func.func @minsi_zero_tgt(%x: i8) -> i8 {
  %c0 = arith.constant 0 : i8
  return %c0 : i8
}

// -128 is the smallest signed value, so maxsi(x, -128) = x.
// EXPECT maxsi_min: correct
func.func @maxsi_min_src(%x: i8) -> i8 {
  %cm = arith.constant -128 : i8
  %r = arith.maxsi %x, %cm : i8
  return %r : i8
}
func.func @maxsi_min_tgt(%x: i8) -> i8 {
  return %x : i8
}

// x = 0: unsigned, -128 is 128 > 0, so maxui(0, -128) = -128, not 0.
// EXPECT maxui_min: incorrect value
func.func @maxui_min_src(%x: i8) -> i8 {
  %cm = arith.constant -128 : i8
  %r = arith.maxui %x, %cm : i8
  return %r : i8
}
func.func @maxui_min_tgt(%x: i8) -> i8 {
  return %x : i8
}

// Clamping to [0, 10] with lo <= hi can apply the bounds in either order.
// EXPECT clamp_swap: correct
func.func @clamp_swap_src(%x: i32) -> i32 {
  %c0 = arith.constant 0 : i32
  %c10 = arith.constant 10 : i32
  %a = arith.maxsi %x, %c0 : i32
  %r = arith.minsi %a, %c10 : i32
  return %r : i32
}
func.func @clamp_swap_tgt(%x: i32) -> i32 {
  %c0 = arith.constant 0 : i32
  %c10 = arith.constant 10 : i32
  %a = arith.minsi %x, %c10 : i32
  %r = arith.maxsi %a, %c0 : i32
  return %r : i32
}

// With lo = 10 > hi = 0 the order matters: for any x, src min(max(x, 10), 0) = 0, tgt max(min(x, 0), 10) = 10.
// EXPECT clamp_swap_empty: incorrect value
func.func @clamp_swap_empty_src(%x: i32) -> i32 {
  %c0 = arith.constant 0 : i32
  %c10 = arith.constant 10 : i32
  %a = arith.maxsi %x, %c10 : i32
  %r = arith.minsi %a, %c0 : i32
  return %r : i32
}
func.func @clamp_swap_empty_tgt(%x: i32) -> i32 {
  %c0 = arith.constant 0 : i32
  %c10 = arith.constant 10 : i32
  %a = arith.minsi %x, %c0 : i32
  %r = arith.maxsi %a, %c10 : i32
  return %r : i32
}

// Unsigned i1: min is and.
// EXPECT minui_i1_and: correct
func.func @minui_i1_and_src(%a: i1, %b: i1) -> i1 {
  %r = arith.minui %a, %b : i1
  return %r : i1
}
func.func @minui_i1_and_tgt(%a: i1, %b: i1) -> i1 {
  %r = arith.andi %a, %b : i1
  return %r : i1
}

// a = true, b = false: signed i1 true is -1, so minsi(-1, 0) = true, but true & false = false.
// EXPECT minsi_i1_and: incorrect value
func.func @minsi_i1_and_src(%a: i1, %b: i1) -> i1 {
  %r = arith.minsi %a, %b : i1
  return %r : i1
}
func.func @minsi_i1_and_tgt(%a: i1, %b: i1) -> i1 {
  %r = arith.andi %a, %b : i1
  return %r : i1
}

// Signed i1: true is -1 < 0, so the max is true only if both are true, i.e. and.
// EXPECT maxsi_i1_and: correct
func.func @maxsi_i1_and_src(%a: i1, %b: i1) -> i1 {
  %r = arith.maxsi %a, %b : i1
  return %r : i1
}
func.func @maxsi_i1_and_tgt(%a: i1, %b: i1) -> i1 {
  %r = arith.andi %a, %b : i1
  return %r : i1
}

// a = true, b = false: maxui(1, 0) = true, but true & false = false.
// EXPECT maxui_i1_and: incorrect value
func.func @maxui_i1_and_src(%a: i1, %b: i1) -> i1 {
  %r = arith.maxui %a, %b : i1
  return %r : i1
}
func.func @maxui_i1_and_tgt(%a: i1, %b: i1) -> i1 {
  %r = arith.andi %a, %b : i1
  return %r : i1
}
