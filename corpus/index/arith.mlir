// The index dialect's arithmetic (index.add/sub/mul, divisions, remainders, min/max,
// shifts, bitwise ops, index.cmp, index.constant, index.bool.constant) and arith ops on
// `index`. Every pair is checked with a 32-bit and with a 64-bit index; shifts are poison
// when the amount is >= the index width.

// x + 0 = x at any index width.
// EXPECT idx_add_zero: correct
func.func @idx_add_zero_src(%x: index) -> index {
  %c0 = index.constant 0
  %r = index.add %x, %c0
  return %r : index
}
func.func @idx_add_zero_tgt(%x: index) -> index {
  return %x : index
}

// x = 0: 0 + 1 = 1, tgt 0.
// EXPECT idx_add_one: incorrect value
func.func @idx_add_one_src(%x: index) -> index {
  %c1 = index.constant 1
  %r = index.add %x, %c1
  return %r : index
}
func.func @idx_add_one_tgt(%x: index) -> index {
  return %x : index
}

// x - x = 0 (a poison x makes the source poison).
// EXPECT idx_sub_self: correct
func.func @idx_sub_self_src(%x: index) -> index {
  %r = index.sub %x, %x
  return %r : index
}
func.func @idx_sub_self_tgt(%x: index) -> index {
  %c0 = index.constant 0
  return %c0 : index
}

// x = 1, y = 0: 1 - 0 = 1, but 0 - 1 = -1.
// EXPECT idx_sub_swap: incorrect value
func.func @idx_sub_swap_src(%x: index, %y: index) -> index {
  %r = index.sub %x, %y
  return %r : index
}
func.func @idx_sub_swap_tgt(%x: index, %y: index) -> index {
  %r = index.sub %y, %x
  return %r : index
}

// x * 4 = x << 2 at any width (2 < 32).
// EXPECT idx_mul_pow2: correct
func.func @idx_mul_pow2_src(%x: index) -> index {
  %c4 = index.constant 4
  %r = index.mul %x, %c4
  return %r : index
}
func.func @idx_mul_pow2_tgt(%x: index) -> index {
  %c2 = index.constant 2
  %r = index.shl %x, %c2
  return %r : index
}

// x = 1: 1 * 4 = 4, but 1 << 4 = 16.
// EXPECT idx_mul_pow2_wrong_shift: incorrect value
func.func @idx_mul_pow2_wrong_shift_src(%x: index) -> index {
  %c4 = index.constant 4
  %r = index.mul %x, %c4
  return %r : index
}
func.func @idx_mul_pow2_wrong_shift_tgt(%x: index) -> index {
  %c4 = index.constant 4
  %r = index.shl %x, %c4
  return %r : index
}

// x * 2^16 * 2^16 = (x << 16) << 16 at both widths (0 with a 32-bit index); no shift reaches the width.
// EXPECT idx_mul_2pow32_shl16: correct
func.func @idx_mul_2pow32_shl16_src(%x: index) -> index {
  %c = index.constant 65536
  %a = index.mul %x, %c
  %r = index.mul %a, %c
  return %r : index
}
func.func @idx_mul_2pow32_shl16_tgt(%x: index) -> index {
  %c16 = index.constant 16
  %a = index.shl %x, %c16
  %r = index.shl %a, %c16
  return %r : index
}

// 32-bit index: src x * 2^32 wraps to 0, but tgt shifts by 32 >= width: poison (fine with a 64-bit index).
// EXPECT idx_mul_2pow32_shl32: incorrect poison
func.func @idx_mul_2pow32_shl32_src(%x: index) -> index {
  %c = index.constant 65536
  %a = index.mul %x, %c
  %r = index.mul %a, %c
  return %r : index
}
func.func @idx_mul_2pow32_shl32_tgt(%x: index) -> index {
  %c32 = index.constant 32
  %r = index.shl %x, %c32
  return %r : index
}

