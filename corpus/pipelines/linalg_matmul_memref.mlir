// linalg.matmul on memrefs (i32 and f32, a non-square 2x3 * 3x2 so that a swapped index
// is out of bounds or reads another element). The three memref arguments of one element
// type may alias: every aliasing configuration is checked (the loop nest reads A and B
// while writing C, exactly as the op's semantics does, so aliasing is fine).
// PIPELINE: builtin.module(func.func(convert-linalg-to-loops))
// PIPELINE: builtin.module(func.func(convert-linalg-to-affine-loops))
// PIPELINE: builtin.module(func.func(convert-linalg-to-affine-loops),lower-affine)
// PIPELINE: builtin.module(func.func(linalg-generalize-named-ops))
// PIPELINE: builtin.module(func.func(linalg-generalize-named-ops),func.func(convert-linalg-to-loops),canonicalize,cse)
func.func @matmul_i32(%A: memref<2x3xi32>, %B: memref<3x2xi32>, %C: memref<2x2xi32>) {
  linalg.matmul ins(%A, %B : memref<2x3xi32>, memref<3x2xi32>) outs(%C : memref<2x2xi32>)
  return
}
func.func @matmul_f32(%A: memref<2x3xf32>, %B: memref<3x2xf32>, %C: memref<2x2xf32>) {
  linalg.matmul ins(%A, %B : memref<2x3xf32>, memref<3x2xf32>) outs(%C : memref<2x2xf32>)
  return
}
