// Float conversions: extf / truncf (rounding modes), sitofp / uitofp, fptosi / fptoui
// (poison for NaN, infinities and out-of-range values, LLVM LangRef) and bitcast.

// f32 -> f64 -> f32 is the identity: widening is exact, narrowing it back is too.
// EXPECT f32_f64_roundtrip: correct
func.func @f32_f64_roundtrip_src(%x: f32) -> f32 {
  %w = arith.extf %x : f32 to f64
  %r = arith.truncf %w : f64 to f32
  return %r : f32
}
func.func @f32_f64_roundtrip_tgt(%x: f32) -> f32 {
  return %x : f32
}

// f64 -> f32 -> f64 loses precision.
// EXPECT f64_f32_roundtrip: incorrect value
func.func @f64_f32_roundtrip_src(%x: f64) -> f64 {
  %n = arith.truncf %x : f64 to f32
  %r = arith.extf %n : f32 to f64
  return %r : f64
}
func.func @f64_f32_roundtrip_tgt(%x: f64) -> f64 {
  return %x : f64
}

// bf16 -> f32 -> bf16 is the identity, whatever the rounding mode.
// EXPECT bf16_roundtrip: correct
func.func @bf16_roundtrip_src(%x: bf16) -> bf16 {
  %w = arith.extf %x : bf16 to f32
  %r = arith.truncf %w downward : f32 to bf16
  return %r : bf16
}
func.func @bf16_roundtrip_tgt(%x: bf16) -> bf16 {
  return %x : bf16
}

// f16 -> bf16 through f32 is not exact: bf16 has 8 bits of precision, f16 11.
// EXPECT f16_to_bf16: incorrect value
func.func @f16_to_bf16_src(%x: f16) -> f16 {
  %w = arith.extf %x : f16 to f32
  %n = arith.truncf %w : f32 to bf16
  %b = arith.extf %n : bf16 to f32
  %r = arith.truncf %b : f32 to f16
  return %r : f16
}
func.func @f16_to_bf16_tgt(%x: f16) -> f16 {
  return %x : f16
}

// Rounding modes differ: downward and toward zero disagree on negative values.
// EXPECT truncf_modes: incorrect value
func.func @truncf_modes_src(%x: f32) -> f16 {
  %r = arith.truncf %x downward : f32 to f16
  return %r : f16
}
func.func @truncf_modes_tgt(%x: f32) -> f16 {
  %r = arith.truncf %x toward_zero : f32 to f16
  return %r : f16
}

// ... and agree on positive ones (|x| as maximumf(x, -x)).
// EXPECT truncf_modes_positive: correct
func.func @truncf_modes_positive_src(%x: f32) -> f16 {
  %n = arith.negf %x : f32
  %a = arith.maximumf %x, %n : f32
  %r = arith.truncf %a downward : f32 to f16
  return %r : f16
}
func.func @truncf_modes_positive_tgt(%x: f32) -> f16 {
  %n = arith.negf %x : f32
  %a = arith.maximumf %x, %n : f32
  %r = arith.truncf %a toward_zero : f32 to f16
  return %r : f16
}

// Every i32 is a double: i32 -> f64 -> i32 is exact.
// EXPECT i32_f64_roundtrip: correct
func.func @i32_f64_roundtrip_src(%x: i32) -> i32 {
  %f = arith.sitofp %x : i32 to f64
  %r = arith.fptosi %f : f64 to i32
  return %r : i32
}
func.func @i32_f64_roundtrip_tgt(%x: i32) -> i32 {
  return %x : i32
}

// Not every i32 is a float: 16777217 rounds to 16777216.
// EXPECT i32_f32_roundtrip: incorrect value
func.func @i32_f32_roundtrip_src(%x: i32) -> i32 {
  %f = arith.sitofp %x : i32 to f32
  %r = arith.fptosi %f : f32 to i32
  return %r : i32
}
func.func @i32_f32_roundtrip_tgt(%x: i32) -> i32 {
  return %x : i32
}

// i8 through f16 and back is exact.
// EXPECT i8_f16_roundtrip: correct
func.func @i8_f16_roundtrip_src(%x: i8) -> i8 {
  %f = arith.sitofp %x : i8 to f16
  %r = arith.fptosi %f : f16 to i8
  return %r : i8
}
func.func @i8_f16_roundtrip_tgt(%x: i8) -> i8 {
  return %x : i8
}

