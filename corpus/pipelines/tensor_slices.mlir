// tensor.extract_slice / insert_slice / extract / insert / cast chains that canonicalize
// folds (slice of a slice, insert of an extract at the same place, casts to static
// shapes, constant indices), and cse of repeated slices.
// PIPELINE: builtin.module(canonicalize)
// PIPELINE: builtin.module(canonicalize,cse)
// PIPELINE: builtin.module(cse,canonicalize)
// PIPELINE: builtin.module(fold-tensor-subset-ops,canonicalize)
func.func @slice_of_slice(%t: tensor<4x4xi32>) -> tensor<2x2xi32> {
  %a = tensor.extract_slice %t[1, 0] [3, 4] [1, 1] : tensor<4x4xi32> to tensor<3x4xi32>
  %b = tensor.extract_slice %a[1, 1] [2, 2] [1, 1] : tensor<3x4xi32> to tensor<2x2xi32>
  return %b : tensor<2x2xi32>
}
func.func @insert_of_extract(%t: tensor<4x4xf32>) -> tensor<4x4xf32> {
  %s = tensor.extract_slice %t[1, 2] [2, 2] [1, 1] : tensor<4x4xf32> to tensor<2x2xf32>
  %r = tensor.insert_slice %s into %t[1, 2] [2, 2] [1, 1] : tensor<2x2xf32> into tensor<4x4xf32>
  return %r : tensor<4x4xf32>
}
func.func @extract_of_insert(%t: tensor<4xi32>, %v: i32) -> i32 {
  %c2 = arith.constant 2 : index
  %u = tensor.insert %v into %t[%c2] : tensor<4xi32>
  %x = tensor.extract %u[%c2] : tensor<4xi32>
  return %x : i32
}
func.func @dynamic_slice_cast(%t: tensor<4x4xi32>, %i: index) -> tensor<2x?xi32> {
  %c2 = arith.constant 2 : index
  %s = tensor.extract_slice %t[%i, 0] [2, %c2] [1, 2] : tensor<4x4xi32> to tensor<2x?xi32>
  return %s : tensor<2x?xi32>
}
func.func @insert_slice_chain(%dst: tensor<4x4xi32>, %a: tensor<2x2xi32>, %b: tensor<2x2xi32>) -> tensor<4x4xi32> {
  %c0 = arith.constant 0 : index
  %c2 = arith.constant 2 : index
  %x = tensor.insert_slice %a into %dst[%c0, %c0] [2, 2] [1, 1] : tensor<2x2xi32> into tensor<4x4xi32>
  %y = tensor.insert_slice %b into %x[%c2, %c2] [2, 2] [1, 1] : tensor<2x2xi32> into tensor<4x4xi32>
  %z = tensor.insert_slice %b into %y[%c2, %c2] [2, 2] [1, 1] : tensor<2x2xi32> into tensor<4x4xi32>
  return %z : tensor<4x4xi32>
}
func.func @repeated_slices(%t: tensor<4xi32>) -> (tensor<2xi32>, tensor<2xi32>) {
  %a = tensor.extract_slice %t[1] [2] [1] : tensor<4xi32> to tensor<2xi32>
  %b = tensor.extract_slice %t[1] [2] [1] : tensor<4xi32> to tensor<2xi32>
  return %a, %b : tensor<2xi32>, tensor<2xi32>
}
func.func @rank_reducing_slice(%t: tensor<2x3x4xf32>) -> tensor<4xf32> {
  %s = tensor.extract_slice %t[1, 2, 0] [1, 1, 4] [1, 1, 1] : tensor<2x3x4xf32> to tensor<1x1x4xf32>
  %r = tensor.collapse_shape %s [[0, 1, 2]] : tensor<1x1x4xf32> into tensor<4xf32>
  return %r : tensor<4xf32>
}
func.func @from_elements_extract(%a: i32, %b: i32) -> i32 {
  %c1 = arith.constant 1 : index
  %t = tensor.from_elements %a, %b : tensor<2xi32>
  %x = tensor.extract %t[%c1] : tensor<2xi32>
  return %x : i32
}
