// Addition, subtraction and multiplication (arith.addi / arith.subi / arith.muli) with and
// without overflow<nsw, nuw> flags. Each `correct` pair sits next to an `incorrect` twin.

// x + 0 wraps to x for every x, and a poison x makes both sides poison.
// EXPECT add_zero: correct
func.func @add_zero_src(%x: i8) -> i8 {
  %c0 = arith.constant 0 : i8
  %r = arith.addi %x, %c0 : i8
  return %r : i8
}
func.func @add_zero_tgt(%x: i8) -> i8 {
  return %x : i8
}

// x = 0: src 0 + 1 = 1, tgt 0.
// EXPECT add_one_not_identity: incorrect value
func.func @add_one_not_identity_src(%x: i8) -> i8 {
  %c1 = arith.constant 1 : i8
  %r = arith.addi %x, %c1 : i8
  return %r : i8
}
func.func @add_one_not_identity_tgt(%x: i8) -> i8 {
  return %x : i8
}

// Dropping overflow flags only removes poison; the wrapped value is the same.
// EXPECT add_drop_flags: correct
func.func @add_drop_flags_src(%x: i8, %y: i8) -> i8 {
  %r = arith.addi %x, %y overflow<nsw, nuw> : i8
  return %r : i8
}
func.func @add_drop_flags_tgt(%x: i8, %y: i8) -> i8 {
  %r = arith.addi %x, %y : i8
  return %r : i8
}

// x = 127, y = 1: src wraps to -128, tgt's nsw add overflows and is poison.
// EXPECT add_nsw_strengthen: incorrect poison
func.func @add_nsw_strengthen_src(%x: i8, %y: i8) -> i8 {
  %r = arith.addi %x, %y : i8
  return %r : i8
}
func.func @add_nsw_strengthen_tgt(%x: i8, %y: i8) -> i8 {
  %r = arith.addi %x, %y overflow<nsw> : i8
  return %r : i8
}

// Addition is commutative and signed overflow of x+y and y+x coincide, so nsw carries over.
// EXPECT add_comm_nsw: correct
func.func @add_comm_nsw_src(%x: i8, %y: i8) -> i8 {
  %r = arith.addi %x, %y overflow<nsw> : i8
  return %r : i8
}
func.func @add_comm_nsw_tgt(%x: i8, %y: i8) -> i8 {
  %r = arith.addi %y, %x overflow<nsw> : i8
  return %r : i8
}

// x = -1, y = 1: src -1 + 1 = 0 has no signed overflow; tgt 1 + 255 overflows unsigned: poison.
// EXPECT add_comm_nsw_to_nuw: incorrect poison
func.func @add_comm_nsw_to_nuw_src(%x: i8, %y: i8) -> i8 {
  %r = arith.addi %x, %y overflow<nsw> : i8
  return %r : i8
}
func.func @add_comm_nsw_to_nuw_tgt(%x: i8, %y: i8) -> i8 {
  %r = arith.addi %y, %x overflow<nuw> : i8
  return %r : i8
}

// x - x = 0 for every non-poison x; a poison x makes the source poison, which 0 refines.
// EXPECT sub_self: correct
func.func @sub_self_src(%x: i8) -> i8 {
  %r = arith.subi %x, %x : i8
  return %r : i8
}
func.func @sub_self_tgt(%x: i8) -> i8 {
  %c0 = arith.constant 0 : i8
  return %c0 : i8
}

// x = 1, y = 0: src 1 - 0 = 1, tgt 0 - 1 = -1.
// EXPECT sub_swap: incorrect value
func.func @sub_swap_src(%x: i8, %y: i8) -> i8 {
  %r = arith.subi %x, %y : i8
  return %r : i8
}
func.func @sub_swap_tgt(%x: i8, %y: i8) -> i8 {
  %r = arith.subi %y, %x : i8
  return %r : i8
}

// x - y == x + (0 - y) in wrapping arithmetic; poison spreads the same way.
// EXPECT sub_as_add_neg: correct
func.func @sub_as_add_neg_src(%x: i8, %y: i8) -> i8 {
  %r = arith.subi %x, %y : i8
  return %r : i8
}
func.func @sub_as_add_neg_tgt(%x: i8, %y: i8) -> i8 {
  %c0 = arith.constant 0 : i8
  %n = arith.subi %c0, %y : i8
  %r = arith.addi %x, %n : i8
  return %r : i8
}

