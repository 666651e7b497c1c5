// Integer casts: extui (with nneg), extsi, trunci (with overflow<nsw, nuw>), bitcast,
// index_cast (sign-extends / truncates) and index_castui (zero-extends / truncates, nneg).
// index_cast pairs are checked with a 32-bit and with a 64-bit index.

// extui of an i1 is 1 for true and 0 for false.
// EXPECT extui_i1_select: correct
func.func @extui_i1_select_src(%c: i1) -> i8 {
  %r = arith.extui %c : i1 to i8
  return %r : i8
}
func.func @extui_i1_select_tgt(%c: i1) -> i8 {
  %c1 = arith.constant 1 : i8
  %c0 = arith.constant 0 : i8
  %r = arith.select %c, %c1, %c0 : i8
  return %r : i8
}

// c = true: extsi of the i1 true (-1) is -1, tgt selects 1.
// EXPECT extsi_i1_select: incorrect value
func.func @extsi_i1_select_src(%c: i1) -> i8 {
  %r = arith.extsi %c : i1 to i8
  return %r : i8
}
func.func @extsi_i1_select_tgt(%c: i1) -> i8 {
  %c1 = arith.constant 1 : i8
  %c0 = arith.constant 0 : i8
  %r = arith.select %c, %c1, %c0 : i8
  return %r : i8
}

// Truncating a zero-extended value gives the original back.
// EXPECT trunc_of_zext: correct
func.func @trunc_of_zext_src(%x: i8) -> i8 {
  %e = arith.extui %x : i8 to i16
  %r = arith.trunci %e : i16 to i8
  return %r : i8
}
func.func @trunc_of_zext_tgt(%x: i8) -> i8 {
  return %x : i8
}

// x = 256: trunc gives 0, zero-extended back 0, not 256.
// EXPECT zext_of_trunc: incorrect value
func.func @zext_of_trunc_src(%x: i16) -> i16 {
  %t = arith.trunci %x : i16 to i8
  %r = arith.extui %t : i8 to i16
  return %r : i16
}
func.func @zext_of_trunc_tgt(%x: i16) -> i16 {
  return %x : i16
}

// trunci nuw is poison unless the dropped high bits are zero, so zero-extending restores x.
// EXPECT zext_of_trunc_nuw: correct
func.func @zext_of_trunc_nuw_src(%x: i16) -> i16 {
  %t = arith.trunci %x overflow<nuw> : i16 to i8
  %r = arith.extui %t : i8 to i16
  return %r : i16
}
func.func @zext_of_trunc_nuw_tgt(%x: i16) -> i16 {
  return %x : i16
}

// x = -1: trunci nsw of -1 is -1 (not poison), zero-extended 255, not -1.
// EXPECT zext_of_trunc_nsw: incorrect value
func.func @zext_of_trunc_nsw_src(%x: i16) -> i16 {
  %t = arith.trunci %x overflow<nsw> : i16 to i8
  %r = arith.extui %t : i8 to i16
  return %r : i16
}
func.func @zext_of_trunc_nsw_tgt(%x: i16) -> i16 {
  return %x : i16
}

// trunci nsw is poison unless sext(trunc x) == x, which is exactly the target.
// EXPECT sext_of_trunc_nsw: correct
func.func @sext_of_trunc_nsw_src(%x: i16) -> i16 {
  %t = arith.trunci %x overflow<nsw> : i16 to i8
  %r = arith.extsi %t : i8 to i16
  return %r : i16
}
func.func @sext_of_trunc_nsw_tgt(%x: i16) -> i16 {
  return %x : i16
}

// x = 128: src truncates to -128 and sign-extends to -128; tgt's nsw trunc of 128 is poison.
// EXPECT trunci_nsw_strengthen: incorrect poison
func.func @trunci_nsw_strengthen_src(%x: i16) -> i16 {
  %t = arith.trunci %x : i16 to i8
  %r = arith.extsi %t : i8 to i16
  return %r : i16
}
func.func @trunci_nsw_strengthen_tgt(%x: i16) -> i16 {
  %t = arith.trunci %x overflow<nsw> : i16 to i8
  %r = arith.extsi %t : i8 to i16
  return %r : i16
}

