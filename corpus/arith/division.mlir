// Division and remainder (divui, divsi, remui, remsi, ceildivui, ceildivsi, floordivsi):
// a zero or poison divisor is UB, INT_MIN / -1 is UB for the signed ones, and so is a poison
// dividend divided by -1. `exact` makes a non-zero remainder poison.

// The source always divides by zero (UB), so any target refines it.
// EXPECT divui_by_zero_fold: correct
func.func @divui_by_zero_fold_src(%x: i8) -> i8 {
  %c0 = arith.constant 0 : i8
  %r = arith.divui %x, %c0 : i8
  return %r : i8
}
func.func @divui_by_zero_fold_tgt(%x: i8) -> i8 {
  %c42 = arith.constant 42 : i8
  return %c42 : i8
}

// x = 0: src x / 1 is defined, tgt x / 0 is UB.
// EXPECT divui_one_to_zero: incorrect ub
func.func @divui_one_to_zero_src(%x: i8) -> i8 {
  %c1 = arith.constant 1 : i8
  %r = arith.divui %x, %c1 : i8
  return %r : i8
}
func.func @divui_one_to_zero_tgt(%x: i8) -> i8 {
  %c0 = arith.constant 0 : i8
  %r = arith.divui %x, %c0 : i8
  return %r : i8
}

// Unsigned division by 8 is a logical shift right by 3.
// EXPECT divui_pow2: correct
func.func @divui_pow2_src(%x: i8) -> i8 {
  %c8 = arith.constant 8 : i8
  %r = arith.divui %x, %c8 : i8
  return %r : i8
}
func.func @divui_pow2_tgt(%x: i8) -> i8 {
  %c3 = arith.constant 3 : i8
  %r = arith.shrui %x, %c3 : i8
  return %r : i8
}

// x = -1: divsi rounds toward zero (-1 / 8 = 0), shrsi toward -inf (-1 >>s 3 = -1).
// EXPECT divsi_pow2: incorrect value
func.func @divsi_pow2_src(%x: i8) -> i8 {
  %c8 = arith.constant 8 : i8
  %r = arith.divsi %x, %c8 : i8
  return %r : i8
}
func.func @divsi_pow2_tgt(%x: i8) -> i8 {
  %c3 = arith.constant 3 : i8
  %r = arith.shrsi %x, %c3 : i8
  return %r : i8
}

// Both are poison unless x is a multiple of 4, and then both are exactly x / 4.
// EXPECT divsi_exact_pow2: correct
func.func @divsi_exact_pow2_src(%x: i8) -> i8 {
  %c4 = arith.constant 4 : i8
  %r = arith.divsi %x, %c4 exact : i8
  return %r : i8
}
func.func @divsi_exact_pow2_tgt(%x: i8) -> i8 {
  %c2 = arith.constant 2 : i8
  %r = arith.shrsi %x, %c2 exact : i8
  return %r : i8
}

// x = 1: src 1 /s 4 = 0 (no exact flag); tgt's exact shift drops a set bit: poison.
// EXPECT divsi_pow2_exact_shift: incorrect poison
func.func @divsi_pow2_exact_shift_src(%x: i8) -> i8 {
  %c4 = arith.constant 4 : i8
  %r = arith.divsi %x, %c4 : i8
  return %r : i8
}
func.func @divsi_pow2_exact_shift_tgt(%x: i8) -> i8 {
  %c2 = arith.constant 2 : i8
  %r = arith.shrsi %x, %c2 exact : i8
  return %r : i8
}

// Floor division by 4 rounds toward -inf, like an arithmetic shift right by 2.
// EXPECT floordivsi_pow2: correct
func.func @floordivsi_pow2_src(%x: i8) -> i8 {
  %c4 = arith.constant 4 : i8
  %r = arith.floordivsi %x, %c4 : i8
  return %r : i8
}
func.func @floordivsi_pow2_tgt(%x: i8) -> i8 {
  %c2 = arith.constant 2 : i8
  %r = arith.shrsi %x, %c2 : i8
  return %r : i8
}

// x = -1, y = 2: floor(-0.5) = -1, but divsi truncates to 0.
// EXPECT floordivsi_as_divsi: incorrect value
func.func @floordivsi_as_divsi_src(%x: i8, %y: i8) -> i8 {
  %r = arith.floordivsi %x, %y : i8
  return %r : i8
}
func.func @floordivsi_as_divsi_tgt(%x: i8, %y: i8) -> i8 {
  %r = arith.divsi %x, %y : i8
  return %r : i8
}

