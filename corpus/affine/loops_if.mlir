// affine.for (constant or map bounds: the max of the lower-bound map, the min of the
// upper-bound map, a constant step), affine.if (integer sets) and affine.load/store.



// 0, 3, 6, 9 below 10: the sum of the induction variable is 18.
// EXPECT affine_for_static: correct
func.func @affine_for_static_src(%x: index) -> index {
  %r = affine.for %i = 0 to 10 step 3 iter_args(%a = %x) -> (index) {
    %b = arith.addi %a, %i : index
    affine.yield %b : index
  }
  return %r : index
}
func.func @affine_for_static_tgt(%x: index) -> index {
  %c18 = arith.constant 18 : index
  %r = arith.addi %x, %c18 : index
  return %r : index
}

// The upper bound is exclusive: not 0 + 3 + 6 + 9 + 12 = 30.
// EXPECT affine_for_static_inclusive: incorrect value
func.func @affine_for_static_inclusive_src(%x: index) -> index {
  %r = affine.for %i = 0 to 10 step 3 iter_args(%a = %x) -> (index) {
    %b = arith.addi %a, %i : index
    affine.yield %b : index
  }
  return %r : index
}
func.func @affine_for_static_inclusive_tgt(%x: index) -> index {
  %c30 = arith.constant 30 : index
  %r = arith.addi %x, %c30 : index
  return %r : index
}

// A symbol upper bound (dynamic trip count) is scf.for's: correct for every n within the
// unrolling bound.
// EXPECT affine_for_dynamic: correct bounded
func.func @affine_for_dynamic_src(%n: index, %x: i16) -> i16 {
  %r = affine.for %k = 0 to %n iter_args(%a = %x) -> (i16) {
    %b = arith.muli %a, %x : i16
    affine.yield %b : i16
  }
  return %r : i16
}
func.func @affine_for_dynamic_tgt(%n: index, %x: i16) -> i16 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %k = %c0 to %n step %c1 iter_args(%a = %x) -> (i16) {
    %b = arith.muli %a, %x : i16
    scf.yield %b : i16
  }
  return %r : i16
}

// Starting at 1 skips a multiplication: n = 1, x = 2 gives 4 vs 2.
// EXPECT affine_for_dynamic_from_one: incorrect value
func.func @affine_for_dynamic_from_one_src(%n: index, %x: i16) -> i16 {
  %r = affine.for %k = 0 to %n iter_args(%a = %x) -> (i16) {
    %b = arith.muli %a, %x : i16
    affine.yield %b : i16
  }
  return %r : i16
}
func.func @affine_for_dynamic_from_one_tgt(%n: index, %x: i16) -> i16 {
  %c1 = arith.constant 1 : index
  %r = scf.for %k = %c1 to %n step %c1 iter_args(%a = %x) -> (i16) {
    %b = arith.muli %a, %x : i16
    scf.yield %b : i16
  }
  return %r : i16
}

// Map bounds, and what mlir-opt --lower-affine makes of them: scf.for from
// max(d0, s0) to min(d0 + 8, 100). At most 8 iterations: exact, not a bounded proof (the
// solver shows that no input runs past the unrolling bound).
// EXPECT lower_affine_for: correct
func.func @lower_affine_for_src(%i: index, %n: index, %x: i32) -> i32 {
  %r = affine.for %k = max affine_map<(d0)[s0] -> (d0, s0)>(%i)[%n] to min affine_map<(d0) -> (d0 + 8, 100)>(%i) iter_args(%a = %x) -> (i32) {
    %b = arith.addi %a, %x : i32
    affine.yield %b : i32
  }
  return %r : i32
}
func.func @lower_affine_for_tgt(%arg0: index, %arg1: index, %arg2: i32) -> i32 {
  %0 = arith.maxsi %arg0, %arg1 : index
  %c8 = arith.constant 8 : index
  %1 = arith.addi %arg0, %c8 : index
  %c100 = arith.constant 100 : index
  %2 = arith.minsi %1, %c100 : index
  %c1 = arith.constant 1 : index
  %3 = scf.for %arg3 = %0 to %2 step %c1 iter_args(%arg4 = %arg2) -> (i32) {
    %4 = arith.addi %arg4, %arg2 : i32
    scf.yield %4 : i32
  }
  return %3 : i32
}

