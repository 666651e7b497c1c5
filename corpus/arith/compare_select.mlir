// arith.cmpi (all ten predicates) and arith.select. select is poison only if the condition
// or the CHOSEN arm is poison, so turning it into bitwise logic can spread poison.

// Both arms are x, so whatever c is the result is x (a poison c makes the source poison).
// EXPECT select_same_arms: correct
func.func @select_same_arms_src(%c: i1, %x: i8) -> i8 {
  %r = arith.select %c, %x, %x : i8
  return %r : i8
}
func.func @select_same_arms_tgt(%c: i1, %x: i8) -> i8 {
  return %x : i8
}

// c = false, x = poison, y = 0: src picks y = 0, tgt returns the poison x.
// EXPECT select_to_true_arm: incorrect poison
func.func @select_to_true_arm_src(%c: i1, %x: i8, %y: i8) -> i8 {
  %r = arith.select %c, %x, %y : i8
  return %r : i8
}
func.func @select_to_true_arm_tgt(%c: i1, %x: i8, %y: i8) -> i8 {
  return %x : i8
}

// select(c, true, false) is c.
// EXPECT select_true_false: correct
func.func @select_true_false_src(%c: i1) -> i1 {
  %t = arith.constant true
  %f = arith.constant false
  %r = arith.select %c, %t, %f : i1
  return %r : i1
}
func.func @select_true_false_tgt(%c: i1) -> i1 {
  return %c : i1
}

// c = true: select(c, false, true) is false, tgt true.
// EXPECT select_false_true: incorrect value
func.func @select_false_true_src(%c: i1) -> i1 {
  %t = arith.constant true
  %f = arith.constant false
  %r = arith.select %c, %f, %t : i1
  return %r : i1
}
func.func @select_false_true_tgt(%c: i1) -> i1 {
  return %c : i1
}

// andi is poison whenever c or x is; the select is poison in fewer cases and equal otherwise.
// EXPECT and_to_select: correct
func.func @and_to_select_src(%c: i1, %x: i1) -> i1 {
  %r = arith.andi %c, %x : i1
  return %r : i1
}
func.func @and_to_select_tgt(%c: i1, %x: i1) -> i1 {
  %f = arith.constant false
  %r = arith.select %c, %x, %f : i1
  return %r : i1
}

// c = false, x = poison: src selects false (x not chosen), tgt false & poison is poison.
// EXPECT select_to_and: incorrect poison
func.func @select_to_and_src(%c: i1, %x: i1) -> i1 {
  %f = arith.constant false
  %r = arith.select %c, %x, %f : i1
  return %r : i1
}
func.func @select_to_and_tgt(%c: i1, %x: i1) -> i1 {
  %r = arith.andi %c, %x : i1
  return %r : i1
}

// ori is poison whenever c or x is; select(c, true, x) is poison in fewer cases and equal otherwise.
// EXPECT or_to_select: correct
func.func @or_to_select_src(%c: i1, %x: i1) -> i1 {
  %r = arith.ori %c, %x : i1
  return %r : i1
}
func.func @or_to_select_tgt(%c: i1, %x: i1) -> i1 {
  %t = arith.constant true
  %r = arith.select %c, %t, %x : i1
  return %r : i1
}

// c = true, x = poison: src selects true, tgt true | poison is poison.
// EXPECT select_to_or: incorrect poison
func.func @select_to_or_src(%c: i1, %x: i1) -> i1 {
  %t = arith.constant true
  %r = arith.select %c, %t, %x : i1
  return %r : i1
}
func.func @select_to_or_tgt(%c: i1, %x: i1) -> i1 {
  %r = arith.ori %c, %x : i1
  return %r : i1
}

// The mask form is poison whenever any input is, a superset of the select's poison; values agree.
// EXPECT bitwise_to_select: correct
func.func @bitwise_to_select_src(%c: i1, %x: i8, %y: i8) -> i8 {
  %m1 = arith.constant -1 : i8
  %m = arith.extsi %c : i1 to i8
  %nm = arith.xori %m, %m1 : i8
  %a = arith.andi %m, %x : i8
  %b = arith.andi %nm, %y : i8
  %r = arith.ori %a, %b : i8
  return %r : i8
}
func.func @bitwise_to_select_tgt(%c: i1, %x: i8, %y: i8) -> i8 {
  %r = arith.select %c, %x, %y : i8
  return %r : i8
}

