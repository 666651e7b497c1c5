// func.call to functions of the same module; the callee's body is inlined, including its
// UB and poison. The helpers below are not pairs (their names end in neither _src nor _tgt).

func.func @inc(%x: i8) -> i8 {
  %c1 = arith.constant 1 : i8
  %r = arith.addi %x, %c1 : i8
  return %r : i8
}

func.func @inc_nsw(%x: i8) -> i8 {
  %c1 = arith.constant 1 : i8
  %r = arith.addi %x, %c1 overflow<nsw> : i8
  return %r : i8
}

func.func @twice(%x: i8) -> i8 {
  %a = func.call @inc(%x) : (i8) -> i8
  %b = func.call @inc(%a) : (i8) -> i8
  return %b : i8
}

func.func @raw_div(%x: i8, %y: i8) -> i8 {
  %r = arith.divui %x, %y : i8
  return %r : i8
}

func.func @guarded_div(%x: i8, %y: i8) -> i8 {
  %c0 = arith.constant 0 : i8
  %c1 = arith.constant 1 : i8
  %z = arith.cmpi eq, %y, %c0 : i8
  %d = arith.select %z, %c1, %y : i8
  %q = arith.divui %x, %d : i8
  %r = arith.select %z, %c0, %q : i8
  return %r : i8
}

func.func @mul_wide(%x: i8, %y: i8) -> (i8, i8) {
  %lo, %hi = arith.mului_extended %x, %y : i8
  return %lo, %hi : i8, i8
}

func.func @pick(%c: i1, %x: i8, %y: i8) -> i8 {
  %r = arith.select %c, %x, %y : i8
  return %r : i8
}

// Inlining @inc gives exactly x + 1.
// EXPECT call_inc: correct
func.func @call_inc_src(%x: i8) -> i8 {
  %r = func.call @inc(%x) : (i8) -> i8
  return %r : i8
}
func.func @call_inc_tgt(%x: i8) -> i8 {
  %c1 = arith.constant 1 : i8
  %r = arith.addi %x, %c1 : i8
  return %r : i8
}

// x = 127: src 127 + 1 wraps to -128; the inlined @inc_nsw overflows: poison.
// EXPECT call_inc_nsw: incorrect poison
func.func @call_inc_nsw_src(%x: i8) -> i8 {
  %c1 = arith.constant 1 : i8
  %r = arith.addi %x, %c1 : i8
  return %r : i8
}
func.func @call_inc_nsw_tgt(%x: i8) -> i8 {
  %r = func.call @inc_nsw(%x) : (i8) -> i8
  return %r : i8
}

// Nested calls: @twice inlines @inc twice, (x + 1) + 1 = x + 2.
// EXPECT call_twice: correct
func.func @call_twice_src(%x: i8) -> i8 {
  %r = func.call @twice(%x) : (i8) -> i8
  return %r : i8
}
func.func @call_twice_tgt(%x: i8) -> i8 {
  %c2 = arith.constant 2 : i8
  %r = arith.addi %x, %c2 : i8
  return %r : i8
}

// x = -1: src (-1 + 1) + 1 = 1 without flags; tgt 255 +nuw 2 overflows: poison.
// EXPECT call_twice_nuw: incorrect poison
func.func @call_twice_nuw_src(%x: i8) -> i8 {
  %r = func.call @twice(%x) : (i8) -> i8
  return %r : i8
}
func.func @call_twice_nuw_tgt(%x: i8) -> i8 {
  %c2 = arith.constant 2 : i8
  %r = arith.addi %x, %c2 overflow<nuw> : i8
  return %r : i8
}

// Where @raw_div is defined (y non-poison, y != 0) @guarded_div computes the same quotient.
// EXPECT call_raw_to_guarded: correct
func.func @call_raw_to_guarded_src(%x: i8, %y: i8) -> i8 {
  %r = func.call @raw_div(%x, %y) : (i8, i8) -> i8
  return %r : i8
}
func.func @call_raw_to_guarded_tgt(%x: i8, %y: i8) -> i8 {
  %r = func.call @guarded_div(%x, %y) : (i8, i8) -> i8
  return %r : i8
}

// y = 0: @guarded_div returns 0, the inlined @raw_div divides by zero: UB.
// EXPECT call_guarded_to_raw: incorrect ub
func.func @call_guarded_to_raw_src(%x: i8, %y: i8) -> i8 {
  %r = func.call @guarded_div(%x, %y) : (i8, i8) -> i8
  return %r : i8
}
func.func @call_guarded_to_raw_tgt(%x: i8, %y: i8) -> i8 {
  %r = func.call @raw_div(%x, %y) : (i8, i8) -> i8
  return %r : i8
}