// For a non-negative operand zero- and sign-extension agree; a negative one is poison under nneg.
// EXPECT extui_nneg_to_extsi: correct
func.func @extui_nneg_to_extsi_src(%x: i8) -> i16 {
  %r = arith.extui %x nneg : i8 to i16
  return %r : i16
}
func.func @extui_nneg_to_extsi_tgt(%x: i8) -> i16 {
  %r = arith.extsi %x : i8 to i16
  return %r : i16
}

// x = -1: src zero-extends to 255, tgt sign-extends to -1.
// EXPECT extui_to_extsi: incorrect value
func.func @extui_to_extsi_src(%x: i8) -> i16 {
  %r = arith.extui %x : i8 to i16
  return %r : i16
}
func.func @extui_to_extsi_tgt(%x: i8) -> i16 {
  %r = arith.extsi %x : i8 to i16
  return %r : i16
}

// x = -1: src zero-extends to 255; tgt's nneg of a negative operand is poison.
// EXPECT extui_nneg_strengthen: incorrect poison
func.func @extui_nneg_strengthen_src(%x: i8) -> i16 {
  %r = arith.extui %x : i8 to i16
  return %r : i16
}
func.func @extui_nneg_strengthen_tgt(%x: i8) -> i16 {
  %r = arith.extui %x nneg : i8 to i16
  return %r : i16
}

// The sign-extended value is poison under trunci nuw when x < 0; for x >= 0 it truncates back to x.
// EXPECT sext_trunc_nuw_fold: correct
func.func @sext_trunc_nuw_fold_src(%x: i8) -> i8 {
  %e = arith.extsi %x : i8 to i32
  %r = arith.trunci %e overflow<nuw> : i32 to i8
  return %r : i8
}
func.func @sext_trunc_nuw_fold_tgt(%x: i8) -> i8 {
  return %x : i8
}

// x = -1: src is -1; tgt sign-extends to -1 and trunci nuw drops set bits: poison.
// EXPECT sext_trunc_nuw_unfold: incorrect poison
func.func @sext_trunc_nuw_unfold_src(%x: i8) -> i8 {
  return %x : i8
}
func.func @sext_trunc_nuw_unfold_tgt(%x: i8) -> i8 {
  %e = arith.extsi %x : i8 to i32
  %r = arith.trunci %e overflow<nuw> : i32 to i8
  return %r : i8
}

// Truncation to i1 keeps the lowest bit.
// EXPECT trunc_i1_low_bit: correct
func.func @trunc_i1_low_bit_src(%x: i8) -> i1 {
  %r = arith.trunci %x : i8 to i1
  return %r : i1
}
func.func @trunc_i1_low_bit_tgt(%x: i8) -> i1 {
  %c0 = arith.constant 0 : i8
  %c1 = arith.constant 1 : i8
  %b = arith.andi %x, %c1 : i8
  %r = arith.cmpi ne, %b, %c0 : i8
  return %r : i1
}

// x = 2: the low bit is 0 (false), but 2 != 0 is true.
// EXPECT trunc_i1_nonzero: incorrect value
func.func @trunc_i1_nonzero_src(%x: i8) -> i1 {
  %r = arith.trunci %x : i8 to i1
  return %r : i1
}
func.func @trunc_i1_nonzero_tgt(%x: i8) -> i1 {
  %c0 = arith.constant 0 : i8
  %r = arith.cmpi ne, %x, %c0 : i8
  return %r : i1
}

// An int-to-int bitcast of the same width is the identity.
// EXPECT bitcast_identity: correct
func.func @bitcast_identity_src(%x: i16) -> i16 {
  %a = arith.bitcast %x : i16 to i16
  %r = arith.bitcast %a : i16 to i16
  return %r : i16
}
func.func @bitcast_identity_tgt(%x: i16) -> i16 {
  return %x : i16
}