// Where the source is defined y is non-poison and non-zero, so the guarded divisor equals y.
// EXPECT div_guard_divisor: correct
func.func @div_guard_divisor_src(%c: i1, %x: i8, %y: i8) -> i8 {
  %c0 = arith.constant 0 : i8
  %q = arith.divui %x, %y : i8
  %r = arith.select %c, %q, %c0 : i8
  return %r : i8
}
func.func @div_guard_divisor_tgt(%c: i1, %x: i8, %y: i8) -> i8 {
  %c0 = arith.constant 0 : i8
  %c1 = arith.constant 1 : i8
  %z = arith.cmpi eq, %y, %c0 : i8
  %d = arith.select %z, %c1, %y : i8
  %q = arith.divui %x, %d : i8
  %r = arith.select %c, %q, %c0 : i8
  return %r : i8
}

// c = poison, y = 1: src divides by 1 (result poison via the select); tgt's divisor select(poison, 1, 1) is poison: UB.
// EXPECT div_guard_poison_cond: incorrect ub
func.func @div_guard_poison_cond_src(%c: i1, %x: i8, %y: i8) -> i8 {
  %c0 = arith.constant 0 : i8
  %q = arith.divui %x, %y : i8
  %r = arith.select %c, %q, %c0 : i8
  return %r : i8
}
func.func @div_guard_poison_cond_tgt(%c: i1, %x: i8, %y: i8) -> i8 {
  %c0 = arith.constant 0 : i8
  %c1 = arith.constant 1 : i8
  %d = arith.select %c, %y, %c1 : i8
  %q = arith.divui %x, %d : i8
  %r = arith.select %c, %q, %c0 : i8
  return %r : i8
}

// c = false, y = 0: src divides by the safe divisor 1; tgt hoists the division and divides by 0: UB.
// EXPECT div_hoist: incorrect ub
func.func @div_hoist_src(%c: i1, %x: i8, %y: i8) -> i8 {
  %c0 = arith.constant 0 : i8
  %c1 = arith.constant 1 : i8
  %d = arith.select %c, %y, %c1 : i8
  %q = arith.divui %x, %d : i8
  %r = arith.select %c, %q, %c0 : i8
  return %r : i8
}
func.func @div_hoist_tgt(%c: i1, %x: i8, %y: i8) -> i8 {
  %c0 = arith.constant 0 : i8
  %q = arith.divui %x, %y : i8
  %r = arith.select %c, %q, %c0 : i8
  return %r : i8
}

// Where the source is defined y is non-poison and >= 1, so maxui(y, 1) = y.
// EXPECT divui_max_guard: correct
func.func @divui_max_guard_src(%x: i8, %y: i8) -> i8 {
  %r = arith.divui %x, %y : i8
  return %r : i8
}
func.func @divui_max_guard_tgt(%x: i8, %y: i8) -> i8 {
  %c1 = arith.constant 1 : i8
  %d = arith.maxui %y, %c1 : i8
  %r = arith.divui %x, %d : i8
  return %r : i8
}

// y = 0: src divides by maxui(0, 1) = 1; tgt divides by 0: UB.
// EXPECT divui_max_unguard: incorrect ub
func.func @divui_max_unguard_src(%x: i8, %y: i8) -> i8 {
  %c1 = arith.constant 1 : i8
  %d = arith.maxui %y, %c1 : i8
  %r = arith.divui %x, %d : i8
  return %r : i8
}
func.func @divui_max_unguard_tgt(%x: i8, %y: i8) -> i8 {
  %r = arith.divui %x, %y : i8
  return %r : i8
}

// x /s -1 = -x except for x = -128 (and a poison x), where the source is UB.
// EXPECT divsi_neg_one: correct
func.func @divsi_neg_one_src(%x: i8) -> i8 {
  %cm1 = arith.constant -1 : i8
  %r = arith.divsi %x, %cm1 : i8
  return %r : i8
}
func.func @divsi_neg_one_tgt(%x: i8) -> i8 {
  %c0 = arith.constant 0 : i8
  %r = arith.subi %c0, %x : i8
  return %r : i8
}

// x = -128: src 0 - (-128) wraps to -128; tgt -128 /s -1 overflows: UB.
// EXPECT neg_to_divsi: incorrect ub
func.func @neg_to_divsi_src(%x: i8) -> i8 {
  %c0 = arith.constant 0 : i8
  %r = arith.subi %c0, %x : i8
  return %r : i8
}
func.func @neg_to_divsi_tgt(%x: i8) -> i8 {
  %cm1 = arith.constant -1 : i8
  %r = arith.divsi %x, %cm1 : i8
  return %r : i8
}

