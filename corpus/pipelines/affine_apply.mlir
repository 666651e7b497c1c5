// affine.apply/min/max with floordiv, ceildiv and mod (lower-affine expands them).
// PIPELINE: builtin.module(lower-affine)
//   `apply` is correct: lower-affine emits `muli ... overflow<nsw>` (llvm PR 121535), and
//   affine `*` does not overflow (semantics/affine.py). It was `incorrect` while irproof
//   gave affine arithmetic wrapping semantics.
// EXPECT floor_ceil_mod: incorrect
//   Reason: the ceildiv expansion negates d0 and gets the sign wrong at INT_MIN
//   (corpus/findings/lower_affine_ceildiv_int_min.md).
// PIPELINE: builtin.module(lower-affine,canonicalize)
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
