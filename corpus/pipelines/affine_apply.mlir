// affine.apply/min/max with floordiv, ceildiv and mod (lower-affine expands them).
// PIPELINE: builtin.module(lower-affine)
// EXPECT apply: incorrect
//   Reason: irproof gives affine `+`/`*` wrapping index semantics (the affine docs do not
//   make overflow UB or poison); lower-affine emits `muli ... overflow<nsw>` (llvm PR 121535,
//   which assumes affine arithmetic never overflows), so d0 * 4 overflowing at index
//   width 32 makes the target poison where the source is not.
// EXPECT floor_ceil_mod: incorrect
//   Reason: the ceildiv expansion negates d0 and gets the sign wrong at INT_MIN
//   (corpus/findings/lower_affine_ceildiv_int_min.md).
// PIPELINE: builtin.module(lower-affine,canonicalize)
// EXPECT apply: incorrect
//   Reason: as for lower-affine above.
// EXPECT floor_ceil_mod: incorrect
//   Reason: as for lower-affine above.
#map = affine_map<(d0)[s0] -> (d0 * 4 + s0)>
#floor = affine_map<(d0) -> (d0 floordiv 8)>
#ceil = affine_map<(d0) -> (d0 ceildiv 8)>
#mod = affine_map<(d0) -> (d0 mod 8)>
func.func @apply(%i: index, %s: index) -> index {
  %r = affine.apply #map(%i)[%s]
  return %r : index
}
func.func @floor_ceil_mod(%i: index) -> (index, index, index) {
  %a = affine.apply #floor(%i)
  %b = affine.apply #ceil(%i)
  %c = affine.apply #mod(%i)
  return %a, %b, %c : index, index, index
}
func.func @min_max(%i: index, %j: index) -> (index, index) {
  %a = affine.min affine_map<(d0, d1) -> (d0, d1 + 2, 100)>(%i, %j)
  %b = affine.max affine_map<(d0, d1) -> (d0 - 1, d1)>(%i, %j)
  return %a, %b : index, index
}