// a = x >>u 1 exact is never -128; when it is poison the source (poison /s -1) is UB anyway.
// EXPECT divsi_poison_dividend_neg: correct
func.func @divsi_poison_dividend_neg_src(%x: i8) -> i8 {
  %c1 = arith.constant 1 : i8
  %cm1 = arith.constant -1 : i8
  %a = arith.shrui %x, %c1 exact : i8
  %r = arith.divsi %a, %cm1 : i8
  return %r : i8
}
func.func @divsi_poison_dividend_neg_tgt(%x: i8) -> i8 {
  %c0 = arith.constant 0 : i8
  %c1 = arith.constant 1 : i8
  %a = arith.shrui %x, %c1 exact : i8
  %r = arith.subi %c0, %a : i8
  return %r : i8
}

// x = 1: a = 1 >>u 1 exact is poison (never -128); src 0 - poison is just poison, tgt poison /s -1 is UB.
// EXPECT neg_poison_dividend_to_divsi: incorrect ub
func.func @neg_poison_dividend_to_divsi_src(%x: i8) -> i8 {
  %c0 = arith.constant 0 : i8
  %c1 = arith.constant 1 : i8
  %a = arith.shrui %x, %c1 exact : i8
  %r = arith.subi %c0, %a : i8
  return %r : i8
}
func.func @neg_poison_dividend_to_divsi_tgt(%x: i8) -> i8 {
  %c1 = arith.constant 1 : i8
  %cm1 = arith.constant -1 : i8
  %a = arith.shrui %x, %c1 exact : i8
  %r = arith.divsi %a, %cm1 : i8
  return %r : i8
}

// Both remainders are 0 where the source is defined; the source is UB for x = -128 or a poison x.
// EXPECT remsi_neg_one_to_one: correct
func.func @remsi_neg_one_to_one_src(%x: i8) -> i8 {
  %cm1 = arith.constant -1 : i8
  %r = arith.remsi %x, %cm1 : i8
  return %r : i8
}
func.func @remsi_neg_one_to_one_tgt(%x: i8) -> i8 {
  %c1 = arith.constant 1 : i8
  %r = arith.remsi %x, %c1 : i8
  return %r : i8
}

// x = -128: src -128 rem 1 = 0; tgt -128 rem -1 is UB (remsi too).
// EXPECT remsi_one_to_neg_one: incorrect ub
func.func @remsi_one_to_neg_one_src(%x: i8) -> i8 {
  %c1 = arith.constant 1 : i8
  %r = arith.remsi %x, %c1 : i8
  return %r : i8
}
func.func @remsi_one_to_neg_one_tgt(%x: i8) -> i8 {
  %cm1 = arith.constant -1 : i8
  %r = arith.remsi %x, %cm1 : i8
  return %r : i8
}

// d = z | 2 is never 0 or 1, so -d is never 0 or -1; the remainder takes the dividend's sign and |d|.
// EXPECT remsi_neg_divisor_safe: correct
func.func @remsi_neg_divisor_safe_src(%x: i8, %z: i8) -> i8 {
  %c2 = arith.constant 2 : i8
  %d = arith.ori %z, %c2 : i8
  %r = arith.remsi %x, %d : i8
  return %r : i8
}
func.func @remsi_neg_divisor_safe_tgt(%x: i8, %z: i8) -> i8 {
  %c0 = arith.constant 0 : i8
  %c2 = arith.constant 2 : i8
  %d = arith.ori %z, %c2 : i8
  %n = arith.subi %c0, %d : i8
  %r = arith.remsi %x, %n : i8
  return %r : i8
}

// x = -128, y = 1: src -128 rem 1 = 0; tgt -128 rem -1 is UB.
// EXPECT remsi_neg_divisor: incorrect ub
func.func @remsi_neg_divisor_src(%x: i8, %y: i8) -> i8 {
  %r = arith.remsi %x, %y : i8
  return %r : i8
}
func.func @remsi_neg_divisor_tgt(%x: i8, %y: i8) -> i8 {
  %c0 = arith.constant 0 : i8
  %n = arith.subi %c0, %y : i8
  %r = arith.remsi %x, %n : i8
  return %r : i8
}

