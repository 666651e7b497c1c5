// Fast-math flags (LLVM LangRef semantics): nnan / ninf make a NaN / infinite operand or
// result poison; nsz leaves the sign of a zero result (and of a zero divisor) open; reassoc,
// contract, arcp and afn allow approximations irproof does not model, so a verdict that
// depends on them is `unknown` (flags in the source: a counterexample may be allowed;
// in the target: a proof may not hold for what the target computes).

// With nnan, x - x is NaN only where it is poison (x NaN, or x infinite: inf - inf).
// EXPECT sub_self_nnan: correct
func.func @sub_self_nnan_src(%x: f32) -> f32 {
  %r = arith.subf %x, %x fastmath<nnan> : f32
  return %r : f32
}
func.func @sub_self_nnan_tgt(%x: f32) -> f32 {
  %c = arith.constant 0.0 : f32
  return %c : f32
}

// ninf alone does not help: x = NaN is not poison and gives NaN.
// EXPECT sub_self_ninf: incorrect value
func.func @sub_self_ninf_src(%x: f32) -> f32 {
  %r = arith.subf %x, %x fastmath<ninf> : f32
  return %r : f32
}
func.func @sub_self_ninf_tgt(%x: f32) -> f32 {
  %c = arith.constant 0.0 : f32
  return %c : f32
}

// x / x with nnan and ninf: 0/0 and inf/inf are poison, every other x gives 1.0.
// EXPECT div_self_fast: correct
func.func @div_self_fast_src(%x: f16) -> f16 {
  %r = arith.divf %x, %x fastmath<nnan,ninf> : f16
  return %r : f16
}
func.func @div_self_fast_tgt(%x: f16) -> f16 {
  %c = arith.constant 1.0 : f16
  return %c : f16
}

// x * 0.0 with nnan, ninf, nsz: the result is a zero whose sign does not matter.
// EXPECT mul_zero_fast: correct
func.func @mul_zero_fast_src(%x: f32) -> f32 {
  %c = arith.constant 0.0 : f32
  %r = arith.mulf %x, %c fastmath<nnan,ninf,nsz> : f32
  return %r : f32
}
func.func @mul_zero_fast_tgt(%x: f32) -> f32 {
  %c = arith.constant 0.0 : f32
  return %c : f32
}

// Without nsz the sign matters: x = -1.0 gives -0.0.
// EXPECT mul_zero_no_nsz: incorrect value
func.func @mul_zero_no_nsz_src(%x: f32) -> f32 {
  %c = arith.constant 0.0 : f32
  %r = arith.mulf %x, %c fastmath<nnan,ninf> : f32
  return %r : f32
}
func.func @mul_zero_no_nsz_tgt(%x: f32) -> f32 {
  %c = arith.constant 0.0 : f32
  return %c : f32
}

// x + 0.0 under nsz: -0.0 + 0.0 = +0.0, but with nsz the source may return -0.0 too.
// EXPECT add_zero_nsz: correct
func.func @add_zero_nsz_src(%x: f32) -> f32 {
  %c = arith.constant 0.0 : f32
  %r = arith.addf %x, %c fastmath<nsz> : f32
  return %r : f32
}
func.func @add_zero_nsz_tgt(%x: f32) -> f32 {
  return %x : f32
}

// nsz on the target only: it may return +0.0 for x = -0.0, which the source never does.
// EXPECT add_zero_nsz_target: incorrect value
func.func @add_zero_nsz_target_src(%x: f32) -> f32 {
  return %x : f32
}
func.func @add_zero_nsz_target_tgt(%x: f32) -> f32 {
  %c = arith.constant 0.0 : f32
  %r = arith.addf %x, %c fastmath<nsz> : f32
  return %r : f32
}

// nsz on a divisor: 1 / -0.0 may be +inf under nsz, so 1 / (x + 0.0) (which turns -0.0
// into +0.0 and keeps every other x) refines it.
// EXPECT div_nsz_divisor: correct
func.func @div_nsz_divisor_src(%x: f16) -> f16 {
  %one = arith.constant 1.0 : f16
  %r = arith.divf %one, %x fastmath<nsz> : f16
  return %r : f16
}
func.func @div_nsz_divisor_tgt(%x: f16) -> f16 {
  %one = arith.constant 1.0 : f16
  %zero = arith.constant 0.0 : f16
  %a = arith.addf %x, %zero : f16
  %r = arith.divf %one, %a : f16
  return %r : f16
}

