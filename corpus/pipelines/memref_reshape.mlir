// Loads through memref.collapse_shape / expand_shape.
// PIPELINE: builtin.module(expand-strided-metadata)
// PIPELINE: builtin.module(expand-strided-metadata,canonicalize,cse)
// PIPELINE: builtin.module(fold-memref-alias-ops)
// fold-memref-alias-ops rewrites the accesses to the original memref, indexing it with
// `affine.delinearize_index %i into (2, 3)` (through collapse_shape) and
// `affine.linearize_index disjoint [%i, %j] by (3, 2)` (through expand_shape); MLIR 19's
// mlir-opt emits affine.apply maps instead. Correct (it was unknown while irproof had no
// semantics for these ops): an index out of the view's bounds is UB in the source, and
// in the target either an out-of-bounds access or a poison index (an out-of-range
// delinearized index, a broken `disjoint`), which is UB as well. The same output with the
// basis swapped is incorrect (tests/test_affine_index.py).
// EXPECT: correct
func.func @collapse_expand(%m: memref<2x3xi32>, %i: index) -> i32 {
  %flat = memref.collapse_shape %m [[0, 1]] : memref<2x3xi32> into memref<6xi32>
  %v = memref.load %flat[%i] : memref<6xi32>
  %e = memref.expand_shape %flat [[0, 1, 2]] output_shape [1, 2, 3] : memref<6xi32> into memref<1x2x3xi32>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %w = memref.load %e[%c0, %c1, %c1] : memref<1x2x3xi32>
  %s = arith.addi %v, %w : i32
  return %s : i32
}
func.func @expand_store(%m: memref<6xf32>, %v: f32, %i: index, %j: index) {
  %e = memref.expand_shape %m [[0, 1]] output_shape [3, 2] : memref<6xf32> into memref<3x2xf32>
  memref.store %v, %e[%i, %j] : memref<3x2xf32>
  return
}
