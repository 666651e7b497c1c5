// One MLP layer, relu(x * W + b), on tensors (f32 and i32) and on memrefs (f32; the
// output buffer is written by three ops in turn).
// PIPELINE: builtin.module(func.func(linalg-generalize-named-ops,linalg-fuse-elementwise-ops))
// PIPELINE: builtin.module(canonicalize,cse)
// PIPELINE: builtin.module(func.func(convert-linalg-to-loops),canonicalize)
#id = affine_map<(i, j) -> (i, j)>
#row = affine_map<(i, j) -> (j)>
func.func @mlp_tensor_f32(%x: tensor<2x3xf32>, %W: tensor<3x4xf32>, %b: tensor<4xf32>) -> tensor<2x4xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x4xf32>
  %acc = linalg.fill ins(%zero : f32) outs(%e : tensor<2x4xf32>) -> tensor<2x4xf32>
  %mm = linalg.matmul ins(%x, %W : tensor<2x3xf32>, tensor<3x4xf32>) outs(%acc : tensor<2x4xf32>) -> tensor<2x4xf32>
  %biased = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]}
      ins(%mm, %b : tensor<2x4xf32>, tensor<4xf32>) outs(%e : tensor<2x4xf32>) {
  ^bb0(%v: f32, %bias: f32, %o: f32):
    %s = arith.addf %v, %bias : f32
    linalg.yield %s : f32
  } -> tensor<2x4xf32>
  %relu = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%biased : tensor<2x4xf32>) outs(%e : tensor<2x4xf32>) {
  ^bb0(%v: f32, %o: f32):
    %m = arith.maximumf %v, %zero : f32
    linalg.yield %m : f32
  } -> tensor<2x4xf32>
  return %relu : tensor<2x4xf32>
}
func.func @mlp_tensor_i32(%x: tensor<2x3xi32>, %W: tensor<3x4xi32>, %b: tensor<4xi32>) -> tensor<2x4xi32> {
  %zero = arith.constant 0 : i32
  %e = tensor.empty() : tensor<2x4xi32>
  %acc = linalg.fill ins(%zero : i32) outs(%e : tensor<2x4xi32>) -> tensor<2x4xi32>
  %mm = linalg.matmul ins(%x, %W : tensor<2x3xi32>, tensor<3x4xi32>) outs(%acc : tensor<2x4xi32>) -> tensor<2x4xi32>
  %bb = linalg.broadcast ins(%b : tensor<4xi32>) outs(%e : tensor<2x4xi32>) dimensions = [0]
  %biased = linalg.add ins(%mm, %bb : tensor<2x4xi32>, tensor<2x4xi32>) outs(%e : tensor<2x4xi32>) -> tensor<2x4xi32>
  %relu = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%biased : tensor<2x4xi32>) outs(%e : tensor<2x4xi32>) {
  ^bb0(%v: i32, %o: i32):
    %m = arith.maxsi %v, %zero : i32
    linalg.yield %m : i32
  } -> tensor<2x4xi32>
  return %relu : tensor<2x4xi32>
}
func.func @mlp_memref_f32(%x: memref<2x3xf32>, %W: memref<3x4xf32>, %b: memref<4xf32>, %y: memref<2x4xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%y : memref<2x4xf32>)
  linalg.matmul ins(%x, %W : memref<2x3xf32>, memref<3x4xf32>) outs(%y : memref<2x4xf32>)
  linalg.generic {indexing_maps = [#row, #id], iterator_types = ["parallel", "parallel"]}
      ins(%b : memref<4xf32>) outs(%y : memref<2x4xf32>) {
  ^bb0(%bias: f32, %v: f32):
    %s = arith.addf %v, %bias : f32
    %m = arith.maximumf %s, %zero : f32
    linalg.yield %m : f32
  }
  return
}
