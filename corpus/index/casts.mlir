// index.casts (sign-extend / truncate), index.castu (zero-extend / truncate) and
// index.sizeof: results that depend on whether `index` is 32 or 64 bits wide. Every pair
// is checked at both widths; several hold at one width only.

// i32 -> index -> i32 is the identity at both widths (sext + trunc, or no-op).
// EXPECT idx_casts_roundtrip_i32: correct
func.func @idx_casts_roundtrip_i32_src(%x: i32) -> i32 {
  %i = index.casts %x : i32 to index
  %r = index.casts %i : index to i32
  return %r : i32
}
func.func @idx_casts_roundtrip_i32_tgt(%x: i32) -> i32 {
  return %x : i32
}

// 32-bit index, x = 2^32: the cast to index truncates to 0 and comes back as 0 (fine with a 64-bit index).
// EXPECT idx_casts_roundtrip_i64: incorrect value
func.func @idx_casts_roundtrip_i64_src(%x: i64) -> i64 {
  %i = index.casts %x : i64 to index
  %r = index.casts %i : index to i64
  return %r : i64
}
func.func @idx_casts_roundtrip_i64_tgt(%x: i64) -> i64 {
  return %x : i64
}

// i16 -> index -> i16 round trip through zero extension is the identity at both widths.
// EXPECT idx_castu_roundtrip_i16: correct
func.func @idx_castu_roundtrip_i16_src(%x: i16) -> i16 {
  %i = index.castu %x : i16 to index
  %r = index.castu %i : index to i16
  return %r : i16
}
func.func @idx_castu_roundtrip_i16_tgt(%x: i16) -> i16 {
  return %x : i16
}

// 32-bit index, x = 2^32 + 1: zero-extension keeps nothing above bit 31, so the round trip gives 1.
// EXPECT idx_castu_roundtrip_i64: incorrect value
func.func @idx_castu_roundtrip_i64_src(%x: i64) -> i64 {
  %i = index.castu %x : i64 to index
  %r = index.castu %i : index to i64
  return %r : i64
}
func.func @idx_castu_roundtrip_i64_tgt(%x: i64) -> i64 {
  return %x : i64
}

// x >>u 1 is non-negative as an i32, so zero- and sign-extension to a 64-bit index agree (32-bit: no-op).
// EXPECT idx_castu_nonneg: correct
func.func @idx_castu_nonneg_src(%x: i32) -> index {
  %c1 = arith.constant 1 : i32
  %h = arith.shrui %x, %c1 : i32
  %r = index.castu %h : i32 to index
  return %r : index
}
func.func @idx_castu_nonneg_tgt(%x: i32) -> index {
  %c1 = arith.constant 1 : i32
  %h = arith.shrui %x, %c1 : i32
  %r = index.casts %h : i32 to index
  return %r : index
}

// 64-bit index, x = -1: zext gives 2^32 - 1, sext gives -1 (a 32-bit index makes both no-ops).
// EXPECT idx_castu_to_casts: incorrect value
func.func @idx_castu_to_casts_src(%x: i32) -> index {
  %r = index.castu %x : i32 to index
  return %r : index
}
func.func @idx_castu_to_casts_tgt(%x: i32) -> index {
  %r = index.casts %x : i32 to index
  return %r : index
}

// index -> i16 only truncates, whichever cast is used.
// EXPECT idx_trunc_castu_casts: correct
func.func @idx_trunc_castu_casts_src(%x: index) -> i16 {
  %r = index.castu %x : index to i16
  return %r : i16
}
func.func @idx_trunc_castu_casts_tgt(%x: index) -> i16 {
  %r = index.casts %x : index to i16
  return %r : i16
}

// 32-bit index, x = -1: index -> i64 zero-extends to 2^32 - 1 vs sign-extends to -1 (64-bit: both no-ops).
// EXPECT idx_ext_castu_casts: incorrect value
func.func @idx_ext_castu_casts_src(%x: index) -> i64 {
  %r = index.castu %x : index to i64
  return %r : i64
}
func.func @idx_ext_castu_casts_tgt(%x: index) -> i64 {
  %r = index.casts %x : index to i64
  return %r : i64
}

// index.castu of an i1 is 1 for true and 0 for false at both widths.
// EXPECT idx_castu_i1: correct
func.func @idx_castu_i1_src(%c: i1) -> index {
  %r = index.castu %c : i1 to index
  return %r : index
}
func.func @idx_castu_i1_tgt(%c: i1) -> index {
  %c1 = index.constant 1
  %c0 = index.constant 0
  %r = arith.select %c, %c1, %c0 : index
  return %r : index
}

// c = true: index.casts of the i1 true (-1) is -1, tgt selects 1.
// EXPECT idx_casts_i1: incorrect value
func.func @idx_casts_i1_src(%c: i1) -> index {
  %r = index.casts %c : i1 to index
  return %r : index
}
func.func @idx_casts_i1_tgt(%c: i1) -> index {
  %c1 = index.constant 1
  %c0 = index.constant 0
  %r = arith.select %c, %c1, %c0 : index
  return %r : index
}

// The index width is 32 or 64, both >= 32.
// EXPECT idx_sizeof_ge_32: correct
func.func @idx_sizeof_ge_32_src() -> i1 {
  %s = index.sizeof
  %c32 = index.constant 32
  %r = index.cmp uge(%s, %c32)
  return %r : i1
}
func.func @idx_sizeof_ge_32_tgt() -> i1 {
  %t = arith.constant true
  return %t : i1
}

// 32-bit index: sizeof is 32, so sizeof == 64 is false (true only with a 64-bit index).
// EXPECT idx_sizeof_eq_64: incorrect value
func.func @idx_sizeof_eq_64_src() -> i1 {
  %s = index.sizeof
  %c64 = index.constant 64
  %r = index.cmp eq(%s, %c64)
  return %r : i1
}
func.func @idx_sizeof_eq_64_tgt() -> i1 {
  %t = arith.constant true
  return %t : i1
}

