// memref.load / memref.store: forwarding, dead stores, bounds (UB), aliasing of arguments.
// Arguments of the same element type may alias: every pair is checked for each way they can
// share a buffer (irproof.verifier.memory_inputs).

// A load right after a store to the same element reads the stored value.
// EXPECT store_load_forward: correct
func.func @store_load_forward_src(%a: memref<4xi32>, %i: index, %v: i32) -> i32 {
  memref.store %v, %a[%i] : memref<4xi32>
  %x = memref.load %a[%i] : memref<4xi32>
  return %x : i32
}
func.func @store_load_forward_tgt(%a: memref<4xi32>, %i: index, %v: i32) -> i32 {
  memref.store %v, %a[%i] : memref<4xi32>
  return %v : i32
}

// Not from another element.
// (The first failure found is poison: %v may be poison where the loaded element is not.)
// EXPECT store_load_other_index: incorrect poison
func.func @store_load_other_index_src(%a: memref<4xi32>, %i: index, %j: index, %v: i32) -> i32 {
  memref.store %v, %a[%i] : memref<4xi32>
  %x = memref.load %a[%j] : memref<4xi32>
  return %x : i32
}
func.func @store_load_other_index_tgt(%a: memref<4xi32>, %i: index, %j: index, %v: i32) -> i32 {
  memref.store %v, %a[%i] : memref<4xi32>
  return %v : i32
}

// Two arguments of the same element type may be the same buffer: a store through %b may
// overwrite what was stored through %a.
// EXPECT store_forward_across_alias: incorrect poison
func.func @store_forward_across_alias_src(%a: memref<4xi32>, %b: memref<4xi32>, %v: i32) -> i32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : i32
  memref.store %v, %a[%c0] : memref<4xi32>
  memref.store %c1, %b[%c0] : memref<4xi32>
  %x = memref.load %a[%c0] : memref<4xi32>
  return %x : i32
}
func.func @store_forward_across_alias_tgt(%a: memref<4xi32>, %b: memref<4xi32>, %v: i32) -> i32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : i32
  memref.store %v, %a[%c0] : memref<4xi32>
  memref.store %c1, %b[%c0] : memref<4xi32>
  return %v : i32
}

// Buffers of different element types never overlap.
// EXPECT store_forward_other_type: correct
func.func @store_forward_other_type_src(%a: memref<4xi32>, %b: memref<4xi64>, %v: i32) -> i32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : i64
  memref.store %v, %a[%c0] : memref<4xi32>
  memref.store %c1, %b[%c0] : memref<4xi64>
  %x = memref.load %a[%c0] : memref<4xi32>
  return %x : i32
}
func.func @store_forward_other_type_tgt(%a: memref<4xi32>, %b: memref<4xi64>, %v: i32) -> i32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : i64
  memref.store %v, %a[%c0] : memref<4xi32>
  memref.store %c1, %b[%c0] : memref<4xi64>
  return %v : i32
}

// A store overwritten before anything reads it is dead.
// EXPECT dead_store: correct
func.func @dead_store_src(%a: memref<8xi32>, %i: index, %v: i32, %w: i32) {
  memref.store %v, %a[%i] : memref<8xi32>
  memref.store %w, %a[%i] : memref<8xi32>
  return
}
func.func @dead_store_tgt(%a: memref<8xi32>, %i: index, %v: i32, %w: i32) {
  memref.store %w, %a[%i] : memref<8xi32>
  return
}

// Keeping the first store instead leaves the wrong value in the caller's memory.
// EXPECT dead_store_wrong_one: incorrect memory
func.func @dead_store_wrong_one_src(%a: memref<8xi32>, %i: index, %v: i32, %w: i32) {
  memref.store %v, %a[%i] : memref<8xi32>
  memref.store %w, %a[%i] : memref<8xi32>
  return
}
func.func @dead_store_wrong_one_tgt(%a: memref<8xi32>, %i: index, %v: i32, %w: i32) {
  memref.store %v, %a[%i] : memref<8xi32>
  return
}

// Dropping a store the caller can see is a miscompilation.
// EXPECT dropped_store: incorrect memory
func.func @dropped_store_src(%a: memref<4xi32>, %v: i32) {
  %c2 = arith.constant 2 : index
  memref.store %v, %a[%c2] : memref<4xi32>
  return
}
func.func @dropped_store_tgt(%a: memref<4xi32>, %v: i32) {
  return
}