// Unsigned remainder by 8 keeps the low 3 bits.
// EXPECT remui_pow2: correct
func.func @remui_pow2_src(%x: i8) -> i8 {
  %c8 = arith.constant 8 : i8
  %r = arith.remui %x, %c8 : i8
  return %r : i8
}
func.func @remui_pow2_tgt(%x: i8) -> i8 {
  %c7 = arith.constant 7 : i8
  %r = arith.andi %x, %c7 : i8
  return %r : i8
}

// x = -1: remsi keeps the dividend's sign, -1 rem 8 = -1, but -1 & 7 = 7.
// EXPECT remsi_pow2: incorrect value
func.func @remsi_pow2_src(%x: i8) -> i8 {
  %c8 = arith.constant 8 : i8
  %r = arith.remsi %x, %c8 : i8
  return %r : i8
}
func.func @remsi_pow2_tgt(%x: i8) -> i8 {
  %c7 = arith.constant 7 : i8
  %r = arith.andi %x, %c7 : i8
  return %r : i8
}

// ceil(x / y) = x == 0 ? 0 : (x - 1) / y + 1 for unsigned x and y != 0 (the upstream expansion).
// EXPECT ceildivui_expand: correct
func.func @ceildivui_expand_src(%x: i8, %y: i8) -> i8 {
  %r = arith.ceildivui %x, %y : i8
  return %r : i8
}
func.func @ceildivui_expand_tgt(%x: i8, %y: i8) -> i8 {
  %c0 = arith.constant 0 : i8
  %c1 = arith.constant 1 : i8
  %z = arith.cmpi eq, %x, %c0 : i8
  %m = arith.subi %x, %c1 : i8
  %q = arith.divui %m, %y : i8
  %p = arith.addi %q, %c1 : i8
  %r = arith.select %z, %c0, %p : i8
  return %r : i8
}

// x = -1 (255), y = 2: ceil(255 / 2) = 128 (-128), but 255 + 2 - 1 wraps to 0 and 0 / 2 = 0.
// EXPECT ceildivui_naive: incorrect value
func.func @ceildivui_naive_src(%x: i8, %y: i8) -> i8 {
  %r = arith.ceildivui %x, %y : i8
  return %r : i8
}
func.func @ceildivui_naive_tgt(%x: i8, %y: i8) -> i8 {
  %c1 = arith.constant 1 : i8
  %s = arith.addi %x, %y : i8
  %m = arith.subi %s, %c1 : i8
  %r = arith.divui %m, %y : i8
  return %r : i8
}

// ceil(x / -1) = -x; the only overflow, x = -128 (or a poison x), is UB in the source, so nsw is safe.
// EXPECT ceildivsi_neg_one: correct
func.func @ceildivsi_neg_one_src(%x: i8) -> i8 {
  %cm1 = arith.constant -1 : i8
  %r = arith.ceildivsi %x, %cm1 : i8
  return %r : i8
}
func.func @ceildivsi_neg_one_tgt(%x: i8) -> i8 {
  %c0 = arith.constant 0 : i8
  %r = arith.subi %c0, %x overflow<nsw> : i8
  return %r : i8
}

// x = -128, y = 3: ceil(-128 / 3) = -42, but 0 - (-128) wraps to -128, floor(-128 / 3) = -43, negated 43.
// EXPECT ceildivsi_via_floordivsi: incorrect value
func.func @ceildivsi_via_floordivsi_src(%x: i8, %y: i8) -> i8 {
  %r = arith.ceildivsi %x, %y : i8
  return %r : i8
}
func.func @ceildivsi_via_floordivsi_tgt(%x: i8, %y: i8) -> i8 {
  %c0 = arith.constant 0 : i8
  %n = arith.subi %c0, %x : i8
  %f = arith.floordivsi %n, %y : i8
  %r = arith.subi %c0, %f : i8
  return %r : i8
}

// The divisor extui(c) is 1 or 0; c = false (or poison) makes the source UB, and c = true gives ceil(x / 1) = x.
// EXPECT ceildivui_bool_divisor: correct
func.func @ceildivui_bool_divisor_src(%c: i1, %x: i8) -> i8 {
  %d = arith.extui %c : i1 to i8
  %r = arith.ceildivui %x, %d : i8
  return %r : i8
}
func.func @ceildivui_bool_divisor_tgt(%c: i1, %x: i8) -> i8 {
  %c0 = arith.constant 0 : i8
  %r = arith.select %c, %x, %c0 : i8
  return %r : i8
}

