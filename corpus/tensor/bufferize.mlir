// Tensors against their buffers: what `one-shot-bufferize{bufferize-function-boundaries}`
// does to a function. A tensor argument becomes a buffer holding its elements (any strided
// layout when the type says `strided<[?, ?], offset: ?>`: every one is checked), a tensor
// result a buffer whose contents must refine the tensor's.

// EXPECT bias_relu: correct
func.func @bias_relu_src(%x: tensor<2x2xf32>, %b: tensor<2xf32>) -> tensor<2x2xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x2xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%x, %b : tensor<2x2xf32>, tensor<2xf32>) outs(%e : tensor<2x2xf32>) {
  ^bb0(%a: f32, %c: f32, %o: f32):
    %s = arith.addf %a, %c : f32
    %m = arith.maximumf %s, %zero : f32
    linalg.yield %m : f32
  } -> tensor<2x2xf32>
  return %r : tensor<2x2xf32>
}
func.func @bias_relu_tgt(%x: memref<2x2xf32, strided<[?, ?], offset: ?>>, %b: memref<2xf32, strided<[?], offset: ?>>) -> memref<2x2xf32> {
  %zero = arith.constant 0.0 : f32
  %alloc = memref.alloc() {alignment = 64 : i64} : memref<2x2xf32>
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%x, %b : memref<2x2xf32, strided<[?, ?], offset: ?>>, memref<2xf32, strided<[?], offset: ?>>) outs(%alloc : memref<2x2xf32>) {
  ^bb0(%a: f32, %c: f32, %o: f32):
    %s = arith.addf %a, %c : f32
    %m = arith.maximumf %s, %zero : f32
    linalg.yield %m : f32
  }
  return %alloc : memref<2x2xf32>
}

// The bias read along the wrong dimension (a broken index map after bufferization).
// EXPECT bias_wrong_dimension: incorrect value
func.func @bias_wrong_dimension_src(%x: tensor<2x2xi8>, %b: tensor<2xi8>) -> tensor<2x2xi8> {
  %e = tensor.empty() : tensor<2x2xi8>
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%x, %b : tensor<2x2xi8>, tensor<2xi8>) outs(%e : tensor<2x2xi8>) {
  ^bb0(%a: i8, %c: i8, %o: i8):
    %s = arith.addi %a, %c : i8
    linalg.yield %s : i8
  } -> tensor<2x2xi8>
  return %r : tensor<2x2xi8>
}
func.func @bias_wrong_dimension_tgt(%x: memref<2x2xi8, strided<[?, ?], offset: ?>>, %b: memref<2xi8, strided<[?], offset: ?>>) -> memref<2x2xi8> {
  %alloc = memref.alloc() : memref<2x2xi8>
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%x, %b : memref<2x2xi8, strided<[?, ?], offset: ?>>, memref<2xi8, strided<[?], offset: ?>>) outs(%alloc : memref<2x2xi8>) {
  ^bb0(%a: i8, %c: i8, %o: i8):
    %s = arith.addi %a, %c : i8
    linalg.yield %s : i8
  }
  return %alloc : memref<2x2xi8>
}

// In place: the result buffer is the argument's (the caller's tensor is a value, so
// writing its buffer is allowed).
// EXPECT in_place: correct
func.func @in_place_src(%x: tensor<4xi8>, %v: i8) -> tensor<4xi8> {
  %c1 = arith.constant 1 : index
  %r = tensor.insert %v into %x[%c1] : tensor<4xi8>
  return %r : tensor<4xi8>
}
func.func @in_place_tgt(%x: memref<4xi8>, %v: i8) -> memref<4xi8> {
  %c1 = arith.constant 1 : index
  memref.store %v, %x[%c1] : memref<4xi8>
  return %x : memref<4xi8>
}

// EXPECT in_place_wrong_element: incorrect value
func.func @in_place_wrong_element_src(%x: tensor<4xi8>, %v: i8) -> tensor<4xi8> {
  %c1 = arith.constant 1 : index
  %r = tensor.insert %v into %x[%c1] : tensor<4xi8>
  return %r : tensor<4xi8>
}
func.func @in_place_wrong_element_tgt(%x: memref<4xi8>, %v: i8) -> memref<4xi8> {
  %c2 = arith.constant 2 : index
  memref.store %v, %x[%c2] : memref<4xi8>
  return %x : memref<4xi8>
}
