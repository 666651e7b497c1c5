// Float arithmetic (arith.addf / subf / mulf / divf / remf / negf), exact IEEE-754 semantics:
// round to nearest even, +0 and -0 distinct, every NaN equal to every NaN in the refinement.
// Each `correct` pair sits next to an `incorrect` twin. f16 where division or remainder
// would make the solver slow at f32.

// -0.0 is the additive identity: x + -0.0 = x for every x (+0 + -0 = +0, -0 + -0 = -0).
// EXPECT add_neg_zero: correct
func.func @add_neg_zero_src(%x: f32) -> f32 {
  %c = arith.constant -0.0 : f32
  %r = arith.addf %x, %c : f32
  return %r : f32
}
func.func @add_neg_zero_tgt(%x: f32) -> f32 {
  return %x : f32
}

// +0.0 is not: x = -0.0 gives -0.0 + 0.0 = +0.0.
// EXPECT add_pos_zero: incorrect value
func.func @add_pos_zero_src(%x: f32) -> f32 {
  %c = arith.constant 0.0 : f32
  %r = arith.addf %x, %c : f32
  return %r : f32
}
func.func @add_pos_zero_tgt(%x: f32) -> f32 {
  return %x : f32
}

// x * 1.0 = x (a NaN x gives a NaN, any NaN refines any NaN).
// EXPECT mul_one: correct
func.func @mul_one_src(%x: f32) -> f32 {
  %c = arith.constant 1.0 : f32
  %r = arith.mulf %x, %c : f32
  return %r : f32
}
func.func @mul_one_tgt(%x: f32) -> f32 {
  return %x : f32
}

// x * 0.0 is not 0.0: x negative gives -0.0, x infinite or NaN gives NaN.
// EXPECT mul_zero: incorrect value
func.func @mul_zero_src(%x: f32) -> f32 {
  %c = arith.constant 0.0 : f32
  %r = arith.mulf %x, %c : f32
  return %r : f32
}
func.func @mul_zero_tgt(%x: f32) -> f32 {
  %c = arith.constant 0.0 : f32
  return %c : f32
}

// Doubling is exact either way (overflow to inf included).
// EXPECT mul_two: correct
func.func @mul_two_src(%x: f32) -> f32 {
  %c = arith.constant 2.0 : f32
  %r = arith.mulf %x, %c : f32
  return %r : f32
}
func.func @mul_two_tgt(%x: f32) -> f32 {
  %r = arith.addf %x, %x : f32
  return %r : f32
}

// Multiplying by 3 twice is not multiplying by 9: the first product rounds.
// EXPECT mul_nine: incorrect value
func.func @mul_nine_src(%x: f16) -> f16 {
  %c = arith.constant 3.0 : f16
  %a = arith.mulf %x, %c : f16
  %r = arith.mulf %a, %c : f16
  return %r : f16
}
func.func @mul_nine_tgt(%x: f16) -> f16 {
  %c = arith.constant 9.0 : f16
  %r = arith.mulf %x, %c : f16
  return %r : f16
}

// Dividing by a power of two is multiplying by its exact reciprocal.
// EXPECT div_two: correct
func.func @div_two_src(%x: f16) -> f16 {
  %c = arith.constant 2.0 : f16
  %r = arith.divf %x, %c : f16
  return %r : f16
}
func.func @div_two_tgt(%x: f16) -> f16 {
  %c = arith.constant 0.5 : f16
  %r = arith.mulf %x, %c : f16
  return %r : f16
}

// 1/3 is not exact: x / 3 and x * 0.3333 round differently (x = 3.0: 1.0 vs 0.9995).
// EXPECT div_three: incorrect value
func.func @div_three_src(%x: f16) -> f16 {
  %c = arith.constant 3.0 : f16
  %r = arith.divf %x, %c : f16
  return %r : f16
}
func.func @div_three_tgt(%x: f16) -> f16 {
  %c = arith.constant 0.333333333 : f16
  %r = arith.mulf %x, %c : f16
  return %r : f16
}

// Addition commutes.
// EXPECT add_commute: correct
func.func @add_commute_src(%x: f16, %y: f16) -> f16 {
  %r = arith.addf %x, %y : f16
  return %r : f16
}
func.func @add_commute_tgt(%x: f16, %y: f16) -> f16 {
  %r = arith.addf %y, %x : f16
  return %r : f16
}

