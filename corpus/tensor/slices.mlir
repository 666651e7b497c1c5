// Tensor value semantics: slices, inserts, reshapes, and linalg on tensors (the
// canonicalizations and foldings MLIR performs on them).

// Extracting what was just inserted.
// EXPECT extract_of_insert: correct
func.func @extract_of_insert_src(%t: tensor<4xi16>, %v: i16, %i: index) -> i16 {
  %u = tensor.insert %v into %t[%i] : tensor<4xi16>
  %x = tensor.extract %u[%i] : tensor<4xi16>
  return %x : i16
}
func.func @extract_of_insert_tgt(%t: tensor<4xi16>, %v: i16, %i: index) -> i16 {
  return %v : i16
}

// From another index it is the old element.
// EXPECT extract_of_insert_other_index: incorrect poison
func.func @extract_of_insert_other_index_src(%t: tensor<4xi16>, %v: i16, %i: index, %j: index) -> i16 {
  %u = tensor.insert %v into %t[%i] : tensor<4xi16>
  %x = tensor.extract %u[%j] : tensor<4xi16>
  return %x : i16
}
func.func @extract_of_insert_other_index_tgt(%t: tensor<4xi16>, %v: i16, %i: index, %j: index) -> i16 {
  return %v : i16
}

// An element of a slice is the element at offset + index * stride.
// EXPECT extract_from_slice: correct
func.func @extract_from_slice_src(%t: tensor<8x8xi8>) -> i8 {
  %s = tensor.extract_slice %t[2, 1] [3, 3] [2, 1] : tensor<8x8xi8> to tensor<3x3xi8>
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %x = tensor.extract %s[%c2, %c1] : tensor<3x3xi8>
  return %x : i8
}
func.func @extract_from_slice_tgt(%t: tensor<8x8xi8>) -> i8 {
  %c6 = arith.constant 6 : index
  %c2 = arith.constant 2 : index
  %x = tensor.extract %t[%c6, %c2] : tensor<8x8xi8>
  return %x : i8
}

// EXPECT extract_from_slice_ignoring_stride: incorrect poison
func.func @extract_from_slice_ignoring_stride_src(%t: tensor<8x8xi8>) -> i8 {
  %s = tensor.extract_slice %t[2, 1] [3, 3] [2, 1] : tensor<8x8xi8> to tensor<3x3xi8>
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %x = tensor.extract %s[%c2, %c1] : tensor<3x3xi8>
  return %x : i8
}
func.func @extract_from_slice_ignoring_stride_tgt(%t: tensor<8x8xi8>) -> i8 {
  %c4 = arith.constant 4 : index
  %c2 = arith.constant 2 : index
  %x = tensor.extract %t[%c4, %c2] : tensor<8x8xi8>
  return %x : i8
}

// Inserting a slice extracted from the same place is the identity.
// EXPECT insert_extracted_slice: correct
func.func @insert_extracted_slice_src(%t: tensor<4x4xf32>) -> tensor<4x4xf32> {
  %s = tensor.extract_slice %t[1, 0] [2, 4] [1, 1] : tensor<4x4xf32> to tensor<2x4xf32>
  %r = tensor.insert_slice %s into %t[1, 0] [2, 4] [1, 1] : tensor<2x4xf32> into tensor<4x4xf32>
  return %r : tensor<4x4xf32>
}
func.func @insert_extracted_slice_tgt(%t: tensor<4x4xf32>) -> tensor<4x4xf32> {
  return %t : tensor<4x4xf32>
}

// EXPECT insert_slice_elsewhere: incorrect value
func.func @insert_slice_elsewhere_src(%t: tensor<4x4xf32>) -> tensor<4x4xf32> {
  %s = tensor.extract_slice %t[1, 0] [2, 4] [1, 1] : tensor<4x4xf32> to tensor<2x4xf32>
  %r = tensor.insert_slice %s into %t[2, 0] [2, 4] [1, 1] : tensor<2x4xf32> into tensor<4x4xf32>
  return %r : tensor<4x4xf32>
}
func.func @insert_slice_elsewhere_tgt(%t: tensor<4x4xf32>) -> tensor<4x4xf32> {
  return %t : tensor<4x4xf32>
}

// collapse then expand back is the identity; expand to other sizes is not.
// EXPECT collapse_expand: correct
func.func @collapse_expand_src(%t: tensor<2x3xi32>) -> tensor<2x3xi32> {
  %c = tensor.collapse_shape %t [[0, 1]] : tensor<2x3xi32> into tensor<6xi32>
  %e = tensor.expand_shape %c [[0, 1]] output_shape [2, 3] : tensor<6xi32> into tensor<2x3xi32>
  return %e : tensor<2x3xi32>
}
func.func @collapse_expand_tgt(%t: tensor<2x3xi32>) -> tensor<2x3xi32> {
  return %t : tensor<2x3xi32>
}

// EXPECT transpose_is_not_reshape: incorrect value
func.func @transpose_is_not_reshape_src(%t: tensor<2x2xi32>) -> tensor<2x2xi32> {
  %e = tensor.empty() : tensor<2x2xi32>
  %r = linalg.transpose ins(%t : tensor<2x2xi32>) outs(%e : tensor<2x2xi32>) permutation = [1, 0]
  return %r : tensor<2x2xi32>
}
func.func @transpose_is_not_reshape_tgt(%t: tensor<2x2xi32>) -> tensor<2x2xi32> {
  return %t : tensor<2x2xi32>
}

// Transposing twice is the identity.
// EXPECT transpose_twice: correct
func.func @transpose_twice_src(%t: tensor<2x3xi32>) -> tensor<2x3xi32> {
  %e = tensor.empty() : tensor<3x2xi32>
  %r = linalg.transpose ins(%t : tensor<2x3xi32>) outs(%e : tensor<3x2xi32>) permutation = [1, 0]
  %f = tensor.empty() : tensor<2x3xi32>
  %s = linalg.transpose ins(%r : tensor<3x2xi32>) outs(%f : tensor<2x3xi32>) permutation = [1, 0]
  return %s : tensor<2x3xi32>
}
func.func @transpose_twice_tgt(%t: tensor<2x3xi32>) -> tensor<2x3xi32> {
  return %t : tensor<2x3xi32>
}

// Filling then reading gives the value; an empty tensor's elements are poison.
// EXPECT fill_then_extract: correct
func.func @fill_then_extract_src(%v: i8, %i: index) -> i8 {
  %e = tensor.empty() : tensor<4xi8>
  %f = linalg.fill ins(%v : i8) outs(%e : tensor<4xi8>) -> tensor<4xi8>
  %x = tensor.extract %f[%i] : tensor<4xi8>
  return %x : i8
}
func.func @fill_then_extract_tgt(%v: i8, %i: index) -> i8 {
  return %v : i8
}

// EXPECT empty_is_not_filled: incorrect poison
func.func @empty_is_not_filled_src(%v: i8, %i: index) -> i8 {
  %e = tensor.empty() : tensor<4xi8>
  %f = linalg.fill ins(%v : i8) outs(%e : tensor<4xi8>) -> tensor<4xi8>
  %x = tensor.extract %f[%i] : tensor<4xi8>
  return %x : i8
}
func.func @empty_is_not_filled_tgt(%v: i8, %i: index) -> i8 {
  %e = tensor.empty() : tensor<4xi8>
  %x = tensor.extract %e[%i] : tensor<4xi8>
  return %x : i8
}