// x = 5, y = 1: src 5 -nuw 1 = 4 (no borrow); tgt 5 +nuw 255 overflows unsigned: poison.
// EXPECT sub_nuw_as_add_nuw: incorrect poison
func.func @sub_nuw_as_add_nuw_src(%x: i8, %y: i8) -> i8 {
  %r = arith.subi %x, %y overflow<nuw> : i8
  return %r : i8
}
func.func @sub_nuw_as_add_nuw_tgt(%x: i8, %y: i8) -> i8 {
  %c0 = arith.constant 0 : i8
  %n = arith.subi %c0, %y : i8
  %r = arith.addi %x, %n overflow<nuw> : i8
  return %r : i8
}

// Wrapping negation is an involution: 0 - (0 - x) = x (also for x = -128).
// EXPECT neg_neg: correct
func.func @neg_neg_src(%x: i8) -> i8 {
  %c0 = arith.constant 0 : i8
  %n = arith.subi %c0, %x : i8
  %r = arith.subi %c0, %n : i8
  return %r : i8
}
func.func @neg_neg_tgt(%x: i8) -> i8 {
  return %x : i8
}

// x = -128: src 0 - (-128) wraps to -128; tgt's nsw negation overflows: poison.
// EXPECT neg_nsw_strengthen: incorrect poison
func.func @neg_nsw_strengthen_src(%x: i8) -> i8 {
  %c0 = arith.constant 0 : i8
  %r = arith.subi %c0, %x : i8
  return %r : i8
}
func.func @neg_nsw_strengthen_tgt(%x: i8) -> i8 {
  %c0 = arith.constant 0 : i8
  %r = arith.subi %c0, %x overflow<nsw> : i8
  return %r : i8
}

// x +nsw x overflows exactly when 2*x leaves [-128, 127], which is when shl-by-1 nsw flips the sign.
// EXPECT add_self_nsw_shl_nsw: correct
func.func @add_self_nsw_shl_nsw_src(%x: i8) -> i8 {
  %r = arith.addi %x, %x overflow<nsw> : i8
  return %r : i8
}
func.func @add_self_nsw_shl_nsw_tgt(%x: i8) -> i8 {
  %c1 = arith.constant 1 : i8
  %r = arith.shli %x, %c1 overflow<nsw> : i8
  return %r : i8
}

// x = 64: src 64 +nuw 64 = 128 has no unsigned overflow; tgt 64 <<nsw 1 = -128 flips the sign: poison.
// EXPECT add_self_nuw_shl_nsw: incorrect poison
func.func @add_self_nuw_shl_nsw_src(%x: i8) -> i8 {
  %r = arith.addi %x, %x overflow<nuw> : i8
  return %r : i8
}
func.func @add_self_nuw_shl_nsw_tgt(%x: i8) -> i8 {
  %c1 = arith.constant 1 : i8
  %r = arith.shli %x, %c1 overflow<nsw> : i8
  return %r : i8
}

// i1 values are 0 and -1; a +nsw b is poison for a = b = 1 (-1 + -1 = -2), otherwise it equals a | b.
// EXPECT add_i1_nsw_to_or: correct
func.func @add_i1_nsw_to_or_src(%a: i1, %b: i1) -> i1 {
  %r = arith.addi %a, %b overflow<nsw> : i1
  return %r : i1
}
func.func @add_i1_nsw_to_or_tgt(%a: i1, %b: i1) -> i1 {
  %r = arith.ori %a, %b : i1
  return %r : i1
}

// a = b = 1: src wrapping 1 + 1 = 0 (no flag, not poison), tgt 1 | 1 = 1.
// EXPECT add_i1_to_or: incorrect value
func.func @add_i1_to_or_src(%a: i1, %b: i1) -> i1 {
  %r = arith.addi %a, %b : i1
  return %r : i1
}
func.func @add_i1_to_or_tgt(%a: i1, %b: i1) -> i1 {
  %r = arith.ori %a, %b : i1
  return %r : i1
}

// Constant folding: 100 + 100 = 200 wraps to -56 in i8.
// EXPECT add_fold_wrap: correct
func.func @add_fold_wrap_src() -> i8 {
  %a = arith.constant 100 : i8
  %r = arith.addi %a, %a : i8
  return %r : i8
}
func.func @add_fold_wrap_tgt() -> i8 {
  %r = arith.constant -56 : i8
  return %r : i8
}

// 100 +nsw 100 = 200 > 127 is always poison, so any value refines it.
// EXPECT add_fold_nsw_poison: correct
func.func @add_fold_nsw_poison_src() -> i8 {
  %a = arith.constant 100 : i8
  %r = arith.addi %a, %a overflow<nsw> : i8
  return %r : i8
}
func.func @add_fold_nsw_poison_tgt() -> i8 {
  %r = arith.constant 0 : i8
  return %r : i8
}