// x = 256: src bitcast gives 256; tgt's nsw trunc to i8 drops a set bit: poison.
// EXPECT bitcast_as_trunc_nsw: incorrect poison
func.func @bitcast_as_trunc_nsw_src(%x: i16) -> i16 {
  %r = arith.bitcast %x : i16 to i16
  return %r : i16
}
func.func @bitcast_as_trunc_nsw_tgt(%x: i16) -> i16 {
  %t = arith.trunci %x overflow<nsw> : i16 to i8
  %r = arith.extsi %t : i8 to i16
  return %r : i16
}

// i32 -> index -> i32: sext then trunc (64-bit index) or no-op (32-bit index) both give x back.
// EXPECT index_cast_roundtrip_i32: correct
func.func @index_cast_roundtrip_i32_src(%x: i32) -> i32 {
  %i = arith.index_cast %x : i32 to index
  %r = arith.index_cast %i : index to i32
  return %r : i32
}
func.func @index_cast_roundtrip_i32_tgt(%x: i32) -> i32 {
  return %x : i32
}

// 32-bit index, x = 2^32: the cast to index truncates to 0 and comes back as 0 (fine with a 64-bit index).
// EXPECT index_cast_roundtrip_i64: incorrect value
func.func @index_cast_roundtrip_i64_src(%x: i64) -> i64 {
  %i = arith.index_cast %x : i64 to index
  %r = arith.index_cast %i : index to i64
  return %r : i64
}
func.func @index_cast_roundtrip_i64_tgt(%x: i64) -> i64 {
  return %x : i64
}

// nneg makes a negative x poison; for x >= 0 zero- and sign-extension agree (32-bit index: no extension).
// EXPECT index_castui_nneg_to_index_cast: correct
func.func @index_castui_nneg_to_index_cast_src(%x: i32) -> index {
  %r = arith.index_castui %x nneg : i32 to index
  return %r : index
}
func.func @index_castui_nneg_to_index_cast_tgt(%x: i32) -> index {
  %r = arith.index_cast %x : i32 to index
  return %r : index
}

// 64-bit index, x = -1: zext gives 2^32 - 1, sext gives -1 (a 32-bit index makes both the identity).
// EXPECT index_castui_to_index_cast: incorrect value
func.func @index_castui_to_index_cast_src(%x: i32) -> index {
  %r = arith.index_castui %x : i32 to index
  return %r : index
}
func.func @index_castui_to_index_cast_tgt(%x: i32) -> index {
  %r = arith.index_cast %x : i32 to index
  return %r : index
}

// x = -1: src zero-extends to 255; tgt's nneg of a negative operand is poison.
// EXPECT index_castui_nneg_strengthen: incorrect poison
func.func @index_castui_nneg_strengthen_src(%x: i8) -> index {
  %r = arith.index_castui %x : i8 to index
  return %r : index
}
func.func @index_castui_nneg_strengthen_tgt(%x: i8) -> index {
  %r = arith.index_castui %x nneg : i8 to index
  return %r : index
}

// i128: the high 64 bits of a zero-extended i64 are all zero.
// EXPECT zext_high_half_i128: correct
func.func @zext_high_half_i128_src(%x: i64) -> i128 {
  %e = arith.extui %x : i64 to i128
  %c64 = arith.constant 64 : i128
  %r = arith.shrui %e, %c64 : i128
  return %r : i128
}
func.func @zext_high_half_i128_tgt(%x: i64) -> i128 {
  %c0 = arith.constant 0 : i128
  return %c0 : i128
}

// x = -1: sign extension fills the high 64 bits with ones, so the shifted value is 2^64 - 1, not 0.
// EXPECT sext_high_half_i128: incorrect value
func.func @sext_high_half_i128_src(%x: i64) -> i128 {
  %e = arith.extsi %x : i64 to i128
  %c64 = arith.constant 64 : i128
  %r = arith.shrui %e, %c64 : i128
  return %r : i128
}
func.func @sext_high_half_i128_tgt(%x: i64) -> i128 {
  %c0 = arith.constant 0 : i128
  return %c0 : i128
}