// c = true, y = poison: src picks x, tgt's (~m & y) mixes in the poison y.
// EXPECT select_to_bitwise: incorrect poison
func.func @select_to_bitwise_src(%c: i1, %x: i8, %y: i8) -> i8 {
  %r = arith.select %c, %x, %y : i8
  return %r : i8
}
func.func @select_to_bitwise_tgt(%c: i1, %x: i8, %y: i8) -> i8 {
  %m1 = arith.constant -1 : i8
  %m = arith.extsi %c : i1 to i8
  %nm = arith.xori %m, %m1 : i8
  %a = arith.andi %m, %x : i8
  %b = arith.andi %nm, %y : i8
  %r = arith.ori %a, %b : i8
  return %r : i8
}

// Negating the condition and swapping the arms picks the same arm.
// EXPECT select_not_swap: correct
func.func @select_not_swap_src(%c: i1, %x: i8, %y: i8) -> i8 {
  %r = arith.select %c, %x, %y : i8
  return %r : i8
}
func.func @select_not_swap_tgt(%c: i1, %x: i8, %y: i8) -> i8 {
  %t = arith.constant true
  %n = arith.xori %c, %t : i1
  %r = arith.select %n, %y, %x : i8
  return %r : i8
}

// c = false, x = poison, y = 0: src picks y = 0, tgt (condition negated, arms not swapped) picks the poison x.
// EXPECT select_not_noswap: incorrect poison
func.func @select_not_noswap_src(%c: i1, %x: i8, %y: i8) -> i8 {
  %r = arith.select %c, %x, %y : i8
  return %r : i8
}
func.func @select_not_noswap_tgt(%c: i1, %x: i8, %y: i8) -> i8 {
  %t = arith.constant true
  %n = arith.xori %c, %t : i1
  %r = arith.select %n, %x, %y : i8
  return %r : i8
}

// x < y (signed) is y > x.
// EXPECT cmpi_swap_slt: correct
func.func @cmpi_swap_slt_src(%x: i8, %y: i8) -> i1 {
  %r = arith.cmpi slt, %x, %y : i8
  return %r : i1
}
func.func @cmpi_swap_slt_tgt(%x: i8, %y: i8) -> i1 {
  %r = arith.cmpi sgt, %y, %x : i8
  return %r : i1
}

// x = -1, y = 0: 255 <u 0 is false, but 0 >s -1 is true.
// EXPECT cmpi_swap_ult_sgt: incorrect value
func.func @cmpi_swap_ult_sgt_src(%x: i8, %y: i8) -> i1 {
  %r = arith.cmpi ult, %x, %y : i8
  return %r : i1
}
func.func @cmpi_swap_ult_sgt_tgt(%x: i8, %y: i8) -> i1 {
  %r = arith.cmpi sgt, %y, %x : i8
  return %r : i1
}

// x <=u y is y >=u x.
// EXPECT cmpi_swap_ule: correct
func.func @cmpi_swap_ule_src(%x: i8, %y: i8) -> i1 {
  %r = arith.cmpi ule, %x, %y : i8
  return %r : i1
}
func.func @cmpi_swap_ule_tgt(%x: i8, %y: i8) -> i1 {
  %r = arith.cmpi uge, %y, %x : i8
  return %r : i1
}

// x = 0, y = 1: src 0 <=u 1 is true, tgt 1 <=u 0 is false (operands swapped, predicate kept).
// EXPECT cmpi_swap_ule_wrong: incorrect value
func.func @cmpi_swap_ule_wrong_src(%x: i8, %y: i8) -> i1 {
  %r = arith.cmpi ule, %x, %y : i8
  return %r : i1
}
func.func @cmpi_swap_ule_wrong_tgt(%x: i8, %y: i8) -> i1 {
  %r = arith.cmpi ule, %y, %x : i8
  return %r : i1
}

// not(x < y) is x >= y (signed).
// EXPECT cmpi_not_slt: correct
func.func @cmpi_not_slt_src(%x: i8, %y: i8) -> i1 {
  %t = arith.constant true
  %c = arith.cmpi slt, %x, %y : i8
  %r = arith.xori %c, %t : i1
  return %r : i1
}
func.func @cmpi_not_slt_tgt(%x: i8, %y: i8) -> i1 {
  %r = arith.cmpi sge, %x, %y : i8
  return %r : i1
}

// x = y = 0: not(0 < 0) is true, but 0 > 0 is false.
// EXPECT cmpi_not_slt_sgt: incorrect value
func.func @cmpi_not_slt_sgt_src(%x: i8, %y: i8) -> i1 {
  %t = arith.constant true
  %c = arith.cmpi slt, %x, %y : i8
  %r = arith.xori %c, %t : i1
  return %r : i1
}
func.func @cmpi_not_slt_sgt_tgt(%x: i8, %y: i8) -> i1 {
  %r = arith.cmpi sgt, %x, %y : i8
  return %r : i1
}

