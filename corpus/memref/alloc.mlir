// memref.alloc / alloca / dealloc: fresh buffers hold poison, dead buffers are UB to touch,
// and a local buffer the caller never sees may be removed.

// A local buffer the caller cannot see: storing to it and reading back is the value.
// EXPECT local_buffer_forward: correct
func.func @local_buffer_forward_src(%v: i32) -> i32 {
  %c1 = arith.constant 1 : index
  %m = memref.alloca() : memref<4xi32>
  memref.store %v, %m[%c1] : memref<4xi32>
  %x = memref.load %m[%c1] : memref<4xi32>
  return %x : i32
}
func.func @local_buffer_forward_tgt(%v: i32) -> i32 {
  return %v : i32
}

// A fresh buffer holds poison: the source's load is poison, a constant refines it ...
// EXPECT uninitialized_load_refined: correct
func.func @uninitialized_load_refined_src() -> i32 {
  %c0 = arith.constant 0 : index
  %m = memref.alloc() : memref<4xi32>
  %x = memref.load %m[%c0] : memref<4xi32>
  memref.dealloc %m : memref<4xi32>
  return %x : i32
}
func.func @uninitialized_load_refined_tgt() -> i32 {
  %c7 = arith.constant 7 : i32
  return %c7 : i32
}

// ... but reading uninitialized memory where the source returned a value does not.
// EXPECT uninitialized_load_introduced: incorrect poison
func.func @uninitialized_load_introduced_src() -> i32 {
  %c7 = arith.constant 7 : i32
  return %c7 : i32
}
func.func @uninitialized_load_introduced_tgt() -> i32 {
  %c0 = arith.constant 0 : index
  %m = memref.alloca() : memref<4xi32>
  %x = memref.load %m[%c0] : memref<4xi32>
  return %x : i32
}

// Loading after the dealloc is UB.
// EXPECT use_after_free: incorrect ub
func.func @use_after_free_src(%v: i32) -> i32 {
  %c0 = arith.constant 0 : index
  %m = memref.alloc() : memref<4xi32>
  memref.store %v, %m[%c0] : memref<4xi32>
  %x = memref.load %m[%c0] : memref<4xi32>
  memref.dealloc %m : memref<4xi32>
  return %x : i32
}
func.func @use_after_free_tgt(%v: i32) -> i32 {
  %c0 = arith.constant 0 : index
  %m = memref.alloc() : memref<4xi32>
  memref.store %v, %m[%c0] : memref<4xi32>
  memref.dealloc %m : memref<4xi32>
  %x = memref.load %m[%c0] : memref<4xi32>
  return %x : i32
}

// Removing an allocation that is only stored to (and freed) is fine.
// EXPECT dead_allocation: correct
func.func @dead_allocation_src(%n: index, %v: i32) {
  %c0 = arith.constant 0 : index
  %m = memref.alloc() : memref<8xi32>
  memref.store %v, %m[%c0] : memref<8xi32>
  memref.dealloc %m : memref<8xi32>
  return
}
func.func @dead_allocation_tgt(%n: index, %v: i32) {
  return
}

// Freeing twice is UB.
// EXPECT double_free: incorrect ub
func.func @double_free_src() {
  %m = memref.alloc() : memref<8xi32>
  memref.dealloc %m : memref<8xi32>
  return
}
func.func @double_free_tgt() {
  %m = memref.alloc() : memref<8xi32>
  memref.dealloc %m : memref<8xi32>
  memref.dealloc %m : memref<8xi32>
  return
}

// A dynamically sized buffer: the index must be below the size.
// EXPECT dynamic_alloc_bounds: correct
func.func @dynamic_alloc_bounds_src(%n: index, %i: index, %v: i32) -> i32 {
  %m = memref.alloc(%n) : memref<?xi32>
  memref.store %v, %m[%i] : memref<?xi32>
  %x = memref.load %m[%i] : memref<?xi32>
  memref.dealloc %m : memref<?xi32>
  return %x : i32
}
func.func @dynamic_alloc_bounds_tgt(%n: index, %i: index, %v: i32) -> i32 {
  %m = memref.alloc(%n) : memref<?xi32>
  memref.store %v, %m[%i] : memref<?xi32>
  memref.dealloc %m : memref<?xi32>
  return %v : i32
}

// Dropping the store leaves the target's load poison (when the source was defined).
// EXPECT dynamic_alloc_missing_store: incorrect poison
func.func @dynamic_alloc_missing_store_src(%n: index, %i: index, %v: i32) -> i32 {
  %m = memref.alloc(%n) : memref<?xi32>
  memref.store %v, %m[%i] : memref<?xi32>
  %x = memref.load %m[%i] : memref<?xi32>
  memref.dealloc %m : memref<?xi32>
  return %x : i32
}
func.func @dynamic_alloc_missing_store_tgt(%n: index, %i: index, %v: i32) -> i32 {
  %m = memref.alloc(%n) : memref<?xi32>
  %x = memref.load %m[%i] : memref<?xi32>
  memref.dealloc %m : memref<?xi32>
  return %x : i32
}

// A returned buffer is compared by contents.
// EXPECT returned_buffer: correct
func.func @returned_buffer_src(%v: i32) -> memref<2xi32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %m = memref.alloc() : memref<2xi32>
  memref.store %v, %m[%c0] : memref<2xi32>
  memref.store %v, %m[%c1] : memref<2xi32>
  return %m : memref<2xi32>
}
func.func @returned_buffer_tgt(%v: i32) -> memref<2xi32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %m = memref.alloc() : memref<2xi32>
  memref.store %v, %m[%c1] : memref<2xi32>
  memref.store %v, %m[%c0] : memref<2xi32>
  return %m : memref<2xi32>
}

// EXPECT returned_buffer_missing_element: incorrect value
func.func @returned_buffer_missing_element_src(%v: i32) -> memref<2xi32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %m = memref.alloc() : memref<2xi32>
  memref.store %v, %m[%c0] : memref<2xi32>
  memref.store %v, %m[%c1] : memref<2xi32>
  return %m : memref<2xi32>
}
func.func @returned_buffer_missing_element_tgt(%v: i32) -> memref<2xi32> {
  %c0 = arith.constant 0 : index
  %m = memref.alloc() : memref<2xi32>
  memref.store %v, %m[%c0] : memref<2xi32>
  return %m : memref<2xi32>
}