// Without nsz, 1 / -0.0 is -inf.
// EXPECT div_no_nsz_divisor: incorrect value
func.func @div_no_nsz_divisor_src(%x: f16) -> f16 {
  %one = arith.constant 1.0 : f16
  %r = arith.divf %one, %x : f16
  return %r : f16
}
func.func @div_no_nsz_divisor_tgt(%x: f16) -> f16 {
  %one = arith.constant 1.0 : f16
  %zero = arith.constant 0.0 : f16
  %a = arith.addf %x, %zero : f16
  %r = arith.divf %one, %a : f16
  return %r : f16
}

// Dropping nnan only removes poison.
// EXPECT drop_nnan: correct
func.func @drop_nnan_src(%x: f32, %y: f32) -> f32 {
  %r = arith.addf %x, %y fastmath<nnan> : f32
  return %r : f32
}
func.func @drop_nnan_tgt(%x: f32, %y: f32) -> f32 {
  %r = arith.addf %x, %y : f32
  return %r : f32
}

// Adding it makes the target poison where the source is NaN.
// EXPECT add_nnan: incorrect poison
func.func @add_nnan_src(%x: f32, %y: f32) -> f32 {
  %r = arith.addf %x, %y : f32
  return %r : f32
}
func.func @add_nnan_tgt(%x: f32, %y: f32) -> f32 {
  %r = arith.addf %x, %y fastmath<nnan> : f32
  return %r : f32
}

// cmpf ord x, x is true for every x that is not NaN, and nnan makes NaN poison.
// EXPECT cmpf_ord_nnan: correct
func.func @cmpf_ord_nnan_src(%x: f32) -> i1 {
  %r = arith.cmpf ord, %x, %x fastmath<nnan> : f32
  return %r : i1
}
func.func @cmpf_ord_nnan_tgt(%x: f32) -> i1 {
  %t = arith.constant true
  return %t : i1
}

// Without the flag, x = NaN gives false.
// EXPECT cmpf_ord: incorrect value
func.func @cmpf_ord_src(%x: f32) -> i1 {
  %r = arith.cmpf ord, %x, %x : f32
  return %r : i1
}
func.func @cmpf_ord_tgt(%x: f32) -> i1 {
  %t = arith.constant true
  return %t : i1
}

// reassoc in the source only: the target computes one of the source's behaviours.
// EXPECT reassoc_source_commute: correct
func.func @reassoc_source_commute_src(%x: f16, %y: f16) -> f16 {
  %r = arith.addf %x, %y fastmath<reassoc> : f16
  return %r : f16
}
func.func @reassoc_source_commute_tgt(%x: f16, %y: f16) -> f16 {
  %r = arith.addf %y, %x : f16
  return %r : f16
}

// reassoc in the target only: its IEEE behaviour already differs from the source's.
// EXPECT reassoc_target_assoc: incorrect value
func.func @reassoc_target_assoc_src(%x: f16, %y: f16, %z: f16) -> f16 {
  %a = arith.addf %x, %y : f16
  %r = arith.addf %a, %z : f16
  return %r : f16
}
func.func @reassoc_target_assoc_tgt(%x: f16, %y: f16, %z: f16) -> f16 {
  %a = arith.addf %y, %z fastmath<reassoc> : f16
  %r = arith.addf %x, %a fastmath<reassoc> : f16
  return %r : f16
}

// Reassociation the source's flags allow: the IEEE counterexample does not settle it.
// EXPECT reassoc_source_assoc: unknown
func.func @reassoc_source_assoc_src(%x: f16, %y: f16, %z: f16) -> f16 {
  %a = arith.addf %x, %y fastmath<reassoc> : f16
  %r = arith.addf %a, %z fastmath<reassoc> : f16
  return %r : f16
}
func.func @reassoc_source_assoc_tgt(%x: f16, %y: f16, %z: f16) -> f16 {
  %a = arith.addf %y, %z fastmath<reassoc> : f16
  %r = arith.addf %x, %a fastmath<reassoc> : f16
  return %r : f16
}

// contract in the target: proved for IEEE arithmetic, not for what contraction may compute.
// EXPECT contract_target: unknown
func.func @contract_target_src(%x: f16, %y: f16) -> f16 {
  %r = arith.mulf %x, %y : f16
  return %r : f16
}
func.func @contract_target_tgt(%x: f16, %y: f16) -> f16 {
  %r = arith.mulf %y, %x fastmath<contract> : f16
  return %r : f16
}
