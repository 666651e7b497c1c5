// Tiling through the transform dialect: `transform-interpreter` runs the
// `@__transform_main` sequence below, which tiles every linalg.matmul by 2x2 with
// `transform.structured.tile_using_for` (scf.for loops over subviews / tensor slices;
// partial tiles of the 3x3 tensor matmul get `affine.min` sizes and dynamic slices).
//
// The transform script is a nested module (`transform.with_named_sequence`), which irproof
// parses (xDSL's `transform` dialect) and carries along: nested modules hold no pairs, so
// each pass is validated for the two functions only. The script must be in the input
// module: irproof runs each pass in a fresh MLIR context, so a separate
// `transform-preload-library` step would be forgotten by the time `transform-interpreter`
// runs ("could not find a nested named sequence with name: __transform_main").
// tests/test_linalg_tiling.py checks that a twin with swapped tile offsets is incorrect.
// PIPELINE: builtin.module(transform-interpreter)
// PIPELINE: builtin.module(transform-interpreter,canonicalize,cse)
func.func @matmul_tiled(%A: memref<4x4xi8>, %B: memref<4x4xi8>, %C: memref<4x4xi8>) {
  linalg.matmul ins(%A, %B : memref<4x4xi8>, memref<4x4xi8>) outs(%C : memref<4x4xi8>)
  return
}
func.func @matmul_partial_tiles(%A: tensor<3x3xi32>, %B: tensor<3x3xi32>, %C: tensor<3x3xi32>) -> tensor<3x3xi32> {
  %r = linalg.matmul ins(%A, %B : tensor<3x3xi32>, tensor<3x3xi32>) outs(%C : tensor<3x3xi32>) -> tensor<3x3xi32>
  return %r : tensor<3x3xi32>
}
module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %mm = transform.structured.match ops{["linalg.matmul"]} in %root : (!transform.any_op) -> !transform.any_op
    %tiled, %loops:2 = transform.structured.tile_using_for %mm tile_sizes [2, 2] : (!transform.any_op) -> (!transform.any_op, !transform.any_op, !transform.any_op)
    transform.yield
  }
}
