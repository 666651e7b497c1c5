// Float comparisons (arith.cmpf, all sixteen predicates: o* is false and u* true when an
// operand is NaN, +0 == -0), min / max (maximumf / minimumf: NaN wins, -0 < +0; maxnumf /
// minnumf: the other operand wins over a NaN, +0 / -0 gives either) and select on floats.

// x == x (ordered) is "x is not NaN".
// EXPECT oeq_self_is_ord: correct
func.func @oeq_self_is_ord_src(%x: f32) -> i1 {
  %r = arith.cmpf oeq, %x, %x : f32
  return %r : i1
}
func.func @oeq_self_is_ord_tgt(%x: f32) -> i1 {
  %r = arith.cmpf ord, %x, %x : f32
  return %r : i1
}

// It is not always true: x = NaN.
// EXPECT oeq_self_true: incorrect value
func.func @oeq_self_true_src(%x: f32) -> i1 {
  %r = arith.cmpf oeq, %x, %x : f32
  return %r : i1
}
func.func @oeq_self_true_tgt(%x: f32) -> i1 {
  %t = arith.constant true
  return %t : i1
}

// ult is the negation of oge (unordered or less = not (ordered and greater-or-equal)).
// EXPECT ult_not_oge: correct
func.func @ult_not_oge_src(%x: f64, %y: f64) -> i1 {
  %r = arith.cmpf ult, %x, %y : f64
  return %r : i1
}
func.func @ult_not_oge_tgt(%x: f64, %y: f64) -> i1 {
  %c = arith.cmpf oge, %x, %y : f64
  %t = arith.constant true
  %r = arith.xori %c, %t : i1
  return %r : i1
}

// olt is not the negation of oge: both are false on NaN.
// EXPECT olt_not_oge: incorrect value
func.func @olt_not_oge_src(%x: f64, %y: f64) -> i1 {
  %r = arith.cmpf olt, %x, %y : f64
  return %r : i1
}
func.func @olt_not_oge_tgt(%x: f64, %y: f64) -> i1 {
  %c = arith.cmpf oge, %x, %y : f64
  %t = arith.constant true
  %r = arith.xori %c, %t : i1
  return %r : i1
}

// Swapping the operands swaps the predicate, NaN and zeros included.
// EXPECT ugt_swap: correct
func.func @ugt_swap_src(%x: bf16, %y: bf16) -> i1 {
  %r = arith.cmpf ugt, %x, %y : bf16
  return %r : i1
}
func.func @ugt_swap_tgt(%x: bf16, %y: bf16) -> i1 {
  %r = arith.cmpf ult, %y, %x : bf16
  return %r : i1
}

// une is not one: NaN != NaN is unordered, so une is true and one false.
// EXPECT une_is_one: incorrect value
func.func @une_is_one_src(%x: bf16, %y: bf16) -> i1 {
  %r = arith.cmpf une, %x, %y : bf16
  return %r : i1
}
func.func @une_is_one_tgt(%x: bf16, %y: bf16) -> i1 {
  %r = arith.cmpf one, %x, %y : bf16
  return %r : i1
}

// -0.0 == +0.0: comparing with either zero is the same.
// EXPECT oeq_zero_signs: correct
func.func @oeq_zero_signs_src(%x: f32) -> i1 {
  %z = arith.constant 0.0 : f32
  %r = arith.cmpf oeq, %x, %z : f32
  return %r : i1
}
func.func @oeq_zero_signs_tgt(%x: f32) -> i1 {
  %z = arith.constant -0.0 : f32
  %r = arith.cmpf oeq, %x, %z : f32
  return %r : i1
}

// But the bit patterns differ: x = -0.0 is oeq 0.0 and not bitwise equal to it.
// EXPECT oeq_zero_bits: incorrect value
func.func @oeq_zero_bits_src(%x: f32) -> i1 {
  %z = arith.constant 0.0 : f32
  %r = arith.cmpf oeq, %x, %z : f32
  return %r : i1
}
func.func @oeq_zero_bits_tgt(%x: f32) -> i1 {
  %b = arith.bitcast %x : f32 to i32
  %z = arith.constant 0 : i32
  %r = arith.cmpi eq, %b, %z : i32
  return %r : i1
}