// 64-bit index, x = 1: 1 * 2^32 = 2^32, not 0 (with a 32-bit index it does wrap to 0).
// EXPECT idx_mul_2pow32_zero: incorrect value
func.func @idx_mul_2pow32_zero_src(%x: index) -> index {
  %c = index.constant 65536
  %a = index.mul %x, %c
  %r = index.mul %a, %c
  return %r : index
}
func.func @idx_mul_2pow32_zero_tgt(%x: index) -> index {
  %c0 = index.constant 0
  return %c0 : index
}

// A shift by 64 is >= the width for both index widths: always poison.
// EXPECT idx_shl_64: correct
func.func @idx_shl_64_src(%x: index) -> index {
  %c64 = index.constant 64
  %r = index.shl %x, %c64
  return %r : index
}
func.func @idx_shl_64_tgt(%x: index) -> index {
  %c0 = index.constant 0
  return %c0 : index
}

// 64-bit index, x = 1: a shift by 32 is in range, 1 << 32 != 0 (it is poison only with a 32-bit index).
// EXPECT idx_shl_32: incorrect value
func.func @idx_shl_32_src(%x: index) -> index {
  %c32 = index.constant 32
  %r = index.shl %x, %c32
  return %r : index
}
func.func @idx_shl_32_tgt(%x: index) -> index {
  %c0 = index.constant 0
  return %c0 : index
}

// Unsigned division by 8 is a logical shift right by 3.
// EXPECT idx_divu_pow2: correct
func.func @idx_divu_pow2_src(%x: index) -> index {
  %c8 = index.constant 8
  %r = index.divu %x, %c8
  return %r : index
}
func.func @idx_divu_pow2_tgt(%x: index) -> index {
  %c3 = index.constant 3
  %r = index.shru %x, %c3
  return %r : index
}

// x = -1: -1 /s 8 = 0 (toward zero), -1 >>s 3 = -1.
// EXPECT idx_divs_pow2: incorrect value
func.func @idx_divs_pow2_src(%x: index) -> index {
  %c8 = index.constant 8
  %r = index.divs %x, %c8
  return %r : index
}
func.func @idx_divs_pow2_tgt(%x: index) -> index {
  %c3 = index.constant 3
  %r = index.shrs %x, %c3
  return %r : index
}

// Floor division by 8 is an arithmetic shift right by 3.
// EXPECT idx_floordivs_pow2: correct
func.func @idx_floordivs_pow2_src(%x: index) -> index {
  %c8 = index.constant 8
  %r = index.floordivs %x, %c8
  return %r : index
}
func.func @idx_floordivs_pow2_tgt(%x: index) -> index {
  %c3 = index.constant 3
  %r = index.shrs %x, %c3
  return %r : index
}

// x = -1: floor(-1 / 8) = -1, but -1 >>u 3 is a large positive value.
// EXPECT idx_floordivs_shru: incorrect value
func.func @idx_floordivs_shru_src(%x: index) -> index {
  %c8 = index.constant 8
  %r = index.floordivs %x, %c8
  return %r : index
}
func.func @idx_floordivs_shru_tgt(%x: index) -> index {
  %c3 = index.constant 3
  %r = index.shru %x, %c3
  return %r : index
}

// Ceiling division by 1 is the identity.
// EXPECT idx_ceildivs_one: correct
func.func @idx_ceildivs_one_src(%x: index) -> index {
  %c1 = index.constant 1
  %r = index.ceildivs %x, %c1
  return %r : index
}
func.func @idx_ceildivs_one_tgt(%x: index) -> index {
  return %x : index
}

// x = 1: ceil(1 / 2) = 1, but 1 >>s 1 = 0.
// EXPECT idx_ceildivs_two: incorrect value
func.func @idx_ceildivs_two_src(%x: index) -> index {
  %c2 = index.constant 2
  %r = index.ceildivs %x, %c2
  return %r : index
}
func.func @idx_ceildivs_two_tgt(%x: index) -> index {
  %c1 = index.constant 1
  %r = index.shrs %x, %c1
  return %r : index
}

