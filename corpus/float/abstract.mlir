// Large queries: with more than FP_ABSTRACT_THRESHOLD (24) float arithmetic ops a pair is
// verified with abstract floats (uninterpreted addf / mulf, operands of these in a canonical
// order), the default `--fp auto`. A proof there holds for IEEE; a counterexample is
// re-checked with exact floats before it is reported.

// A degree-7 polynomial by Horner's rule, every addf and mulf with its operands swapped
// (28 float ops): proved abstractly, without bit-blasting one f64 multiplier.
// EXPECT horner_commuted: correct
func.func @horner_commuted_src(%x: f64) -> f64 {
  %c0 = arith.constant 1.0 : f64
  %c1 = arith.constant -0.5 : f64
  %c2 = arith.constant 0.25 : f64
  %c3 = arith.constant 2.0 : f64
  %c4 = arith.constant -3.0 : f64
  %c5 = arith.constant 0.125 : f64
  %c6 = arith.constant 1.5 : f64
  %c7 = arith.constant -1.0 : f64
  %m1 = arith.mulf %c0, %x : f64
  %a1 = arith.addf %m1, %c1 : f64
  %m2 = arith.mulf %a1, %x : f64
  %a2 = arith.addf %m2, %c2 : f64
  %m3 = arith.mulf %a2, %x : f64
  %a3 = arith.addf %m3, %c3 : f64
  %m4 = arith.mulf %a3, %x : f64
  %a4 = arith.addf %m4, %c4 : f64
  %m5 = arith.mulf %a4, %x : f64
  %a5 = arith.addf %m5, %c5 : f64
  %m6 = arith.mulf %a5, %x : f64
  %a6 = arith.addf %m6, %c6 : f64
  %m7 = arith.mulf %a6, %x : f64
  %a7 = arith.addf %m7, %c7 : f64
  return %a7 : f64
}
func.func @horner_commuted_tgt(%x: f64) -> f64 {
  %c0 = arith.constant 1.0 : f64
  %c1 = arith.constant -0.5 : f64
  %c2 = arith.constant 0.25 : f64
  %c3 = arith.constant 2.0 : f64
  %c4 = arith.constant -3.0 : f64
  %c5 = arith.constant 0.125 : f64
  %c6 = arith.constant 1.5 : f64
  %c7 = arith.constant -1.0 : f64
  %m1 = arith.mulf %x, %c0 : f64
  %a1 = arith.addf %c1, %m1 : f64
  %m2 = arith.mulf %x, %a1 : f64
  %a2 = arith.addf %c2, %m2 : f64
  %m3 = arith.mulf %x, %a2 : f64
  %a3 = arith.addf %c3, %m3 : f64
  %m4 = arith.mulf %x, %a3 : f64
  %a4 = arith.addf %c4, %m4 : f64
  %m5 = arith.mulf %x, %a4 : f64
  %a5 = arith.addf %c5, %m5 : f64
  %m6 = arith.mulf %x, %a5 : f64
  %a6 = arith.addf %c6, %m6 : f64
  %m7 = arith.mulf %x, %a6 : f64
  %a7 = arith.addf %c7, %m7 : f64
  return %a7 : f64
}

// The same with one coefficient changed: the abstract counterexample is confirmed exactly.
// EXPECT horner_coefficient: incorrect value
func.func @horner_coefficient_src(%x: f16) -> f16 {
  %c0 = arith.constant 1.0 : f16
  %c1 = arith.constant -0.5 : f16
  %c2 = arith.constant 0.25 : f16
  %c3 = arith.constant 2.0 : f16
  %c4 = arith.constant -3.0 : f16
  %c5 = arith.constant 0.125 : f16
  %c6 = arith.constant 1.5 : f16
  %c7 = arith.constant -1.0 : f16
  %m1 = arith.mulf %c0, %x : f16
  %a1 = arith.addf %m1, %c1 : f16
  %m2 = arith.mulf %a1, %x : f16
  %a2 = arith.addf %m2, %c2 : f16
  %m3 = arith.mulf %a2, %x : f16
  %a3 = arith.addf %m3, %c3 : f16
  %m4 = arith.mulf %a3, %x : f16
  %a4 = arith.addf %m4, %c4 : f16
  %m5 = arith.mulf %a4, %x : f16
  %a5 = arith.addf %m5, %c5 : f16
  %m6 = arith.mulf %a5, %x : f16
  %a6 = arith.addf %m6, %c6 : f16
  %m7 = arith.mulf %a6, %x : f16
  %a7 = arith.addf %m7, %c7 : f16
  return %a7 : f16
}
func.func @horner_coefficient_tgt(%x: f16) -> f16 {
  %c0 = arith.constant 1.0 : f16
  %c1 = arith.constant -0.5 : f16
  %c2 = arith.constant 0.25 : f16
  %c3 = arith.constant 2.5 : f16
  %c4 = arith.constant -3.0 : f16
  %c5 = arith.constant 0.125 : f16
  %c6 = arith.constant 1.5 : f16
  %c7 = arith.constant -1.0 : f16
  %m1 = arith.mulf %x, %c0 : f16
  %a1 = arith.addf %c1, %m1 : f16
  %m2 = arith.mulf %x, %a1 : f16
  %a2 = arith.addf %c2, %m2 : f16
  %m3 = arith.mulf %x, %a2 : f16
  %a3 = arith.addf %c3, %m3 : f16
  %m4 = arith.mulf %x, %a3 : f16
  %a4 = arith.addf %c4, %m4 : f16
  %m5 = arith.mulf %x, %a4 : f16
  %a5 = arith.addf %c5, %m5 : f16
  %m6 = arith.mulf %x, %a5 : f16
  %a6 = arith.addf %c6, %m6 : f16
  %m7 = arith.mulf %x, %a6 : f16
  %a7 = arith.addf %c7, %m7 : f16
  return %a7 : f16
}
