// Shifts (arith.shli / arith.shrui / arith.shrsi): amounts >= the bit width give poison,
// shli's overflow<nsw, nuw> and the right shifts' `exact` add more poison.

// Shifting by 0 is the identity.
// EXPECT shl_zero: correct
func.func @shl_zero_src(%x: i8) -> i8 {
  %c0 = arith.constant 0 : i8
  %r = arith.shli %x, %c0 : i8
  return %r : i8
}
func.func @shl_zero_tgt(%x: i8) -> i8 {
  return %x : i8
}

// x = 1: 1 << 1 = 2, not 1.
// EXPECT shl_one_not_identity: incorrect value
func.func @shl_one_not_identity_src(%x: i8) -> i8 {
  %c1 = arith.constant 1 : i8
  %r = arith.shli %x, %c1 : i8
  return %r : i8
}
func.func @shl_one_not_identity_tgt(%x: i8) -> i8 {
  return %x : i8
}

// An i8 shift by 8 (>= width) is always poison, so any value refines it.
// EXPECT shl_by_width: correct
func.func @shl_by_width_src(%x: i8) -> i8 {
  %c8 = arith.constant 8 : i8
  %r = arith.shli %x, %c8 : i8
  return %r : i8
}
func.func @shl_by_width_tgt(%x: i8) -> i8 {
  %c0 = arith.constant 0 : i8
  return %c0 : i8
}

// x = 1: a shift by 7 is in range, src 1 << 7 = -128, tgt 0.
// EXPECT shl_by_width_minus_one: incorrect value
func.func @shl_by_width_minus_one_src(%x: i8) -> i8 {
  %c7 = arith.constant 7 : i8
  %r = arith.shli %x, %c7 : i8
  return %r : i8
}
func.func @shl_by_width_minus_one_tgt(%x: i8) -> i8 {
  %c0 = arith.constant 0 : i8
  return %c0 : i8
}

// x *nsw 8 overflows iff x is outside [-16, 15], exactly when x <<nsw 3 shifts out bits differing from the sign.
// EXPECT mul_pow2_shl_nsw: correct
func.func @mul_pow2_shl_nsw_src(%x: i8) -> i8 {
  %c8 = arith.constant 8 : i8
  %r = arith.muli %x, %c8 overflow<nsw> : i8
  return %r : i8
}
func.func @mul_pow2_shl_nsw_tgt(%x: i8) -> i8 {
  %c3 = arith.constant 3 : i8
  %r = arith.shli %x, %c3 overflow<nsw> : i8
  return %r : i8
}

// x = -1: src -1 *nsw 8 = -8 is fine; tgt's nuw shl shifts out set bits: poison.
// EXPECT mul_pow2_shl_add_nuw: incorrect poison
func.func @mul_pow2_shl_add_nuw_src(%x: i8) -> i8 {
  %c8 = arith.constant 8 : i8
  %r = arith.muli %x, %c8 overflow<nsw> : i8
  return %r : i8
}
func.func @mul_pow2_shl_add_nuw_tgt(%x: i8) -> i8 {
  %c3 = arith.constant 3 : i8
  %r = arith.shli %x, %c3 overflow<nsw, nuw> : i8
  return %r : i8
}

// Without flags, x * -128 (bit pattern 1 << 7) and x << 7 wrap to the same value.
// EXPECT mul_intmin_shl: correct
func.func @mul_intmin_shl_src(%x: i8) -> i8 {
  %cm = arith.constant -128 : i8
  %r = arith.muli %x, %cm : i8
  return %r : i8
}
func.func @mul_intmin_shl_tgt(%x: i8) -> i8 {
  %c7 = arith.constant 7 : i8
  %r = arith.shli %x, %c7 : i8
  return %r : i8
}

// x = 1: src 1 *nsw -128 = -128 fits; tgt 1 <<nsw 7 turns a positive value negative: poison.
// EXPECT mul_intmin_shl_nsw: incorrect poison
func.func @mul_intmin_shl_nsw_src(%x: i8) -> i8 {
  %cm = arith.constant -128 : i8
  %r = arith.muli %x, %cm overflow<nsw> : i8
  return %r : i8
}
func.func @mul_intmin_shl_nsw_tgt(%x: i8) -> i8 {
  %c7 = arith.constant 7 : i8
  %r = arith.shli %x, %c7 overflow<nsw> : i8
  return %r : i8
}

// shrui exact is poison unless the low 3 bits are zero, and then shifting back restores x.
// EXPECT shr_exact_shl: correct
func.func @shr_exact_shl_src(%x: i8) -> i8 {
  %c3 = arith.constant 3 : i8
  %s = arith.shrui %x, %c3 exact : i8
  %r = arith.shli %s, %c3 : i8
  return %r : i8
}
func.func @shr_exact_shl_tgt(%x: i8) -> i8 {
  return %x : i8
}

// x = 1: without exact, (1 >> 3) << 3 = 0, not 1.
// EXPECT shr_shl_not_exact: incorrect value
func.func @shr_shl_not_exact_src(%x: i8) -> i8 {
  %c3 = arith.constant 3 : i8
  %s = arith.shrui %x, %c3 : i8
  %r = arith.shli %s, %c3 : i8
  return %r : i8
}
func.func @shr_shl_not_exact_tgt(%x: i8) -> i8 {
  return %x : i8
}