// ceil(x / 8) = (x >> 3) + (x & 7 != 0) for unsigned x, with no intermediate overflow.
// EXPECT idx_ceildivu_expand: correct
func.func @idx_ceildivu_expand_src(%x: index) -> index {
  %c8 = index.constant 8
  %r = index.ceildivu %x, %c8
  return %r : index
}
func.func @idx_ceildivu_expand_tgt(%x: index) -> index {
  %c0 = index.constant 0
  %c3 = index.constant 3
  %c7 = index.constant 7
  %q = index.shru %x, %c3
  %m = index.and %x, %c7
  %nz = index.cmp ne(%m, %c0)
  %e = index.castu %nz : i1 to index
  %r = index.add %q, %e
  return %r : index
}

// x = -1 (all ones): the ceiling is 2^(w-3), but x + 7 wraps to 6 and 6 >> 3 = 0.
// EXPECT idx_ceildivu_naive: incorrect value
func.func @idx_ceildivu_naive_src(%x: index) -> index {
  %c8 = index.constant 8
  %r = index.ceildivu %x, %c8
  return %r : index
}
func.func @idx_ceildivu_naive_tgt(%x: index) -> index {
  %c3 = index.constant 3
  %c7 = index.constant 7
  %s = index.add %x, %c7
  %r = index.shru %s, %c3
  return %r : index
}

// Unsigned remainder by 8 keeps the low 3 bits.
// EXPECT idx_remu_pow2: correct
func.func @idx_remu_pow2_src(%x: index) -> index {
  %c8 = index.constant 8
  %r = index.remu %x, %c8
  return %r : index
}
func.func @idx_remu_pow2_tgt(%x: index) -> index {
  %c7 = index.constant 7
  %r = index.and %x, %c7
  return %r : index
}

// x = -1: -1 rems 8 = -1, but -1 & 7 = 7.
// EXPECT idx_rems_pow2: incorrect value
func.func @idx_rems_pow2_src(%x: index) -> index {
  %c8 = index.constant 8
  %r = index.rems %x, %c8
  return %r : index
}
func.func @idx_rems_pow2_tgt(%x: index) -> index {
  %c7 = index.constant 7
  %r = index.and %x, %c7
  return %r : index
}

// x rems -1 is UB for x = INT_MIN (of either width) or a poison x and 0 otherwise; x rems 1 = 0.
// EXPECT idx_rems_neg_one_to_one: correct
func.func @idx_rems_neg_one_to_one_src(%x: index) -> index {
  %cm1 = index.constant -1
  %r = index.rems %x, %cm1
  return %r : index
}
func.func @idx_rems_neg_one_to_one_tgt(%x: index) -> index {
  %c1 = index.constant 1
  %r = index.rems %x, %c1
  return %r : index
}

// x = INT_MIN (-2^31 for a 32-bit index, -2^63 for a 64-bit one): src rems 1 = 0, tgt INT_MIN rems -1 is UB.
// EXPECT idx_rems_one_to_neg_one: incorrect ub
func.func @idx_rems_one_to_neg_one_src(%x: index) -> index {
  %c1 = index.constant 1
  %r = index.rems %x, %c1
  return %r : index
}
func.func @idx_rems_one_to_neg_one_tgt(%x: index) -> index {
  %cm1 = index.constant -1
  %r = index.rems %x, %cm1
  return %r : index
}

// a = casts of an i32: negating it with a 64-bit index never overflows; with a 32-bit one src is UB at INT_MIN.
// EXPECT idx_divs_neg_one: correct
func.func @idx_divs_neg_one_src(%y: i32) -> index {
  %cm1 = index.constant -1
  %a = index.casts %y : i32 to index
  %r = index.divs %a, %cm1
  return %r : index
}
func.func @idx_divs_neg_one_tgt(%y: i32) -> index {
  %c0 = index.constant 0
  %a = index.casts %y : i32 to index
  %r = index.sub %c0, %a
  return %r : index
}