// c = false: src selects 0, tgt divides by extui(false) = 0: UB.
// EXPECT ceildivui_bool_divisor_rev: incorrect ub
func.func @ceildivui_bool_divisor_rev_src(%c: i1, %x: i8) -> i8 {
  %c0 = arith.constant 0 : i8
  %r = arith.select %c, %x, %c0 : i8
  return %r : i8
}
func.func @ceildivui_bool_divisor_rev_tgt(%c: i1, %x: i8) -> i8 {
  %d = arith.extui %c : i1 to i8
  %r = arith.ceildivui %x, %d : i8
  return %r : i8
}

// Dropping `exact` only removes poison.
// EXPECT divui_exact_drop: correct
func.func @divui_exact_drop_src(%x: i8, %y: i8) -> i8 {
  %r = arith.divui %x, %y exact : i8
  return %r : i8
}
func.func @divui_exact_drop_tgt(%x: i8, %y: i8) -> i8 {
  %r = arith.divui %x, %y : i8
  return %r : i8
}

// x = 1, y = 2: src 1 / 2 = 0; tgt's exact division leaves remainder 1: poison.
// EXPECT divui_exact_strengthen: incorrect poison
func.func @divui_exact_strengthen_src(%x: i8, %y: i8) -> i8 {
  %r = arith.divui %x, %y : i8
  return %r : i8
}
func.func @divui_exact_strengthen_tgt(%x: i8, %y: i8) -> i8 {
  %r = arith.divui %x, %y exact : i8
  return %r : i8
}

// With `exact`, q * y = x exactly (x fits in i8, so the product does not wrap).
// EXPECT divsi_exact_mul: correct
func.func @divsi_exact_mul_src(%x: i8, %y: i8) -> i8 {
  %q = arith.divsi %x, %y exact : i8
  %r = arith.muli %q, %y : i8
  return %r : i8
}
func.func @divsi_exact_mul_tgt(%x: i8, %y: i8) -> i8 {
  return %x : i8
}

// x = 1, y = 2: (1 /s 2) * 2 = 0, not 1.
// EXPECT divsi_mul: incorrect value
func.func @divsi_mul_src(%x: i8, %y: i8) -> i8 {
  %q = arith.divsi %x, %y : i8
  %r = arith.muli %q, %y : i8
  return %r : i8
}
func.func @divsi_mul_tgt(%x: i8, %y: i8) -> i8 {
  return %x : i8
}

// i128: unsigned division by 2^64 is a logical shift right by 64.
// EXPECT divui_pow2_i128: correct
func.func @divui_pow2_i128_src(%x: i128) -> i128 {
  %c = arith.constant 18446744073709551616 : i128
  %r = arith.divui %x, %c : i128
  return %r : i128
}
func.func @divui_pow2_i128_tgt(%x: i128) -> i128 {
  %c64 = arith.constant 64 : i128
  %r = arith.shrui %x, %c64 : i128
  return %r : i128
}

// x = -1: -1 /s 2^64 = 0 (truncation), but -1 >>s 64 = -1.
// EXPECT divsi_pow2_i128: incorrect value
func.func @divsi_pow2_i128_src(%x: i128) -> i128 {
  %c = arith.constant 18446744073709551616 : i128
  %r = arith.divsi %x, %c : i128
  return %r : i128
}
func.func @divsi_pow2_i128_tgt(%x: i128) -> i128 {
  %c64 = arith.constant 64 : i128
  %r = arith.shrsi %x, %c64 : i128
  return %r : i128
}

// i1: the only defined divisor is 1 (0 is UB); x / 1 = x, and x rem 1 = 0.
// EXPECT divui_i1: correct
func.func @divui_i1_src(%x: i1, %y: i1) -> (i1, i1) {
  %q = arith.divui %x, %y : i1
  %r = arith.remui %x, %y : i1
  return %q, %r : i1, i1
}
func.func @divui_i1_tgt(%x: i1, %y: i1) -> (i1, i1) {
  %f = arith.constant false
  return %x, %f : i1, i1
}

// x = y = true: src 1 /u 1 = 1; in i1 true is -1 = INT_MIN, so tgt -1 /s -1 overflows: UB.
// EXPECT divsi_i1: incorrect ub
func.func @divsi_i1_src(%x: i1, %y: i1) -> i1 {
  %q = arith.divui %x, %y : i1
  return %q : i1
}
func.func @divsi_i1_tgt(%x: i1, %y: i1) -> i1 {
  %q = arith.divsi %x, %y : i1
  return %q : i1
}