// x >>u (sizeof - 1) extracts the sign bit: 1 for negative x, else 0, at either width.
// EXPECT idx_sign_bit_shru: correct
func.func @idx_sign_bit_shru_src(%x: index) -> index {
  %s = index.sizeof
  %c1 = index.constant 1
  %a = index.sub %s, %c1
  %r = index.shru %x, %a
  return %r : index
}
func.func @idx_sign_bit_shru_tgt(%x: index) -> index {
  %c0 = index.constant 0
  %n = index.cmp slt(%x, %c0)
  %r = index.castu %n : i1 to index
  return %r : index
}

// x = -1: x >>s (sizeof - 1) is -1 for negative x, but the zero-extended flag is 1.
// EXPECT idx_sign_bit_shrs: incorrect value
func.func @idx_sign_bit_shrs_src(%x: index) -> index {
  %s = index.sizeof
  %c1 = index.constant 1
  %a = index.sub %s, %c1
  %r = index.shrs %x, %a
  return %r : index
}
func.func @idx_sign_bit_shrs_tgt(%x: index) -> index {
  %c0 = index.constant 0
  %n = index.cmp slt(%x, %c0)
  %r = index.castu %n : i1 to index
  return %r : index
}

// A shift by sizeof is always a shift by the full width: poison at both widths.
// EXPECT idx_shl_by_sizeof: correct
func.func @idx_shl_by_sizeof_src(%x: index) -> index {
  %s = index.sizeof
  %r = index.shl %x, %s
  return %r : index
}
func.func @idx_shl_by_sizeof_tgt(%x: index) -> index {
  %c0 = index.constant 0
  return %c0 : index
}

// x = 1: a shift by sizeof - 1 is in range, 1 << (w - 1) = INT_MIN != 0.
// EXPECT idx_shl_by_sizeof_minus_one: incorrect value
func.func @idx_shl_by_sizeof_minus_one_src(%x: index) -> index {
  %s = index.sizeof
  %c1 = index.constant 1
  %a = index.sub %s, %c1
  %r = index.shl %x, %a
  return %r : index
}
func.func @idx_shl_by_sizeof_minus_one_tgt(%x: index) -> index {
  %c0 = index.constant 0
  return %c0 : index
}

// x / sizeof = x >> log2(sizeof), and 5 + (sizeof >> 6) is 5 for 32 and 6 for 64.
// EXPECT idx_divu_sizeof: correct
func.func @idx_divu_sizeof_src(%x: index) -> index {
  %s = index.sizeof
  %r = index.divu %x, %s
  return %r : index
}
func.func @idx_divu_sizeof_tgt(%x: index) -> index {
  %s = index.sizeof
  %c5 = index.constant 5
  %c6 = index.constant 6
  %e = index.shru %s, %c6
  %k = index.add %c5, %e
  %r = index.shru %x, %k
  return %r : index
}

// 64-bit index, x = 32: x / 64 = 0, but x >> 5 = 1 (a 32-bit index makes the rewrite right).
// EXPECT idx_divu_sizeof_32: incorrect value
func.func @idx_divu_sizeof_32_src(%x: index) -> index {
  %s = index.sizeof
  %r = index.divu %x, %s
  return %r : index
}
func.func @idx_divu_sizeof_32_tgt(%x: index) -> index {
  %c5 = index.constant 5
  %r = index.shru %x, %c5
  return %r : index
}

// y sign-extended from i32 stays within i32 range at either width (i32 -> index -> i64 is a sext).
// EXPECT idx_index_cast_i32_range: correct
func.func @idx_index_cast_i32_range_src(%y: i32) -> i1 {
  %i = arith.index_cast %y : i32 to index
  %w = arith.index_cast %i : index to i64
  %m = arith.constant 2147483647 : i64
  %r = arith.cmpi sle, %w, %m : i64
  return %r : i1
}
func.func @idx_index_cast_i32_range_tgt(%y: i32) -> i1 {
  %t = arith.constant true
  return %t : i1
}

// 32-bit index, y = -1: index_castui zero-extends the 32-bit index to 2^32 - 1 > 2^31 - 1 (64-bit: it is -1).
// EXPECT idx_index_castui_i32_range: incorrect value
func.func @idx_index_castui_i32_range_src(%y: i32) -> i1 {
  %i = arith.index_cast %y : i32 to index
  %w = arith.index_castui %i : index to i64
  %m = arith.constant 2147483647 : i64
  %r = arith.cmpi sle, %w, %m : i64
  return %r : i1
}
func.func @idx_index_castui_i32_range_tgt(%y: i32) -> i1 {
  %t = arith.constant true
  return %t : i1
}

// index -> i64 -> index with index_cast is the identity at both widths (sext then trunc, or no-op).
// EXPECT idx_index_cast_via_i64: correct
func.func @idx_index_cast_via_i64_src(%x: index) -> index {
  %w = arith.index_cast %x : index to i64
  %r = arith.index_cast %w : i64 to index
  return %r : index
}
func.func @idx_index_cast_via_i64_tgt(%x: index) -> index {
  return %x : index
}

// 64-bit index, x = 2^32: index -> i32 -> index truncates to 0 (with a 32-bit index it is the identity).
// EXPECT idx_index_cast_via_i32: incorrect value
func.func @idx_index_cast_via_i32_src(%x: index) -> index {
  %w = arith.index_cast %x : index to i32
  %r = arith.index_cast %w : i32 to index
  return %r : index
}
func.func @idx_index_cast_via_i32_tgt(%x: index) -> index {
  return %x : index
}