// 100 +nuw 100 = 200 < 256 does not overflow unsigned: src is -56 (not poison), tgt 0.
// EXPECT add_fold_nuw_not_poison: incorrect value
func.func @add_fold_nuw_not_poison_src() -> i8 {
  %a = arith.constant 100 : i8
  %r = arith.addi %a, %a overflow<nuw> : i8
  return %r : i8
}
func.func @add_fold_nuw_not_poison_tgt() -> i8 {
  %r = arith.constant 0 : i8
  return %r : i8
}

// x * 0 = 0 for every non-poison x; a poison x makes the source poison, which 0 refines.
// EXPECT mul_zero: correct
func.func @mul_zero_src(%x: i8) -> i8 {
  %c0 = arith.constant 0 : i8
  %r = arith.muli %x, %c0 : i8
  return %r : i8
}
func.func @mul_zero_tgt(%x: i8) -> i8 {
  %c0 = arith.constant 0 : i8
  return %c0 : i8
}

// x = poison: src is the constant 0, tgt poison * 0 is poison.
// EXPECT zero_to_mul_zero: incorrect poison
func.func @zero_to_mul_zero_src(%x: i8) -> i8 {
  %c0 = arith.constant 0 : i8
  return %c0 : i8
}
func.func @zero_to_mul_zero_tgt(%x: i8) -> i8 {
  %c0 = arith.constant 0 : i8
  %r = arith.muli %x, %c0 : i8
  return %r : i8
}

// x *nsw -1 and 0 -nsw x are both -x and both overflow exactly for x = -128.
// EXPECT mul_neg_one_nsw: correct
func.func @mul_neg_one_nsw_src(%x: i8) -> i8 {
  %cm1 = arith.constant -1 : i8
  %r = arith.muli %x, %cm1 overflow<nsw> : i8
  return %r : i8
}
func.func @mul_neg_one_nsw_tgt(%x: i8) -> i8 {
  %c0 = arith.constant 0 : i8
  %r = arith.subi %c0, %x overflow<nsw> : i8
  return %r : i8
}

// x = 1: src 1 *nuw 255 = 255 fits (value -1); tgt 0 -nuw 1 borrows: poison.
// EXPECT mul_neg_one_nuw: incorrect poison
func.func @mul_neg_one_nuw_src(%x: i8) -> i8 {
  %cm1 = arith.constant -1 : i8
  %r = arith.muli %x, %cm1 overflow<nuw> : i8
  return %r : i8
}
func.func @mul_neg_one_nuw_tgt(%x: i8) -> i8 {
  %c0 = arith.constant 0 : i8
  %r = arith.subi %c0, %x overflow<nuw> : i8
  return %r : i8
}

// Multiplication is commutative and x*y, y*x overflow (signed) together.
// EXPECT mul_comm_nsw_i16: correct
func.func @mul_comm_nsw_i16_src(%x: i16, %y: i16) -> i16 {
  %r = arith.muli %x, %y overflow<nsw> : i16
  return %r : i16
}
func.func @mul_comm_nsw_i16_tgt(%x: i16, %y: i16) -> i16 {
  %r = arith.muli %y, %x overflow<nsw> : i16
  return %r : i16
}

// x = -1, y = 2: src -1 * 2 = -2 has no signed overflow; tgt also demands nuw and 65535*2 overflows: poison.
// EXPECT mul_nsw_add_nuw_i16: incorrect poison
func.func @mul_nsw_add_nuw_i16_src(%x: i16, %y: i16) -> i16 {
  %r = arith.muli %x, %y overflow<nsw> : i16
  return %r : i16
}
func.func @mul_nsw_add_nuw_i16_tgt(%x: i16, %y: i16) -> i16 {
  %r = arith.muli %y, %x overflow<nsw, nuw> : i16
  return %r : i16
}

// (x + y) - y = x in wrapping arithmetic; a poison y makes the source poison.
// EXPECT add_sub_cancel: correct
func.func @add_sub_cancel_src(%x: i32, %y: i32) -> i32 {
  %s = arith.addi %x, %y : i32
  %r = arith.subi %s, %y : i32
  return %r : i32
}
func.func @add_sub_cancel_tgt(%x: i32, %y: i32) -> i32 {
  return %x : i32
}

// y = poison, x = 0: src returns 0, tgt (0 + poison) - poison is poison.
// EXPECT add_sub_uncancel: incorrect poison
func.func @add_sub_uncancel_src(%x: i32, %y: i32) -> i32 {
  return %x : i32
}
func.func @add_sub_uncancel_tgt(%x: i32, %y: i32) -> i32 {
  %s = arith.addi %x, %y : i32
  %r = arith.subi %s, %y : i32
  return %r : i32
}