// It does not associate: the rounding of the inner sum differs.
// EXPECT add_assoc: incorrect value
func.func @add_assoc_src(%x: f16, %y: f16, %z: f16) -> f16 {
  %a = arith.addf %x, %y : f16
  %r = arith.addf %a, %z : f16
  return %r : f16
}
func.func @add_assoc_tgt(%x: f16, %y: f16, %z: f16) -> f16 {
  %a = arith.addf %y, %z : f16
  %r = arith.addf %x, %a : f16
  return %r : f16
}

// Subtraction is addition of the negation (IEEE 754).
// EXPECT sub_is_add_neg: correct
func.func @sub_is_add_neg_src(%x: f64, %y: f64) -> f64 {
  %r = arith.subf %x, %y : f64
  return %r : f64
}
func.func @sub_is_add_neg_tgt(%x: f64, %y: f64) -> f64 {
  %n = arith.negf %y : f64
  %r = arith.addf %x, %n : f64
  return %r : f64
}

// x - x is not 0.0: NaN - NaN and inf - inf are NaN.
// EXPECT sub_self: incorrect value
func.func @sub_self_src(%x: f32) -> f32 {
  %r = arith.subf %x, %x : f32
  return %r : f32
}
func.func @sub_self_tgt(%x: f32) -> f32 {
  %c = arith.constant 0.0 : f32
  return %c : f32
}

// negf flips the sign bit, twice is the identity (NaN payloads included).
// EXPECT neg_neg: correct
func.func @neg_neg_src(%x: f32) -> f32 {
  %a = arith.negf %x : f32
  %r = arith.negf %a : f32
  return %r : f32
}
func.func @neg_neg_tgt(%x: f32) -> f32 {
  return %x : f32
}

// 0.0 - x is not negf x: x = +0.0 gives 0.0 - 0.0 = +0.0, negf gives -0.0.
// EXPECT neg_as_zero_minus: incorrect value
func.func @neg_as_zero_minus_src(%x: f32) -> f32 {
  %r = arith.negf %x : f32
  return %r : f32
}
func.func @neg_as_zero_minus_tgt(%x: f32) -> f32 {
  %c = arith.constant 0.0 : f32
  %r = arith.subf %c, %x : f32
  return %r : f32
}

// -0.0 - x is: -0 - +0 = -0, -0 - -0 = +0, and the rest is exact.
// EXPECT neg_as_neg_zero_minus: correct
func.func @neg_as_neg_zero_minus_src(%x: f32) -> f32 {
  %r = arith.negf %x : f32
  return %r : f32
}
func.func @neg_as_neg_zero_minus_tgt(%x: f32) -> f32 {
  %c = arith.constant -0.0 : f32
  %r = arith.subf %c, %x : f32
  return %r : f32
}

// remf is fmod: the sign follows the dividend, so the divisor's sign does not matter.
// EXPECT rem_divisor_sign: correct
func.func @rem_divisor_sign_src(%x: f16, %y: f16) -> f16 {
  %r = arith.remf %x, %y : f16
  return %r : f16
}
func.func @rem_divisor_sign_tgt(%x: f16, %y: f16) -> f16 {
  %n = arith.negf %y : f16
  %r = arith.remf %x, %n : f16
  return %r : f16
}

// ... the dividend's does (x = 1.0, y = 2.0: 1.0 vs -1.0).
// EXPECT rem_dividend_sign: incorrect value
func.func @rem_dividend_sign_src(%x: f16, %y: f16) -> f16 {
  %r = arith.remf %x, %y : f16
  return %r : f16
}
func.func @rem_dividend_sign_tgt(%x: f16, %y: f16) -> f16 {
  %n = arith.negf %x : f16
  %r = arith.remf %n, %y : f16
  return %r : f16
}

// fmod(-x, y) = -fmod(x, y), zeros included (an fmod zero has the dividend's sign). The
// IEEE remainder (fp.rem) would differ: rem(3, 2) = -1, fmod(3, 2) = 1.
// EXPECT rem_odd: correct
func.func @rem_odd_src(%x: f16, %y: f16) -> f16 {
  %n = arith.negf %x : f16
  %r = arith.remf %n, %y : f16
  return %r : f16
}
func.func @rem_odd_tgt(%x: f16, %y: f16) -> f16 {
  %a = arith.remf %x, %y : f16
  %r = arith.negf %a : f16
  return %r : f16
}

// x / x is not 1.0 (x = 0 or inf gives NaN).
// EXPECT div_self: incorrect value
func.func @div_self_src(%x: f16) -> f16 {
  %r = arith.divf %x, %x : f16
  return %r : f16
}
func.func @div_self_tgt(%x: f16) -> f16 {
  %c = arith.constant 1.0 : f16
  return %c : f16
}
