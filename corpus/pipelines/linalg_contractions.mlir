// Contractions: linalg.matvec, linalg.vecmat, linalg.dot and linalg.batch_matmul as
// upstream prints them, and linalg.matvec's generic form (what
// linalg-generalize-named-ops makes of it) on f32.
// PIPELINE: builtin.module(func.func(convert-linalg-to-loops))
// PIPELINE: builtin.module(func.func(linalg-generalize-named-ops))
// PIPELINE: builtin.module(func.func(convert-linalg-to-affine-loops),lower-affine)
// PIPELINE: builtin.module(func.func(convert-linalg-to-loops),canonicalize,cse)
#mv_a = affine_map<(i, k) -> (i, k)>
#mv_x = affine_map<(i, k) -> (k)>
#mv_y = affine_map<(i, k) -> (i)>
func.func @matvec(%A: memref<2x3xi32>, %x: memref<3xi32>, %y: memref<2xi32>) {
  linalg.matvec ins(%A, %x : memref<2x3xi32>, memref<3xi32>) outs(%y : memref<2xi32>)
  return
}
func.func @vecmat(%x: memref<2xi32>, %A: memref<2x3xi32>, %y: memref<3xi32>) {
  linalg.vecmat ins(%x, %A : memref<2xi32>, memref<2x3xi32>) outs(%y : memref<3xi32>)
  return
}
func.func @dot(%x: memref<3xf32>, %y: memref<3xf32>, %r: memref<f32>) {
  linalg.dot ins(%x, %y : memref<3xf32>, memref<3xf32>) outs(%r : memref<f32>)
  return
}
func.func @batch_matmul(%A: memref<2x2x3xi32>, %B: memref<2x3x2xi32>, %C: memref<2x2x2xi32>) {
  linalg.batch_matmul ins(%A, %B : memref<2x2x3xi32>, memref<2x3x2xi32>) outs(%C : memref<2x2x2xi32>)
  return
}
func.func @matvec_generic_f32(%A: memref<2x3xf32>, %x: memref<3xf32>, %y: memref<2xf32>) {
  linalg.generic {indexing_maps = [#mv_a, #mv_x, #mv_y],
                  iterator_types = ["parallel", "reduction"]}
      ins(%A, %x : memref<2x3xf32>, memref<3xf32>) outs(%y : memref<2xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %c, %p : f32
    linalg.yield %s : f32
  }
  return
}
