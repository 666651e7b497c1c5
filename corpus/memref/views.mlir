// Views: subview, collapse_shape, expand_shape, reinterpret_cast, dim, and
// extract_strided_metadata (what expand-strided-metadata / fold-memref-alias-ops produce).

// An element of a subview is the element of the source at offset + index * stride.
// EXPECT subview_load: correct
func.func @subview_load_src(%a: memref<4x4xi32>, %i: index, %j: index) -> i32 {
  %s = memref.subview %a[1, 2] [2, 2] [1, 1] : memref<4x4xi32> to memref<2x2xi32, strided<[4, 1], offset: 6>>
  %x = memref.load %s[%i, %j] : memref<2x2xi32, strided<[4, 1], offset: 6>>
  return %x : i32
}
func.func @subview_load_tgt(%a: memref<4x4xi32>, %i: index, %j: index) -> i32 {
  %c2 = arith.constant 2 : index
  %c1 = arith.constant 1 : index
  %c0 = arith.constant 0 : index
  %i1 = arith.addi %i, %c1 : index
  %j2 = arith.addi %j, %c2 : index
  %ok_i = arith.cmpi ult, %i, %c2 : index
  %ok_j = arith.cmpi ult, %j, %c2 : index
  %ok = arith.andi %ok_i, %ok_j : i1
  %x = scf.if %ok -> (i32) {
    %y = memref.load %a[%i1, %j2] : memref<4x4xi32>
    scf.yield %y : i32
  } else {
    %y = memref.load %a[%c0, %c0] : memref<4x4xi32>
    scf.yield %y : i32
  }
  return %x : i32
}

// Off by one in the folded offset (what a wrong fold-memref-alias-ops would do).
// (Found as poison first: the other element may be poison where the right one is not.)
// EXPECT subview_load_off_by_one: incorrect poison
func.func @subview_load_off_by_one_src(%a: memref<4x4xi32>, %i: index) -> i32 {
  %s = memref.subview %a[1, 2] [2, 2] [1, 1] : memref<4x4xi32> to memref<2x2xi32, strided<[4, 1], offset: 6>>
  %c0 = arith.constant 0 : index
  %x = memref.load %s[%c0, %c0] : memref<2x2xi32, strided<[4, 1], offset: 6>>
  return %x : i32
}
func.func @subview_load_off_by_one_tgt(%a: memref<4x4xi32>, %i: index) -> i32 {
  %c1 = arith.constant 1 : index
  %x = memref.load %a[%c1, %c1] : memref<4x4xi32>
  return %x : i32
}

// A strided, rank-reducing subview: row 2, every other column.
// EXPECT subview_rank_reducing_strided: correct
func.func @subview_rank_reducing_strided_src(%a: memref<4x8xi16>, %v: i16) {
  %s = memref.subview %a[2, 1] [1, 3] [1, 2] : memref<4x8xi16> to memref<3xi16, strided<[2], offset: 17>>
  %c2 = arith.constant 2 : index
  memref.store %v, %s[%c2] : memref<3xi16, strided<[2], offset: 17>>
  return
}
func.func @subview_rank_reducing_strided_tgt(%a: memref<4x8xi16>, %v: i16) {
  %c2 = arith.constant 2 : index
  %c5 = arith.constant 5 : index
  memref.store %v, %a[%c2, %c5] : memref<4x8xi16>
  return
}

// EXPECT subview_rank_reducing_wrong_column: incorrect memory
func.func @subview_rank_reducing_wrong_column_src(%a: memref<4x8xi16>, %v: i16) {
  %s = memref.subview %a[2, 1] [1, 3] [1, 2] : memref<4x8xi16> to memref<3xi16, strided<[2], offset: 17>>
  %c2 = arith.constant 2 : index
  memref.store %v, %s[%c2] : memref<3xi16, strided<[2], offset: 17>>
  return
}
func.func @subview_rank_reducing_wrong_column_tgt(%a: memref<4x8xi16>, %v: i16) {
  %c2 = arith.constant 2 : index
  %c4 = arith.constant 4 : index
  memref.store %v, %a[%c2, %c4] : memref<4x8xi16>
  return
}

// collapse_shape: row-major linearization.
// EXPECT collapse_linearizes: correct
func.func @collapse_linearizes_src(%a: memref<3x4xi32>, %v: i32) {
  %f = memref.collapse_shape %a [[0, 1]] : memref<3x4xi32> into memref<12xi32>
  %c9 = arith.constant 9 : index
  memref.store %v, %f[%c9] : memref<12xi32>
  return
}
func.func @collapse_linearizes_tgt(%a: memref<3x4xi32>, %v: i32) {
  %c2 = arith.constant 2 : index
  %c1 = arith.constant 1 : index
  memref.store %v, %a[%c2, %c1] : memref<3x4xi32>
  return
}

// The transposed element is another one.
// EXPECT collapse_transposed: incorrect memory
func.func @collapse_transposed_src(%a: memref<3x4xi32>, %v: i32) {
  %f = memref.collapse_shape %a [[0, 1]] : memref<3x4xi32> into memref<12xi32>
  %c9 = arith.constant 9 : index
  memref.store %v, %f[%c9] : memref<12xi32>
  return
}
func.func @collapse_transposed_tgt(%a: memref<3x4xi32>, %v: i32) {
  %c2 = arith.constant 2 : index
  %c1 = arith.constant 1 : index
  memref.store %v, %a[%c1, %c2] : memref<3x4xi32>
  return
}