// x <u 1 holds only for x = 0.
// EXPECT cmpi_ult_one: correct
func.func @cmpi_ult_one_src(%x: i8) -> i1 {
  %c1 = arith.constant 1 : i8
  %r = arith.cmpi ult, %x, %c1 : i8
  return %r : i1
}
func.func @cmpi_ult_one_tgt(%x: i8) -> i1 {
  %c0 = arith.constant 0 : i8
  %r = arith.cmpi eq, %x, %c0 : i8
  return %r : i1
}

// x = -1: -1 <s 1 is true, but -1 == 0 is false.
// EXPECT cmpi_slt_one: incorrect value
func.func @cmpi_slt_one_src(%x: i8) -> i1 {
  %c1 = arith.constant 1 : i8
  %r = arith.cmpi slt, %x, %c1 : i8
  return %r : i1
}
func.func @cmpi_slt_one_tgt(%x: i8) -> i1 {
  %c0 = arith.constant 0 : i8
  %r = arith.cmpi eq, %x, %c0 : i8
  return %r : i1
}

// Every i8 is >=s -128.
// EXPECT cmpi_sge_min: correct
func.func @cmpi_sge_min_src(%x: i8) -> i1 {
  %cm = arith.constant -128 : i8
  %r = arith.cmpi sge, %x, %cm : i8
  return %r : i1
}
func.func @cmpi_sge_min_tgt(%x: i8) -> i1 {
  %t = arith.constant true
  return %t : i1
}

// x = -128: -128 >s -128 is false.
// EXPECT cmpi_sgt_min: incorrect value
func.func @cmpi_sgt_min_src(%x: i8) -> i1 {
  %cm = arith.constant -128 : i8
  %r = arith.cmpi sgt, %x, %cm : i8
  return %r : i1
}
func.func @cmpi_sgt_min_tgt(%x: i8) -> i1 {
  %t = arith.constant true
  return %t : i1
}

// x != y iff x - y != 0 (wrapping subtraction is injective in x).
// EXPECT cmpi_ne_sub: correct
func.func @cmpi_ne_sub_src(%x: i64, %y: i64) -> i1 {
  %c0 = arith.constant 0 : i64
  %d = arith.subi %x, %y : i64
  %r = arith.cmpi ne, %d, %c0 : i64
  return %r : i1
}
func.func @cmpi_ne_sub_tgt(%x: i64, %y: i64) -> i1 {
  %r = arith.cmpi ne, %x, %y : i64
  return %r : i1
}

// x = y = 1: x + y = 2 != 0 is true, but 1 != 1 is false (an addition where a subtraction was meant).
// EXPECT cmpi_ne_add: incorrect value
func.func @cmpi_ne_add_src(%x: i64, %y: i64) -> i1 {
  %c0 = arith.constant 0 : i64
  %d = arith.addi %x, %y : i64
  %r = arith.cmpi ne, %d, %c0 : i64
  return %r : i1
}
func.func @cmpi_ne_add_tgt(%x: i64, %y: i64) -> i1 {
  %r = arith.cmpi ne, %x, %y : i64
  return %r : i1
}

// With nsw, x - y is the true difference, so x - y >s 0 iff x >s y.
// EXPECT cmpi_sgt_sub_nsw: correct
func.func @cmpi_sgt_sub_nsw_src(%x: i64, %y: i64) -> i1 {
  %c0 = arith.constant 0 : i64
  %d = arith.subi %x, %y overflow<nsw> : i64
  %r = arith.cmpi sgt, %d, %c0 : i64
  return %r : i1
}
func.func @cmpi_sgt_sub_nsw_tgt(%x: i64, %y: i64) -> i1 {
  %r = arith.cmpi sgt, %x, %y : i64
  return %r : i1
}

// x = INT64_MIN, y = 1: x - y wraps to INT64_MAX >s 0 (true), but INT64_MIN >s 1 is false.
// EXPECT cmpi_sgt_sub_wrap: incorrect value
func.func @cmpi_sgt_sub_wrap_src(%x: i64, %y: i64) -> i1 {
  %c0 = arith.constant 0 : i64
  %d = arith.subi %x, %y : i64
  %r = arith.cmpi sgt, %d, %c0 : i64
  return %r : i1
}
func.func @cmpi_sgt_sub_wrap_tgt(%x: i64, %y: i64) -> i1 {
  %r = arith.cmpi sgt, %x, %y : i64
  return %r : i1
}