// Deleting a call whose result is unused only removes the callee's UB.
// EXPECT call_unused_drop: correct
func.func @call_unused_drop_src(%x: i8, %y: i8) -> i8 {
  %q = func.call @raw_div(%x, %y) : (i8, i8) -> i8
  return %x : i8
}
func.func @call_unused_drop_tgt(%x: i8, %y: i8) -> i8 {
  return %x : i8
}

// y = 0: the added call's result is unused, but its division by zero is still UB.
// EXPECT call_unused_add: incorrect ub
func.func @call_unused_add_src(%x: i8, %y: i8) -> i8 {
  return %x : i8
}
func.func @call_unused_add_tgt(%x: i8, %y: i8) -> i8 {
  %q = func.call @raw_div(%x, %y) : (i8, i8) -> i8
  return %x : i8
}

// The second result of @mul_wide is the high half of the unsigned product.
// EXPECT call_multi_result_high: correct
func.func @call_multi_result_high_src(%x: i8, %y: i8) -> i8 {
  %lo, %hi = func.call @mul_wide(%x, %y) : (i8, i8) -> (i8, i8)
  return %hi : i8
}
func.func @call_multi_result_high_tgt(%x: i8, %y: i8) -> i8 {
  %c8 = arith.constant 8 : i16
  %a = arith.extui %x : i8 to i16
  %b = arith.extui %y : i8 to i16
  %p = arith.muli %a, %b : i16
  %s = arith.shrui %p, %c8 : i16
  %r = arith.trunci %s : i16 to i8
  return %r : i8
}

// x = y = 16: the first result (low half of 256) is 0, but the high-half expression gives 1.
// EXPECT call_multi_result_low: incorrect value
func.func @call_multi_result_low_src(%x: i8, %y: i8) -> i8 {
  %lo, %hi = func.call @mul_wide(%x, %y) : (i8, i8) -> (i8, i8)
  return %lo : i8
}
func.func @call_multi_result_low_tgt(%x: i8, %y: i8) -> i8 {
  %c8 = arith.constant 8 : i16
  %a = arith.extui %x : i8 to i16
  %b = arith.extui %y : i8 to i16
  %p = arith.muli %a, %b : i16
  %s = arith.shrui %p, %c8 : i16
  %r = arith.trunci %s : i16 to i8
  return %r : i8
}

// Inlining @pick gives the select itself, with the select's poison rule.
// EXPECT call_pick: correct
func.func @call_pick_src(%c: i1, %x: i8, %y: i8) -> i8 {
  %r = func.call @pick(%c, %x, %y) : (i1, i8, i8) -> i8
  return %r : i8
}
func.func @call_pick_tgt(%c: i1, %x: i8, %y: i8) -> i8 {
  %r = arith.select %c, %x, %y : i8
  return %r : i8
}

// c = true, y = poison: the inlined select picks x, the mask form mixes in the poison y.
// EXPECT call_pick_bitwise: incorrect poison
func.func @call_pick_bitwise_src(%c: i1, %x: i8, %y: i8) -> i8 {
  %r = func.call @pick(%c, %x, %y) : (i1, i8, i8) -> i8
  return %r : i8
}
func.func @call_pick_bitwise_tgt(%c: i1, %x: i8, %y: i8) -> i8 {
  %m1 = arith.constant -1 : i8
  %m = arith.extsi %c : i1 to i8
  %nm = arith.xori %m, %m1 : i8
  %a = arith.andi %m, %x : i8
  %b = arith.andi %nm, %y : i8
  %r = arith.ori %a, %b : i8
  return %r : i8
}

// Calls on both sides: the source's @raw_div is UB wherever the target's is, and quotients agree.
// EXPECT call_both_sides: correct
func.func @call_both_sides_src(%x: i8, %y: i8) -> i8 {
  %a = func.call @inc(%x) : (i8) -> i8
  %r = func.call @raw_div(%a, %y) : (i8, i8) -> i8
  return %r : i8
}
func.func @call_both_sides_tgt(%x: i8, %y: i8) -> i8 {
  %c1 = arith.constant 1 : i8
  %a = arith.addi %x, %c1 : i8
  %r = func.call @raw_div(%a, %y) : (i8, i8) -> i8
  return %r : i8
}

// x = 0, y = 1: src (0 + 1) / 1 = 1, tgt divides the un-incremented 0 by 1 = 0.
// EXPECT call_both_sides_wrong_arg: incorrect value
func.func @call_both_sides_wrong_arg_src(%x: i8, %y: i8) -> i8 {
  %a = func.call @inc(%x) : (i8) -> i8
  %r = func.call @raw_div(%a, %y) : (i8, i8) -> i8
  return %r : i8
}
func.func @call_both_sides_wrong_arg_tgt(%x: i8, %y: i8) -> i8 {
  %r = func.call @raw_div(%x, %y) : (i8, i8) -> i8
  return %r : i8
}
