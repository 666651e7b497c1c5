// linalg.fill, linalg.copy, linalg.transpose and linalg.broadcast, on memrefs and on
// tensors, as upstream prints them.
// PIPELINE: builtin.module(func.func(convert-linalg-to-loops))
// PIPELINE: builtin.module(func.func(linalg-generalize-named-ops))
// PIPELINE: builtin.module(func.func(convert-linalg-to-affine-loops),lower-affine)
// PIPELINE: builtin.module(canonicalize,cse)
func.func @fill_memref(%v: i32, %M: memref<2x3xi32>) {
  linalg.fill ins(%v : i32) outs(%M : memref<2x3xi32>)
  return
}
func.func @copy_memref(%A: memref<2x3xf32>, %B: memref<2x3xf32>) {
  linalg.copy ins(%A : memref<2x3xf32>) outs(%B : memref<2x3xf32>)
  return
}
func.func @transpose_memref(%A: memref<2x3xi32>, %B: memref<3x2xi32>) {
  linalg.transpose ins(%A : memref<2x3xi32>) outs(%B : memref<3x2xi32>) permutation = [1, 0]
  return
}
func.func @broadcast_memref(%A: memref<3xi32>, %B: memref<2x3xi32>) {
  linalg.broadcast ins(%A : memref<3xi32>) outs(%B : memref<2x3xi32>) dimensions = [0]
  return
}
func.func @fill_tensor(%v: f32) -> tensor<2x3xf32> {
  %e = tensor.empty() : tensor<2x3xf32>
  %r = linalg.fill ins(%v : f32) outs(%e : tensor<2x3xf32>) -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}
func.func @copy_tensor(%A: tensor<2x3xi32>, %B: tensor<2x3xi32>) -> tensor<2x3xi32> {
  %r = linalg.copy ins(%A : tensor<2x3xi32>) outs(%B : tensor<2x3xi32>) -> tensor<2x3xi32>
  return %r : tensor<2x3xi32>
}
func.func @transpose_tensor(%A: tensor<2x3x4xi32>) -> tensor<4x2x3xi32> {
  %e = tensor.empty() : tensor<4x2x3xi32>
  %r = linalg.transpose ins(%A : tensor<2x3x4xi32>) outs(%e : tensor<4x2x3xi32>) permutation = [2, 0, 1]
  return %r : tensor<4x2x3xi32>
}
func.func @broadcast_tensor(%A: tensor<3xf32>) -> tensor<3x2xf32> {
  %e = tensor.empty() : tensor<3x2xf32>
  %r = linalg.broadcast ins(%A : tensor<3xf32>) outs(%e : tensor<3x2xf32>) dimensions = [1]
  return %r : tensor<3x2xf32>
}