// shli nuw is poison if a set bit is shifted out, so the logical shift back restores x.
// EXPECT shl_nuw_shrui: correct
func.func @shl_nuw_shrui_src(%x: i8) -> i8 {
  %c3 = arith.constant 3 : i8
  %s = arith.shli %x, %c3 overflow<nuw> : i8
  %r = arith.shrui %s, %c3 : i8
  return %r : i8
}
func.func @shl_nuw_shrui_tgt(%x: i8) -> i8 {
  return %x : i8
}

// x = -1: -1 <<nsw 3 = -8 is not poison, but -8 >>u 3 = 31, not -1.
// EXPECT shl_nsw_shrui: incorrect value
func.func @shl_nsw_shrui_src(%x: i8) -> i8 {
  %c3 = arith.constant 3 : i8
  %s = arith.shli %x, %c3 overflow<nsw> : i8
  %r = arith.shrui %s, %c3 : i8
  return %r : i8
}
func.func @shl_nsw_shrui_tgt(%x: i8) -> i8 {
  return %x : i8
}

// shli nsw only shifts out copies of the sign bit, so the arithmetic shift back restores x.
// EXPECT shl_nsw_shrsi: correct
func.func @shl_nsw_shrsi_src(%x: i8) -> i8 {
  %c3 = arith.constant 3 : i8
  %s = arith.shli %x, %c3 overflow<nsw> : i8
  %r = arith.shrsi %s, %c3 : i8
  return %r : i8
}
func.func @shl_nsw_shrsi_tgt(%x: i8) -> i8 {
  return %x : i8
}

// x = 16: 16 <<nuw 3 = -128 (bit pattern 128) loses no set bit, but -128 >>s 3 = -16, not 16.
// EXPECT shl_nuw_shrsi: incorrect value
func.func @shl_nuw_shrsi_src(%x: i8) -> i8 {
  %c3 = arith.constant 3 : i8
  %s = arith.shli %x, %c3 overflow<nuw> : i8
  %r = arith.shrsi %s, %c3 : i8
  return %r : i8
}
func.func @shl_nuw_shrsi_tgt(%x: i8) -> i8 {
  return %x : i8
}

// x >>s 7 is -1 for negative x and 0 otherwise, which is extsi of (x < 0).
// EXPECT shrsi_sign: correct
func.func @shrsi_sign_src(%x: i8) -> i8 {
  %c7 = arith.constant 7 : i8
  %r = arith.shrsi %x, %c7 : i8
  return %r : i8
}
func.func @shrsi_sign_tgt(%x: i8) -> i8 {
  %c0 = arith.constant 0 : i8
  %n = arith.cmpi slt, %x, %c0 : i8
  %r = arith.extsi %n : i1 to i8
  return %r : i8
}

// x = -1: src -1 >>u 7 = 1, tgt extsi(true) = -1.
// EXPECT shrui_sign: incorrect value
func.func @shrui_sign_src(%x: i8) -> i8 {
  %c7 = arith.constant 7 : i8
  %r = arith.shrui %x, %c7 : i8
  return %r : i8
}
func.func @shrui_sign_tgt(%x: i8) -> i8 {
  %c0 = arith.constant 0 : i8
  %n = arith.cmpi slt, %x, %c0 : i8
  %r = arith.extsi %n : i1 to i8
  return %r : i8
}

// For y >= 8 the source shift is poison, so guarding it with a select is a refinement.
// EXPECT shrui_guard: correct
func.func @shrui_guard_src(%x: i8, %y: i8) -> i8 {
  %r = arith.shrui %x, %y : i8
  return %r : i8
}
func.func @shrui_guard_tgt(%x: i8, %y: i8) -> i8 {
  %c0 = arith.constant 0 : i8
  %c8 = arith.constant 8 : i8
  %ok = arith.cmpi ult, %y, %c8 : i8
  %s = arith.shrui %x, %y : i8
  %r = arith.select %ok, %s, %c0 : i8
  return %r : i8
}

// y = 8: src selects the constant 0 (the poison shift is not chosen); tgt x >>u 8 is poison.
// EXPECT shrui_unguard: incorrect poison
func.func @shrui_unguard_src(%x: i8, %y: i8) -> i8 {
  %c0 = arith.constant 0 : i8
  %c8 = arith.constant 8 : i8
  %ok = arith.cmpi ult, %y, %c8 : i8
  %s = arith.shrui %x, %y : i8
  %r = arith.select %ok, %s, %c0 : i8
  return %r : i8
}
func.func @shrui_unguard_tgt(%x: i8, %y: i8) -> i8 {
  %r = arith.shrui %x, %y : i8
  return %r : i8
}

// In i1 the only in-range amount is 0 (amount 1 >= width gives poison), so a << s refines to a.
// EXPECT shl_i1_amount: correct
func.func @shl_i1_amount_src(%a: i1, %s: i1) -> i1 {
  %r = arith.shli %a, %s : i1
  return %r : i1
}
func.func @shl_i1_amount_tgt(%a: i1, %s: i1) -> i1 {
  return %a : i1
}