// i128: x +nuw 1 does not wrap, so it is always >u x (and poison for x = 2^128 - 1).
// EXPECT cmpi_add_nuw_ugt_i128: correct
func.func @cmpi_add_nuw_ugt_i128_src(%x: i128) -> i1 {
  %c1 = arith.constant 1 : i128
  %s = arith.addi %x, %c1 overflow<nuw> : i128
  %r = arith.cmpi ugt, %s, %x : i128
  return %r : i1
}
func.func @cmpi_add_nuw_ugt_i128_tgt(%x: i128) -> i1 {
  %t = arith.constant true
  return %t : i1
}

// x = -1 (2^128 - 1): x + 1 wraps to 0, and 0 >u x is false.
// EXPECT cmpi_add_ugt_i128: incorrect value
func.func @cmpi_add_ugt_i128_src(%x: i128) -> i1 {
  %c1 = arith.constant 1 : i128
  %s = arith.addi %x, %c1 : i128
  %r = arith.cmpi ugt, %s, %x : i128
  return %r : i1
}
func.func @cmpi_add_ugt_i128_tgt(%x: i128) -> i1 {
  %t = arith.constant true
  return %t : i1
}

// i1 equality is xnor.
// EXPECT cmpi_eq_i1: correct
func.func @cmpi_eq_i1_src(%a: i1, %b: i1) -> i1 {
  %r = arith.cmpi eq, %a, %b : i1
  return %r : i1
}
func.func @cmpi_eq_i1_tgt(%a: i1, %b: i1) -> i1 {
  %t = arith.constant true
  %x = arith.xori %a, %b : i1
  %r = arith.xori %x, %t : i1
  return %r : i1
}

// a = b = false: a == b is true, a ^ b is false.
// EXPECT cmpi_eq_i1_xor: incorrect value
func.func @cmpi_eq_i1_xor_src(%a: i1, %b: i1) -> i1 {
  %r = arith.cmpi eq, %a, %b : i1
  return %r : i1
}
func.func @cmpi_eq_i1_xor_tgt(%a: i1, %b: i1) -> i1 {
  %r = arith.xori %a, %b : i1
  return %r : i1
}

// Signed i1: true is -1 < 0 = false, so a <s b holds only for a = true, b = false.
// EXPECT cmpi_slt_i1: correct
func.func @cmpi_slt_i1_src(%a: i1, %b: i1) -> i1 {
  %r = arith.cmpi slt, %a, %b : i1
  return %r : i1
}
func.func @cmpi_slt_i1_tgt(%a: i1, %b: i1) -> i1 {
  %t = arith.constant true
  %nb = arith.xori %b, %t : i1
  %r = arith.andi %a, %nb : i1
  return %r : i1
}

// a = true, b = false: 1 <u 0 is false, tgt true & !false is true.
// EXPECT cmpi_ult_i1: incorrect value
func.func @cmpi_ult_i1_src(%a: i1, %b: i1) -> i1 {
  %r = arith.cmpi ult, %a, %b : i1
  return %r : i1
}
func.func @cmpi_ult_i1_tgt(%a: i1, %b: i1) -> i1 {
  %t = arith.constant true
  %nb = arith.xori %b, %t : i1
  %r = arith.andi %a, %nb : i1
  return %r : i1
}

// Signed i1: a <=s b fails only for a = false (0), b = true (-1); so it is a | !b.
// EXPECT cmpi_sle_i1: correct
func.func @cmpi_sle_i1_src(%a: i1, %b: i1) -> i1 {
  %r = arith.cmpi sle, %a, %b : i1
  return %r : i1
}
func.func @cmpi_sle_i1_tgt(%a: i1, %b: i1) -> i1 {
  %t = arith.constant true
  %nb = arith.xori %b, %t : i1
  %r = arith.ori %a, %nb : i1
  return %r : i1
}

// a = false, b = true: 0 <=u 1 is true, but tgt false | !true is false.
// EXPECT cmpi_ule_i1: incorrect value
func.func @cmpi_ule_i1_src(%a: i1, %b: i1) -> i1 {
  %r = arith.cmpi ule, %a, %b : i1
  return %r : i1
}
func.func @cmpi_ule_i1_tgt(%a: i1, %b: i1) -> i1 {
  %t = arith.constant true
  %nb = arith.xori %b, %t : i1
  %r = arith.ori %a, %nb : i1
  return %r : i1
}