// 64-bit index, y = -2^31: src -(-2^31) = 2^31, but tgt negates in i32 first (wraps to -2^31) and sign-extends.
// EXPECT idx_divs_neg_one_narrow: incorrect value
func.func @idx_divs_neg_one_narrow_src(%y: i32) -> index {
  %cm1 = index.constant -1
  %a = index.casts %y : i32 to index
  %r = index.divs %a, %cm1
  return %r : index
}
func.func @idx_divs_neg_one_narrow_tgt(%y: i32) -> index {
  %c0 = arith.constant 0 : i32
  %n = arith.subi %c0, %y : i32
  %r = index.casts %n : i32 to index
  return %r : index
}

// -2^31 + 1 is above INT_MIN at both widths, so dividing it by -1 is defined and equals its negation.
// EXPECT idx_divs_const_neg_one: correct
func.func @idx_divs_const_neg_one_src() -> index {
  %c0 = index.constant 0
  %k = index.constant -2147483647
  %r = index.sub %c0, %k
  return %r : index
}
func.func @idx_divs_const_neg_one_tgt() -> index {
  %cm1 = index.constant -1
  %k = index.constant -2147483647
  %r = index.divs %k, %cm1
  return %r : index
}

// 32-bit index: -2^31 is INT_MIN, so src 0 - k wraps but tgt INT_MIN divs -1 is UB (with a 64-bit index both give 2^31).
// EXPECT idx_divs_int32_min_neg_one: incorrect ub
func.func @idx_divs_int32_min_neg_one_src() -> index {
  %c0 = index.constant 0
  %k = index.constant -2147483648
  %r = index.sub %c0, %k
  return %r : index
}
func.func @idx_divs_int32_min_neg_one_tgt() -> index {
  %cm1 = index.constant -1
  %k = index.constant -2147483648
  %r = index.divs %k, %cm1
  return %r : index
}

// select(x >u y, x, y) is the unsigned maximum.
// EXPECT idx_maxu_select: correct
func.func @idx_maxu_select_src(%x: index, %y: index) -> index {
  %r = index.maxu %x, %y
  return %r : index
}
func.func @idx_maxu_select_tgt(%x: index, %y: index) -> index {
  %c = index.cmp ugt(%x, %y)
  %r = arith.select %c, %x, %y : index
  return %r : index
}

// x = -1, y = 0: the signed maximum is 0, the unsigned select picks -1.
// EXPECT idx_maxs_select_ugt: incorrect value
func.func @idx_maxs_select_ugt_src(%x: index, %y: index) -> index {
  %r = index.maxs %x, %y
  return %r : index
}
func.func @idx_maxs_select_ugt_tgt(%x: index, %y: index) -> index {
  %c = index.cmp ugt(%x, %y)
  %r = arith.select %c, %x, %y : index
  return %r : index
}

// minu(x, 0) = 0.
// EXPECT idx_minu_zero: correct
func.func @idx_minu_zero_src(%x: index) -> index {
  %c0 = index.constant 0
  %r = index.minu %x, %c0
  return %r : index
}
func.func @idx_minu_zero_tgt(%x: index) -> index {
  %c0 = index.constant 0
  return %c0 : index
}

// x = -1: mins(-1, 0) = -1, not 0.
// EXPECT idx_mins_zero: incorrect value
func.func @idx_mins_zero_src(%x: index) -> index {
  %c0 = index.constant 0
  %r = index.mins %x, %c0
  return %r : index
}
func.func @idx_mins_zero_tgt(%x: index) -> index {
  %c0 = index.constant 0
  return %c0 : index
}

// (x & y) | (x ^ y) = x | y.
// EXPECT idx_or_and_xor: correct
func.func @idx_or_and_xor_src(%x: index, %y: index) -> index {
  %a = index.and %x, %y
  %b = index.xor %x, %y
  %r = index.or %a, %b
  return %r : index
}
func.func @idx_or_and_xor_tgt(%x: index, %y: index) -> index {
  %r = index.or %x, %y
  return %r : index
}

