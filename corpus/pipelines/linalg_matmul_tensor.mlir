// linalg.matmul on tensors (i32 and f32): value semantics, the result a new tensor.
// PIPELINE: builtin.module(func.func(linalg-generalize-named-ops))
// PIPELINE: builtin.module(canonicalize,cse)
// PIPELINE: builtin.module(func.func(linalg-generalize-named-ops),canonicalize,cse)
func.func @matmul_i32(%A: tensor<2x3xi32>, %B: tensor<3x2xi32>, %C: tensor<2x2xi32>) -> tensor<2x2xi32> {
  %r = linalg.matmul ins(%A, %B : tensor<2x3xi32>, tensor<3x2xi32>) outs(%C : tensor<2x2xi32>) -> tensor<2x2xi32>
  return %r : tensor<2x2xi32>
}
func.func @matmul_f32(%A: tensor<2x3xf32>, %B: tensor<3x2xf32>, %C: tensor<2x2xf32>) -> tensor<2x2xf32> {
  %r = linalg.matmul ins(%A, %B : tensor<2x3xf32>, tensor<3x2xf32>) outs(%C : tensor<2x2xf32>) -> tensor<2x2xf32>
  return %r : tensor<2x2xf32>
}
// A zero-filled accumulator (the usual form): fill then matmul.
func.func @matmul_zero_init(%A: tensor<2x3xf32>, %B: tensor<3x2xf32>) -> tensor<2x2xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x2xf32>
  %C = linalg.fill ins(%zero : f32) outs(%e : tensor<2x2xf32>) -> tensor<2x2xf32>
  %r = linalg.matmul ins(%A, %B : tensor<2x3xf32>, tensor<3x2xf32>) outs(%C : tensor<2x2xf32>) -> tensor<2x2xf32>
  return %r : tensor<2x2xf32>
}