// uitofp of a negative i8 is not sitofp.
// EXPECT uitofp_as_sitofp: incorrect value
func.func @uitofp_as_sitofp_src(%x: i8) -> f32 {
  %r = arith.uitofp %x : i8 to f32
  return %r : f32
}
func.func @uitofp_as_sitofp_tgt(%x: i8) -> f32 {
  %r = arith.sitofp %x : i8 to f32
  return %r : f32
}

// But it is sitofp of the zero-extended value.
// EXPECT uitofp_as_sitofp_extui: correct
func.func @uitofp_as_sitofp_extui_src(%x: i8) -> f32 {
  %r = arith.uitofp %x : i8 to f32
  return %r : f32
}
func.func @uitofp_as_sitofp_extui_tgt(%x: i8) -> f32 {
  %w = arith.extui %x : i8 to i16
  %r = arith.sitofp %w : i16 to f32
  return %r : f32
}

// fptosi to i8 of 200.0 is poison: any target value refines it.
// EXPECT fptosi_narrow_via_wide: correct
func.func @fptosi_narrow_via_wide_src(%x: f32) -> i8 {
  %r = arith.fptosi %x : f32 to i8
  return %r : i8
}
func.func @fptosi_narrow_via_wide_tgt(%x: f32) -> i8 {
  %w = arith.fptosi %x : f32 to i32
  %r = arith.trunci %w : i32 to i8
  return %r : i8
}

// The other way round the target is poison where the source is not (x = 200.0).
// EXPECT fptosi_wide_via_narrow: incorrect poison
func.func @fptosi_wide_via_narrow_src(%x: f32) -> i8 {
  %w = arith.fptosi %x : f32 to i32
  %r = arith.trunci %w : i32 to i8
  return %r : i8
}
func.func @fptosi_wide_via_narrow_tgt(%x: f32) -> i8 {
  %r = arith.fptosi %x : f32 to i8
  return %r : i8
}

// fptoui of a value in (-1, 0) truncates to 0, which fits: not poison, like fptosi.
// EXPECT fptoui_small_negative: correct
func.func @fptoui_small_negative_src(%x: f16) -> i8 {
  %h = arith.constant -0.5 : f16
  %m = arith.maximumf %x, %h : f16
  %c = arith.constant 0.5 : f16
  %s = arith.minimumf %m, %c : f16
  %r = arith.fptoui %s : f16 to i8
  return %r : i8
}
func.func @fptoui_small_negative_tgt(%x: f16) -> i8 {
  %h = arith.constant -0.5 : f16
  %m = arith.maximumf %x, %h : f16
  %c = arith.constant 0.5 : f16
  %s = arith.minimumf %m, %c : f16
  %r = arith.fptosi %s : f16 to i8
  return %r : i8
}

// fptoui of -1.0 is poison, fptosi is not.
// EXPECT fptosi_as_fptoui: incorrect poison
func.func @fptosi_as_fptoui_src(%x: f16) -> i8 {
  %r = arith.fptosi %x : f16 to i8
  return %r : i8
}
func.func @fptosi_as_fptoui_tgt(%x: f16) -> i8 {
  %r = arith.fptoui %x : f16 to i8
  return %r : i8
}

// bitcast there and back is the identity, NaN payloads included.
// EXPECT bitcast_roundtrip: correct
func.func @bitcast_roundtrip_src(%x: i32) -> i32 {
  %f = arith.bitcast %x : i32 to f32
  %r = arith.bitcast %f : f32 to i32
  return %r : i32
}
func.func @bitcast_roundtrip_tgt(%x: i32) -> i32 {
  return %x : i32
}

// negf flips the sign bit only: an integer xor on the bits.
// EXPECT negf_as_xor: correct
func.func @negf_as_xor_src(%x: i32) -> i32 {
  %f = arith.bitcast %x : i32 to f32
  %n = arith.negf %f : f32
  %r = arith.bitcast %n : f32 to i32
  return %r : i32
}
func.func @negf_as_xor_tgt(%x: i32) -> i32 {
  %m = arith.constant -2147483648 : i32
  %r = arith.xori %x, %m : i32
  return %r : i32
}

// The xor with the wrong mask is not.
// EXPECT negf_as_wrong_xor: incorrect value
func.func @negf_as_wrong_xor_src(%x: i32) -> i32 {
  %f = arith.bitcast %x : i32 to f32
  %n = arith.negf %f : f32
  %r = arith.bitcast %n : f32 to i32
  return %r : i32
}
func.func @negf_as_wrong_xor_tgt(%x: i32) -> i32 {
  %m = arith.constant 2147483647 : i32
  %r = arith.xori %x, %m : i32
  return %r : i32
}