// A load out of bounds is UB, so the source may be replaced by one that masks the index.
// EXPECT out_of_bounds_is_ub: correct
func.func @out_of_bounds_is_ub_src(%a: memref<4xi32>, %i: index) -> i32 {
  %x = memref.load %a[%i] : memref<4xi32>
  return %x : i32
}
func.func @out_of_bounds_is_ub_tgt(%a: memref<4xi32>, %i: index) -> i32 {
  %c3 = arith.constant 3 : index
  %j = arith.andi %i, %c3 : index
  %x = memref.load %a[%j] : memref<4xi32>
  return %x : i32
}

// ... but not the other way round: the target reads out of bounds where the source did not.
// EXPECT out_of_bounds_introduced: incorrect ub
func.func @out_of_bounds_introduced_src(%a: memref<4xi32>, %i: index) -> i32 {
  %c3 = arith.constant 3 : index
  %j = arith.andi %i, %c3 : index
  %x = memref.load %a[%j] : memref<4xi32>
  return %x : i32
}
func.func @out_of_bounds_introduced_tgt(%a: memref<4xi32>, %i: index) -> i32 {
  %x = memref.load %a[%i] : memref<4xi32>
  return %x : i32
}

// A poison index is UB (the address is poison).
// EXPECT poison_index_store: incorrect ub
func.func @poison_index_store_src(%a: memref<4xi32>, %i: index, %v: i32) {
  return
}
func.func @poison_index_store_tgt(%a: memref<4xi32>, %i: index, %v: i32) {
  %c1 = arith.constant 1 : index
  %j = arith.addi %i, %c1 overflow<nuw> : index
  memref.store %v, %a[%j] : memref<4xi32>
  %c0 = arith.constant 0 : index
  return
}

// Storing a value the source computes as poison: the target may store anything there.
// EXPECT poison_stored_refined: correct
func.func @poison_stored_refined_src(%a: memref<4xi8>, %x: i8) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : i8
  %c8 = arith.constant 8 : i8
  %p = arith.shli %c1, %c8 : i8
  memref.store %p, %a[%c0] : memref<4xi8>
  return
}
func.func @poison_stored_refined_tgt(%a: memref<4xi8>, %x: i8) {
  %c0 = arith.constant 0 : index
  memref.store %x, %a[%c0] : memref<4xi8>
  return
}

// The other way round the caller's element becomes poison.
// EXPECT poison_stored_introduced: incorrect memory
func.func @poison_stored_introduced_src(%a: memref<4xi8>, %x: i8) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : i8
  memref.store %c1, %a[%c0] : memref<4xi8>
  return
}
func.func @poison_stored_introduced_tgt(%a: memref<4xi8>, %x: i8) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : i8
  %c8 = arith.constant 8 : i8
  %p = arith.shli %c1, %c8 : i8
  memref.store %p, %a[%c0] : memref<4xi8>
  return
}

// Swapping two stores is fine when they are to different elements of one buffer ...
// EXPECT swap_stores_same_buffer: correct
func.func @swap_stores_same_buffer_src(%a: memref<4xf32>, %x: f32, %y: f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  memref.store %x, %a[%c0] : memref<4xf32>
  memref.store %y, %a[%c1] : memref<4xf32>
  return
}
func.func @swap_stores_same_buffer_tgt(%a: memref<4xf32>, %x: f32, %y: f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  memref.store %y, %a[%c1] : memref<4xf32>
  memref.store %x, %a[%c0] : memref<4xf32>
  return
}

// ... but not across two arguments, which may alias.
// EXPECT swap_stores_two_arguments: incorrect memory
func.func @swap_stores_two_arguments_src(%a: memref<4xf32>, %b: memref<4xf32>, %x: f32, %y: f32) {
  %c0 = arith.constant 0 : index
  memref.store %x, %a[%c0] : memref<4xf32>
  memref.store %y, %b[%c0] : memref<4xf32>
  return
}
func.func @swap_stores_two_arguments_tgt(%a: memref<4xf32>, %b: memref<4xf32>, %x: f32, %y: f32) {
  %c0 = arith.constant 0 : index
  memref.store %y, %b[%c0] : memref<4xf32>
  memref.store %x, %a[%c0] : memref<4xf32>
  return
}