// A lower bound taking the min instead of the max: i = 0, n = -1, x = 1 runs once more.
// EXPECT lower_affine_for_min_lb: incorrect value
func.func @lower_affine_for_min_lb_src(%i: index, %n: index, %x: i32) -> i32 {
  %r = affine.for %k = max affine_map<(d0)[s0] -> (d0, s0)>(%i)[%n] to min affine_map<(d0) -> (d0 + 8, 100)>(%i) iter_args(%a = %x) -> (i32) {
    %b = arith.addi %a, %x : i32
    affine.yield %b : i32
  }
  return %r : i32
}
func.func @lower_affine_for_min_lb_tgt(%arg0: index, %arg1: index, %arg2: i32) -> i32 {
  %0 = arith.minsi %arg0, %arg1 : index
  %c8 = arith.constant 8 : index
  %1 = arith.addi %arg0, %c8 : index
  %c100 = arith.constant 100 : index
  %2 = arith.minsi %1, %c100 : index
  %c1 = arith.constant 1 : index
  %3 = scf.for %arg3 = %0 to %2 step %c1 iter_args(%arg4 = %arg2) -> (i32) {
    %4 = arith.addi %arg4, %arg2 : i32
    scf.yield %4 : i32
  }
  return %3 : i32
}

// affine.if (d0 - 10 >= 0) as lower-affine computes it: i + (-10), wrapping, then sge 0.
// EXPECT affine_if_lowered: correct
func.func @affine_if_lowered_src(%i: index) -> i8 {
  %r = affine.if affine_set<(d0) : (d0 - 10 >= 0)>(%i) -> i8 {
    %one = arith.constant 1 : i8
    affine.yield %one : i8
  } else {
    %zero = arith.constant 0 : i8
    affine.yield %zero : i8
  }
  return %r : i8
}
func.func @affine_if_lowered_tgt(%i: index) -> i8 {
  %c0 = arith.constant 0 : index
  %cm10 = arith.constant -10 : index
  %d = arith.addi %i, %cm10 : index
  %c = arith.cmpi sge, %d, %c0 : index
  %r = scf.if %c -> (i8) {
    %one = arith.constant 1 : i8
    scf.yield %one : i8
  } else {
    %zero = arith.constant 0 : i8
    scf.yield %zero : i8
  }
  return %r : i8
}

// sgt misses i = 10: 1 vs 0.
// EXPECT affine_if_gt: incorrect value
func.func @affine_if_gt_src(%i: index) -> i8 {
  %r = affine.if affine_set<(d0) : (d0 - 10 >= 0)>(%i) -> i8 {
    %one = arith.constant 1 : i8
    affine.yield %one : i8
  } else {
    %zero = arith.constant 0 : i8
    affine.yield %zero : i8
  }
  return %r : i8
}
func.func @affine_if_gt_tgt(%i: index) -> i8 {
  %c0 = arith.constant 0 : index
  %cm10 = arith.constant -10 : index
  %d = arith.addi %i, %cm10 : index
  %c = arith.cmpi sgt, %d, %c0 : index
  %r = scf.if %c -> (i8) {
    %one = arith.constant 1 : i8
    scf.yield %one : i8
  } else {
    %zero = arith.constant 0 : i8
    scf.yield %zero : i8
  }
  return %r : i8
}

// Comparing i with 10 directly: where i - 10 overflows (i = INT_MIN + 6, say) the affine
// expression is poison and branching on it is UB, so the comparison refines it.
// (Changed from `incorrect value` when affine `+`/`*` became non-wrapping, see
// semantics/affine.py: upstream treats affine arithmetic as never overflowing, llvm PR 121535.)
// EXPECT affine_if_direct_compare: correct
func.func @affine_if_direct_compare_src(%i: index) -> i8 {
  %r = affine.if affine_set<(d0) : (d0 - 10 >= 0)>(%i) -> i8 {
    %one = arith.constant 1 : i8
    affine.yield %one : i8
  } else {
    %zero = arith.constant 0 : i8
    affine.yield %zero : i8
  }
  return %r : i8
}
func.func @affine_if_direct_compare_tgt(%i: index) -> i8 {
  %c10 = arith.constant 10 : index
  %c = arith.cmpi sge, %i, %c10 : index
  %r = arith.extui %c : i1 to i8
  return %r : i8
}