// maximumf commutes, -0 < +0 and NaN included.
// EXPECT maximumf_commute: correct
func.func @maximumf_commute_src(%x: f16, %y: f16) -> f16 {
  %r = arith.maximumf %x, %y : f16
  return %r : f16
}
func.func @maximumf_commute_tgt(%x: f16, %y: f16) -> f16 {
  %r = arith.maximumf %y, %x : f16
  return %r : f16
}

// maxnumf commutes too: for +0 and -0 either side may return either zero.
// EXPECT maxnumf_commute: correct
func.func @maxnumf_commute_src(%x: f16, %y: f16) -> f16 {
  %r = arith.maxnumf %x, %y : f16
  return %r : f16
}
func.func @maxnumf_commute_tgt(%x: f16, %y: f16) -> f16 {
  %r = arith.maxnumf %y, %x : f16
  return %r : f16
}

// maxnumf is not maximumf: x = NaN, y = 1.0 gives 1.0 and NaN.
// EXPECT maxnumf_to_maximumf: incorrect value
func.func @maxnumf_to_maximumf_src(%x: f16, %y: f16) -> f16 {
  %r = arith.maxnumf %x, %y : f16
  return %r : f16
}
func.func @maxnumf_to_maximumf_tgt(%x: f16, %y: f16) -> f16 {
  %r = arith.maximumf %x, %y : f16
  return %r : f16
}

// maximumf(+0, -0) is +0, one of the results maxnumf(+0, -0) may have: maximumf refines it
// when no operand is NaN (nnan makes NaN poison in the source).
// EXPECT maxnumf_nnan_to_maximumf: correct
func.func @maxnumf_nnan_to_maximumf_src(%x: f16, %y: f16) -> f16 {
  %r = arith.maxnumf %x, %y fastmath<nnan> : f16
  return %r : f16
}
func.func @maxnumf_nnan_to_maximumf_tgt(%x: f16, %y: f16) -> f16 {
  %r = arith.maximumf %x, %y : f16
  return %r : f16
}

// The other way round the target may return -0 where maximumf says +0.
// EXPECT maximumf_to_maxnumf_nnan: incorrect value
func.func @maximumf_to_maxnumf_nnan_src(%x: f16, %y: f16) -> f16 {
  %r = arith.maximumf %x, %y fastmath<nnan> : f16
  return %r : f16
}
func.func @maximumf_to_maxnumf_nnan_tgt(%x: f16, %y: f16) -> f16 {
  %r = arith.maxnumf %x, %y : f16
  return %r : f16
}

// minimumf(x, x) is x for every x (a NaN stays a NaN).
// EXPECT minimumf_self: correct
func.func @minimumf_self_src(%x: f32) -> f32 {
  %r = arith.minimumf %x, %x : f32
  return %r : f32
}
func.func @minimumf_self_tgt(%x: f32) -> f32 {
  return %x : f32
}

// minimumf(x, 0.0) is not "x < 0 ? x : 0.0": x = -0.0 gives -0.0 and 0.0.
// EXPECT minimumf_as_select: incorrect value
func.func @minimumf_as_select_src(%x: f32) -> f32 {
  %z = arith.constant 0.0 : f32
  %r = arith.minimumf %x, %z : f32
  return %r : f32
}
func.func @minimumf_as_select_tgt(%x: f32) -> f32 {
  %z = arith.constant 0.0 : f32
  %c = arith.cmpf olt, %x, %z : f32
  %r = arith.select %c, %x, %z : f32
  return %r : f32
}

// select of the same float is that float.
// EXPECT select_same: correct
func.func @select_same_src(%c: i1, %x: f64) -> f64 {
  %r = arith.select %c, %x, %x : f64
  return %r : f64
}
func.func @select_same_tgt(%c: i1, %x: f64) -> f64 {
  return %x : f64
}

// select with its arms swapped is not the same select (first failure: the arm now chosen
// is poison).
// EXPECT select_swap: incorrect poison
func.func @select_swap_src(%c: i1, %x: f64, %y: f64) -> f64 {
  %r = arith.select %c, %x, %y : f64
  return %r : f64
}
func.func @select_swap_tgt(%c: i1, %x: f64, %y: f64) -> f64 {
  %r = arith.select %c, %y, %x : f64
  return %r : f64
}