// x = y = 1: (1 & 1) | (1 ^ 1) = 1, but 1 ^ 1 = 0.
// EXPECT idx_or_and_xor_wrong: incorrect value
func.func @idx_or_and_xor_wrong_src(%x: index, %y: index) -> index {
  %a = index.and %x, %y
  %b = index.xor %x, %y
  %r = index.or %a, %b
  return %r : index
}
func.func @idx_or_and_xor_wrong_tgt(%x: index, %y: index) -> index {
  %r = index.xor %x, %y
  return %r : index
}

// x ^ x = 0 (a poison x makes the source poison).
// EXPECT idx_xor_self: correct
func.func @idx_xor_self_src(%x: index) -> index {
  %r = index.xor %x, %x
  return %r : index
}
func.func @idx_xor_self_tgt(%x: index) -> index {
  %c0 = index.constant 0
  return %c0 : index
}

// x = poison: src is the constant 0, tgt poison ^ poison is poison.
// EXPECT idx_zero_to_xor_self: incorrect poison
func.func @idx_zero_to_xor_self_src(%x: index) -> index {
  %c0 = index.constant 0
  return %c0 : index
}
func.func @idx_zero_to_xor_self_tgt(%x: index) -> index {
  %r = index.xor %x, %x
  return %r : index
}

// x <s y is y >s x.
// EXPECT idx_cmp_swap: correct
func.func @idx_cmp_swap_src(%x: index, %y: index) -> i1 {
  %r = index.cmp slt(%x, %y)
  return %r : i1
}
func.func @idx_cmp_swap_tgt(%x: index, %y: index) -> i1 {
  %r = index.cmp sgt(%y, %x)
  return %r : i1
}

// x = -1, y = 0: -1 <s 0 is true, but 0 >u -1 is false.
// EXPECT idx_cmp_swap_unsigned: incorrect value
func.func @idx_cmp_swap_unsigned_src(%x: index, %y: index) -> i1 {
  %r = index.cmp slt(%x, %y)
  return %r : i1
}
func.func @idx_cmp_swap_unsigned_tgt(%x: index, %y: index) -> i1 {
  %r = index.cmp ugt(%y, %x)
  return %r : i1
}

// not(x <=u y) is x >u y.
// EXPECT idx_cmp_not_ule: correct
func.func @idx_cmp_not_ule_src(%x: index, %y: index) -> i1 {
  %t = arith.constant true
  %c = index.cmp ule(%x, %y)
  %r = arith.xori %c, %t : i1
  return %r : i1
}
func.func @idx_cmp_not_ule_tgt(%x: index, %y: index) -> i1 {
  %r = index.cmp ugt(%x, %y)
  return %r : i1
}

// x = y: not(x <=u y) is false, but x >=u y is true.
// EXPECT idx_cmp_not_ule_uge: incorrect value
func.func @idx_cmp_not_ule_uge_src(%x: index, %y: index) -> i1 {
  %t = arith.constant true
  %c = index.cmp ule(%x, %y)
  %r = arith.xori %c, %t : i1
  return %r : i1
}
func.func @idx_cmp_not_ule_uge_tgt(%x: index, %y: index) -> i1 {
  %r = index.cmp uge(%x, %y)
  return %r : i1
}

// Every index is >=u 0.
// EXPECT idx_cmp_uge_zero: correct
func.func @idx_cmp_uge_zero_src(%x: index) -> i1 {
  %c0 = index.constant 0
  %r = index.cmp uge(%x, %c0)
  return %r : i1
}
func.func @idx_cmp_uge_zero_tgt(%x: index) -> i1 {
  %t = index.bool.constant true
  return %t : i1
}

// x = -1: -1 >=s 0 is false.
// EXPECT idx_cmp_sge_zero: incorrect value
func.func @idx_cmp_sge_zero_src(%x: index) -> i1 {
  %c0 = index.constant 0
  %r = index.cmp sge(%x, %c0)
  return %r : i1
}
func.func @idx_cmp_sge_zero_tgt(%x: index) -> i1 {
  %t = index.bool.constant true
  return %t : i1
}