// s = 1: src is a, tgt a << 1 shifts an i1 by its width: poison.
// EXPECT shl_i1_amount_rev: incorrect poison
func.func @shl_i1_amount_rev_src(%a: i1, %s: i1) -> i1 {
  return %a : i1
}
func.func @shl_i1_amount_rev_tgt(%a: i1, %s: i1) -> i1 {
  %r = arith.shli %a, %s : i1
  return %r : i1
}

// Dropping `exact` only removes poison.
// EXPECT shrui_exact_drop: correct
func.func @shrui_exact_drop_src(%x: i8) -> i8 {
  %c1 = arith.constant 1 : i8
  %r = arith.shrui %x, %c1 exact : i8
  return %r : i8
}
func.func @shrui_exact_drop_tgt(%x: i8) -> i8 {
  %c1 = arith.constant 1 : i8
  %r = arith.shrui %x, %c1 : i8
  return %r : i8
}

// x = 1: src 1 >>u 1 = 0; tgt's exact shift drops a set bit: poison.
// EXPECT shrui_exact_strengthen: incorrect poison
func.func @shrui_exact_strengthen_src(%x: i8) -> i8 {
  %c1 = arith.constant 1 : i8
  %r = arith.shrui %x, %c1 : i8
  return %r : i8
}
func.func @shrui_exact_strengthen_tgt(%x: i8) -> i8 {
  %c1 = arith.constant 1 : i8
  %r = arith.shrui %x, %c1 exact : i8
  return %r : i8
}

// x * 2^y = x << y; when y >= 8 the source's 1 << y is already poison.
// EXPECT mul_shl_var: correct
func.func @mul_shl_var_src(%x: i8, %y: i8) -> i8 {
  %c1 = arith.constant 1 : i8
  %p = arith.shli %c1, %y : i8
  %r = arith.muli %x, %p : i8
  return %r : i8
}
func.func @mul_shl_var_tgt(%x: i8, %y: i8) -> i8 {
  %r = arith.shli %x, %y : i8
  return %r : i8
}

// x = 1, y = 7: src 1 * (1 << 7) = -128; tgt 1 <<nsw 7 makes a positive value negative: poison.
// EXPECT mul_shl_var_nsw: incorrect poison
func.func @mul_shl_var_nsw_src(%x: i8, %y: i8) -> i8 {
  %c1 = arith.constant 1 : i8
  %p = arith.shli %c1, %y : i8
  %r = arith.muli %x, %p : i8
  return %r : i8
}
func.func @mul_shl_var_nsw_tgt(%x: i8, %y: i8) -> i8 {
  %r = arith.shli %x, %y overflow<nsw> : i8
  return %r : i8
}

// i128: x *nuw 2 overflows iff the top bit is set, exactly when x <<nuw 1 loses a set bit.
// EXPECT mul2_shl_nuw_i128: correct
func.func @mul2_shl_nuw_i128_src(%x: i128) -> i128 {
  %c2 = arith.constant 2 : i128
  %r = arith.muli %x, %c2 overflow<nuw> : i128
  return %r : i128
}
func.func @mul2_shl_nuw_i128_tgt(%x: i128) -> i128 {
  %c1 = arith.constant 1 : i128
  %r = arith.shli %x, %c1 overflow<nuw> : i128
  return %r : i128
}

// x = -1: src -1 *nsw 2 = -2 fits; tgt -1 <<nuw 1 shifts out a set bit: poison.
// EXPECT mul2_nsw_shl_nuw_i128: incorrect poison
func.func @mul2_nsw_shl_nuw_i128_src(%x: i128) -> i128 {
  %c2 = arith.constant 2 : i128
  %r = arith.muli %x, %c2 overflow<nsw> : i128
  return %r : i128
}
func.func @mul2_nsw_shl_nuw_i128_tgt(%x: i128) -> i128 {
  %c1 = arith.constant 1 : i128
  %r = arith.shli %x, %c1 overflow<nuw> : i128
  return %r : i128
}

// i64: a shift by 64 is poison, so folding it to 0 is a refinement.
// EXPECT shrsi_by_width_i64: correct
func.func @shrsi_by_width_i64_src(%x: i64) -> i64 {
  %c64 = arith.constant 64 : i64
  %r = arith.shrsi %x, %c64 : i64
  return %r : i64
}
func.func @shrsi_by_width_i64_tgt(%x: i64) -> i64 {
  %c0 = arith.constant 0 : i64
  return %c0 : i64
}

// x = -1: a shift by 63 is in range, src -1 >>s 63 = -1, tgt 0.
// EXPECT shrsi_by_63_i64: incorrect value
func.func @shrsi_by_63_i64_src(%x: i64) -> i64 {
  %c63 = arith.constant 63 : i64
  %r = arith.shrsi %x, %c63 : i64
  return %r : i64
}
func.func @shrsi_by_63_i64_tgt(%x: i64) -> i64 {
  %c0 = arith.constant 0 : i64
  return %c0 : i64
}