// expand_shape with a dynamic outer size, read back through the source.
// EXPECT expand_dynamic: correct
func.func @expand_dynamic_src(%a: memref<?xf32>, %n: index, %i: index) -> f32 {
  %e = memref.expand_shape %a [[0, 1]] output_shape [%n, 4] : memref<?xf32> into memref<?x4xf32>
  %c3 = arith.constant 3 : index
  %x = memref.load %e[%i, %c3] : memref<?x4xf32>
  return %x : f32
}
func.func @expand_dynamic_tgt(%a: memref<?xf32>, %n: index, %i: index) -> f32 {
  %e = memref.expand_shape %a [[0, 1]] output_shape [%n, 4] : memref<?xf32> into memref<?x4xf32>
  %c3 = arith.constant 3 : index
  %x = memref.load %e[%i, %c3] : memref<?x4xf32>
  return %x : f32
}

// Reading the expanded view through the flat source needs the bound check of the view
// (i < n), which the flat load does not have: the target is more defined, and
// refines the source.
// EXPECT expand_read_flat: correct
func.func @expand_read_flat_src(%a: memref<8xf32>, %i: index) -> f32 {
  %e = memref.expand_shape %a [[0, 1]] output_shape [2, 4] : memref<8xf32> into memref<2x4xf32>
  %c3 = arith.constant 3 : index
  %x = memref.load %e[%i, %c3] : memref<2x4xf32>
  return %x : f32
}
func.func @expand_read_flat_tgt(%a: memref<8xf32>, %i: index) -> f32 {
  %c4 = arith.constant 4 : index
  %c3 = arith.constant 3 : index
  %c7 = arith.constant 7 : index
  %k0 = arith.muli %i, %c4 : index
  %k = arith.addi %k0, %c3 : index
  %in = arith.cmpi ult, %k, %c7 : index
  %j = arith.select %in, %k, %c7 : index
  %x = memref.load %a[%j] : memref<8xf32>
  return %x : f32
}

// Flat index 4*i + 2 is another element.
// EXPECT expand_wrong_stride: incorrect poison
func.func @expand_wrong_stride_src(%a: memref<8xf32>) -> f32 {
  %e = memref.expand_shape %a [[0, 1]] output_shape [2, 4] : memref<8xf32> into memref<2x4xf32>
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %x = memref.load %e[%c1, %c3] : memref<2x4xf32>
  return %x : f32
}
func.func @expand_wrong_stride_tgt(%a: memref<8xf32>) -> f32 {
  %c5 = arith.constant 5 : index
  %x = memref.load %a[%c5] : memref<8xf32>
  return %x : f32
}

// memref.dim of a static dimension is the constant; of a dynamic one, it is not.
// EXPECT dim_static: correct
func.func @dim_static_src(%a: memref<4x?xi8>) -> index {
  %c0 = arith.constant 0 : index
  %d = memref.dim %a, %c0 : memref<4x?xi8>
  return %d : index
}
func.func @dim_static_tgt(%a: memref<4x?xi8>) -> index {
  %c4 = arith.constant 4 : index
  return %c4 : index
}

// EXPECT dim_dynamic: incorrect value
func.func @dim_dynamic_src(%a: memref<4x?xi8>) -> index {
  %c1 = arith.constant 1 : index
  %d = memref.dim %a, %c1 : memref<4x?xi8>
  return %d : index
}
func.func @dim_dynamic_tgt(%a: memref<4x?xi8>) -> index {
  %c4 = arith.constant 4 : index
  return %c4 : index
}

// reinterpret_cast of the base buffer with the view's own offset, sizes and strides is
// the same view (expand-strided-metadata's output for a subview).
// EXPECT reinterpret_as_subview: correct
func.func @reinterpret_as_subview_src(%a: memref<4x4xi32>, %i: index, %v: i32) {
  %s = memref.subview %a[1, 0] [2, 4] [1, 1] : memref<4x4xi32> to memref<2x4xi32, strided<[4, 1], offset: 4>>
  %c1 = arith.constant 1 : index
  memref.store %v, %s[%c1, %i] : memref<2x4xi32, strided<[4, 1], offset: 4>>
  return
}
func.func @reinterpret_as_subview_tgt(%a: memref<4x4xi32>, %i: index, %v: i32) {
  %base, %offset, %sizes:2, %strides:2 = memref.extract_strided_metadata %a : memref<4x4xi32> -> memref<i32>, index, index, index, index, index
  %s = memref.reinterpret_cast %base to offset: [4], sizes: [2, 4], strides: [4, 1] : memref<i32> to memref<2x4xi32, strided<[4, 1], offset: 4>>
  %c1 = arith.constant 1 : index
  memref.store %v, %s[%c1, %i] : memref<2x4xi32, strided<[4, 1], offset: 4>>
  return
}

// EXPECT reinterpret_wrong_offset: incorrect memory
func.func @reinterpret_wrong_offset_src(%a: memref<4x4xi32>, %i: index, %v: i32) {
  %s = memref.subview %a[1, 0] [2, 4] [1, 1] : memref<4x4xi32> to memref<2x4xi32, strided<[4, 1], offset: 4>>
  %c1 = arith.constant 1 : index
  memref.store %v, %s[%c1, %i] : memref<2x4xi32, strided<[4, 1], offset: 4>>
  return
}
func.func @reinterpret_wrong_offset_tgt(%a: memref<4x4xi32>, %i: index, %v: i32) {
  %base, %offset, %sizes:2, %strides:2 = memref.extract_strided_metadata %a : memref<4x4xi32> -> memref<i32>, index, index, index, index, index
  %s = memref.reinterpret_cast %base to offset: [0], sizes: [2, 4], strides: [4, 1] : memref<i32> to memref<2x4xi32, strided<[4, 1]>>
  %c1 = arith.constant 1 : index
  memref.store %v, %s[%c1, %i] : memref<2x4xi32, strided<[4, 1]>>
  return
}