// x == y and x != y are complementary.
// EXPECT idx_cmp_eq_ne: correct
func.func @idx_cmp_eq_ne_src(%x: index, %y: index) -> i1 {
  %t = arith.constant true
  %c = index.cmp ne(%x, %y)
  %r = arith.xori %c, %t : i1
  return %r : i1
}
func.func @idx_cmp_eq_ne_tgt(%x: index, %y: index) -> i1 {
  %r = index.cmp eq(%x, %y)
  return %r : i1
}

// x = 0, y = 1: not(0 != 1) is false, but 0 <=u 1 is true.
// EXPECT idx_cmp_eq_ne_ule: incorrect value
func.func @idx_cmp_eq_ne_ule_src(%x: index, %y: index) -> i1 {
  %t = arith.constant true
  %c = index.cmp ne(%x, %y)
  %r = arith.xori %c, %t : i1
  return %r : i1
}
func.func @idx_cmp_eq_ne_ule_tgt(%x: index, %y: index) -> i1 {
  %r = index.cmp ule(%x, %y)
  return %r : i1
}

// not(x >s y) is x <=s y.
// EXPECT idx_cmp_not_sgt_sle: correct
func.func @idx_cmp_not_sgt_sle_src(%x: index, %y: index) -> i1 {
  %f = arith.constant false
  %c = index.cmp sgt(%x, %y)
  %r = arith.cmpi eq, %c, %f : i1
  return %r : i1
}
func.func @idx_cmp_not_sgt_sle_tgt(%x: index, %y: index) -> i1 {
  %r = index.cmp sle(%x, %y)
  return %r : i1
}

// x = y = 0: not(0 >s 0) is true, but 0 <s 0 is false.
// EXPECT idx_cmp_not_sgt_slt: incorrect value
func.func @idx_cmp_not_sgt_slt_src(%x: index, %y: index) -> i1 {
  %f = arith.constant false
  %c = index.cmp sgt(%x, %y)
  %r = arith.cmpi eq, %c, %f : i1
  return %r : i1
}
func.func @idx_cmp_not_sgt_slt_tgt(%x: index, %y: index) -> i1 {
  %r = index.cmp slt(%x, %y)
  return %r : i1
}

// Constant folding: 2 + 3 = 5 at any width.
// EXPECT idx_const_fold: correct
func.func @idx_const_fold_src() -> index {
  %a = index.constant 2
  %b = index.constant 3
  %r = index.add %a, %b
  return %r : index
}
func.func @idx_const_fold_tgt() -> index {
  %r = index.constant 5
  return %r : index
}

// 64-bit index: 65536 * 65536 = 2^32, not 0 (it folds to 0 only with a 32-bit index).
// EXPECT idx_const_fold_wrap32: incorrect value
func.func @idx_const_fold_wrap32_src() -> index {
  %a = index.constant 65536
  %r = index.mul %a, %a
  return %r : index
}
func.func @idx_const_fold_wrap32_tgt() -> index {
  %r = index.constant 0
  return %r : index
}

// Dropping nsw from an arith.addi on index only removes poison.
// EXPECT idx_arith_add_drop_nsw: correct
func.func @idx_arith_add_drop_nsw_src(%x: index, %y: index) -> index {
  %r = arith.addi %x, %y overflow<nsw> : index
  return %r : index
}
func.func @idx_arith_add_drop_nsw_tgt(%x: index, %y: index) -> index {
  %r = index.add %x, %y
  return %r : index
}

// x = INT_MAX of the index width, y = 1: src wraps, tgt's nsw add overflows: poison (at both widths).
// EXPECT idx_arith_add_add_nsw: incorrect poison
func.func @idx_arith_add_add_nsw_src(%x: index, %y: index) -> index {
  %r = index.add %x, %y
  return %r : index
}
func.func @idx_arith_add_add_nsw_tgt(%x: index, %y: index) -> index {
  %r = arith.addi %x, %y overflow<nsw> : index
  return %r : index
}