// Twin: comparing with `sgt` is off by one at i = 10.
// EXPECT affine_if_direct_compare_sgt: incorrect value
func.func @affine_if_direct_compare_sgt_src(%i: index) -> i8 {
  %r = affine.if affine_set<(d0) : (d0 - 10 >= 0)>(%i) -> i8 {
    %one = arith.constant 1 : i8
    affine.yield %one : i8
  } else {
    %zero = arith.constant 0 : i8
    affine.yield %zero : i8
  }
  return %r : i8
}
func.func @affine_if_direct_compare_sgt_tgt(%i: index) -> i8 {
  %c10 = arith.constant 10 : index
  %c = arith.cmpi sgt, %i, %c10 : index
  %r = arith.extui %c : i1 to i8
  return %r : i8
}

// Two constraints, one an equality with a mod: (i >= n and i even).
// EXPECT affine_if_set: correct
func.func @affine_if_set_src(%i: index, %n: index) -> i8 {
  %r = affine.if affine_set<(d0)[s0] : (d0 - s0 >= 0, d0 mod 2 == 0)>(%i)[%n] -> i8 {
    %one = arith.constant 1 : i8
    affine.yield %one : i8
  } else {
    %zero = arith.constant 0 : i8
    affine.yield %zero : i8
  }
  return %r : i8
}
func.func @affine_if_set_tgt(%i: index, %n: index) -> i8 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %d = arith.subi %i, %n : index
  %ge = arith.cmpi sge, %d, %c0 : index
  %low = arith.andi %i, %c1 : index
  %even = arith.cmpi eq, %low, %c0 : index
  %both = arith.andi %ge, %even : i1
  %r = arith.extui %both : i1 to i8
  return %r : i8
}

// Testing i mod 4 instead: i = n = 2 gives 1 vs 0.
// EXPECT affine_if_set_mod4: incorrect value
func.func @affine_if_set_mod4_src(%i: index, %n: index) -> i8 {
  %r = affine.if affine_set<(d0)[s0] : (d0 - s0 >= 0, d0 mod 2 == 0)>(%i)[%n] -> i8 {
    %one = arith.constant 1 : i8
    affine.yield %one : i8
  } else {
    %zero = arith.constant 0 : i8
    affine.yield %zero : i8
  }
  return %r : i8
}
func.func @affine_if_set_mod4_tgt(%i: index, %n: index) -> i8 {
  %c0 = arith.constant 0 : index
  %c3 = arith.constant 3 : index
  %d = arith.subi %i, %n : index
  %ge = arith.cmpi sge, %d, %c0 : index
  %low = arith.andi %i, %c3 : index
  %even = arith.cmpi eq, %low, %c0 : index
  %both = arith.andi %ge, %even : i1
  %r = arith.extui %both : i1 to i8
  return %r : i8
}

// affine.load reads memory at an affine map of its operands. (This pair was `unknown`
// while memory had no semantics; now it is modelled: a load at %i + 1 is the element after
// %i, and an out-of-bounds index is UB.)
// EXPECT affine_load: correct
func.func @affine_load_src(%m: memref<4xi32>, %i: index) -> i32 {
  %v = affine.load %m[%i + 1] : memref<4xi32>
  return %v : i32
}
func.func @affine_load_tgt(%m: memref<4xi32>, %i: index) -> i32 {
  %c1 = arith.constant 1 : index
  %j = arith.addi %i, %c1 : index
  %v = memref.load %m[%j] : memref<4xi32>
  return %v : i32
}

// (At %i = -1 the target reads out of bounds where the source reads element 0.)
// EXPECT affine_load_wrong_offset: incorrect ub
func.func @affine_load_wrong_offset_src(%m: memref<4xi32>, %i: index) -> i32 {
  %v = affine.load %m[%i + 1] : memref<4xi32>
  return %v : i32
}
func.func @affine_load_wrong_offset_tgt(%m: memref<4xi32>, %i: index) -> i32 {
  %v = memref.load %m[%i] : memref<4xi32>
  return %v : i32
}
