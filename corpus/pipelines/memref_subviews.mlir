// Subview-heavy memref code: loads, stores and copies through subviews (nested, strided,
// rank-reducing, dynamic offsets), for
// fold-memref-alias-ops (accesses rewritten to the base memref with affine index maths)
// and expand-strided-metadata (views rewritten to extract_strided_metadata +
// reinterpret_cast).
// PIPELINE: builtin.module(fold-memref-alias-ops)
// PIPELINE: builtin.module(expand-strided-metadata)
// PIPELINE: builtin.module(fold-memref-alias-ops,lower-affine,canonicalize,cse)
// PIPELINE: builtin.module(expand-strided-metadata,lower-affine,canonicalize)
func.func @subview_load(%m: memref<4x4xi32>, %i: index, %j: index) -> i32 {
  %sv = memref.subview %m[1, 1] [2, 2] [1, 1] : memref<4x4xi32> to memref<2x2xi32, strided<[4, 1], offset: 5>>
  %v = memref.load %sv[%i, %j] : memref<2x2xi32, strided<[4, 1], offset: 5>>
  return %v : i32
}
func.func @strided_subview_store(%m: memref<4x6xf32>, %v: f32, %i: index) {
  %sv = memref.subview %m[0, 1] [2, 3] [2, 2] : memref<4x6xf32> to memref<2x3xf32, strided<[12, 2], offset: 1>>
  memref.store %v, %sv[%i, %i] : memref<2x3xf32, strided<[12, 2], offset: 1>>
  return
}
func.func @nested_subviews(%m: memref<4x4xi32>, %v: i32) -> i32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %a = memref.subview %m[1, 0] [3, 4] [1, 1] : memref<4x4xi32> to memref<3x4xi32, strided<[4, 1], offset: 4>>
  %b = memref.subview %a[1, 2] [2, 2] [1, 1] : memref<3x4xi32, strided<[4, 1], offset: 4>> to memref<2x2xi32, strided<[4, 1], offset: 10>>
  memref.store %v, %b[%c1, %c0] : memref<2x2xi32, strided<[4, 1], offset: 10>>
  %r = memref.load %m[%c0, %c1] : memref<4x4xi32>
  return %r : i32
}
func.func @rank_reducing(%m: memref<2x3x4xi32>, %k: index) -> i32 {
  %c2 = arith.constant 2 : index
  %row = memref.subview %m[1, 2, 0] [1, 1, 4] [1, 1, 1] : memref<2x3x4xi32> to memref<4xi32, strided<[1], offset: 20>>
  %v = memref.load %row[%k] : memref<4xi32, strided<[1], offset: 20>>
  return %v : i32
}
func.func @dynamic_offset(%m: memref<8xi32>, %off: index, %i: index, %v: i32) -> i32 {
  %sv = memref.subview %m[%off] [4] [1] : memref<8xi32> to memref<4xi32, strided<[1], offset: ?>>
  memref.store %v, %sv[%i] : memref<4xi32, strided<[1], offset: ?>>
  %c0 = arith.constant 0 : index
  %r = memref.load %sv[%c0] : memref<4xi32, strided<[1], offset: ?>>
  return %r : i32
}
func.func @subview_copy(%src: memref<4x4xf32>, %dst: memref<2x2xf32>) {
  %sv = memref.subview %src[2, 1] [2, 2] [1, 2] : memref<4x4xf32> to memref<2x2xf32, strided<[4, 2], offset: 9>>
  memref.copy %sv, %dst : memref<2x2xf32, strided<[4, 2], offset: 9>> to memref<2x2xf32>
  return
}
