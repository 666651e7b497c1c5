// affine.delinearize_index / affine.linearize_index through upstream's own lowerings
// (affine-expand-index-ops: floordivsi / remsi and `overflow<nsw>` muli / addi; lower-affine
// does the same) and canonicalize (which folds a delinearize / linearize round trip, and
// folds the result of a unit outer bound to 0: correct because an index outside the outer
// bound makes the results poison; see semantics/affine_index.py). Incorrect twins (the fold
// without an outer bound, a swapped basis) are in tests/test_affine_index.py.
// Static delinearize bases only: a dynamic divisor makes 64-bit queries slow.
// PIPELINE: builtin.module(affine-expand-index-ops)
// PIPELINE slow: builtin.module(lower-affine)
// PIPELINE: builtin.module(canonicalize)
func.func @delinearize_outer_bound(%x: index) -> (index, index, index) {
  %0:3 = affine.delinearize_index %x into (2, 3, 5) : index, index, index
  return %0#0, %0#1, %0#2 : index, index, index
}
func.func @delinearize_unbounded(%x: index) -> (index, index, index) {
  %0:3 = affine.delinearize_index %x into (3, 4) : index, index, index
  return %0#0, %0#1, %0#2 : index, index, index
}
func.func @delinearize_unit_outer_bound(%x: index) -> (index, index) {
  %0:2 = affine.delinearize_index %x into (1, 4) : index, index
  return %0#0, %0#1 : index, index
}
func.func @linearize(%a: index, %b: index, %c: index, %n: index) -> (index, index) {
  %0 = affine.linearize_index [%a, %b, %c] by (%n, 5) : index
  %1 = affine.linearize_index disjoint [%a, %b, %c] by (2, 3, 5) : index
  return %0, %1 : index, index
}
func.func @round_trip(%x: index) -> index {
  %0:2 = affine.delinearize_index %x into (3, 4) : index, index
  %1 = affine.linearize_index [%0#0, %0#1] by (3, 4) : index
  return %1 : index
}
func.func @round_trip_disjoint(%a: index, %b: index) -> (index, index) {
  %0 = affine.linearize_index disjoint [%a, %b] by (3, 4) : index
  %1:2 = affine.delinearize_index %0 into (3, 4) : index, index
  return %1#0, %1#1 : index, index
}
