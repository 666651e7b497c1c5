// affine.apply / affine.min / affine.max: affine maps in index arithmetic (+ and * wrap);
// floordiv, ceildiv and mod by a positive constant round toward -inf, toward +inf and give
// a remainder in [0, c) (what mlir-opt --lower-affine computes).

// d0 floordiv 4 is arith.floordivsi by 4.
// EXPECT affine_floordiv: correct
func.func @affine_floordiv_src(%x: index) -> index {
  %r = affine.apply affine_map<(d0) -> (d0 floordiv 4)>(%x)
  return %r : index
}
func.func @affine_floordiv_tgt(%x: index) -> index {
  %c4 = arith.constant 4 : index
  %r = arith.floordivsi %x, %c4 : index
  return %r : index
}

// divsi rounds toward zero: x = -1 gives -1 vs 0.
// EXPECT affine_floordiv_divsi: incorrect value
func.func @affine_floordiv_divsi_src(%x: index) -> index {
  %r = affine.apply affine_map<(d0) -> (d0 floordiv 4)>(%x)
  return %r : index
}
func.func @affine_floordiv_divsi_tgt(%x: index) -> index {
  %c4 = arith.constant 4 : index
  %r = arith.divsi %x, %c4 : index
  return %r : index
}

// d0 mod 8 is in [0, 8): the low three bits, also of a negative d0.
// EXPECT affine_mod: correct
func.func @affine_mod_src(%x: index) -> index {
  %r = affine.apply affine_map<(d0) -> (d0 mod 8)>(%x)
  return %r : index
}
func.func @affine_mod_tgt(%x: index) -> index {
  %c7 = arith.constant 7 : index
  %r = arith.andi %x, %c7 : index
  return %r : index
}

// remsi keeps the sign of the dividend: x = -1 gives 7 vs -1.
// EXPECT affine_mod_remsi: incorrect value
func.func @affine_mod_remsi_src(%x: index) -> index {
  %r = affine.apply affine_map<(d0) -> (d0 mod 8)>(%x)
  return %r : index
}
func.func @affine_mod_remsi_tgt(%x: index) -> index {
  %c8 = arith.constant 8 : index
  %r = arith.remsi %x, %c8 : index
  return %r : index
}

// d0 ceildiv 2 is arith.ceildivsi by 2.
// EXPECT affine_ceildiv: correct
func.func @affine_ceildiv_src(%x: index) -> index {
  %r = affine.apply affine_map<(d0) -> (d0 ceildiv 2)>(%x)
  return %r : index
}
func.func @affine_ceildiv_tgt(%x: index) -> index {
  %c2 = arith.constant 2 : index
  %r = arith.ceildivsi %x, %c2 : index
  return %r : index
}

// (x + 1) divsi 2 rounds negatives the wrong way: x = -2 gives -1 vs 0.
// EXPECT affine_ceildiv_shift: incorrect value
func.func @affine_ceildiv_shift_src(%x: index) -> index {
  %r = affine.apply affine_map<(d0) -> (d0 ceildiv 2)>(%x)
  return %r : index
}
func.func @affine_ceildiv_shift_tgt(%x: index) -> index {
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %y = arith.addi %x, %c1 : index
  %r = arith.divsi %y, %c2 : index
  return %r : index
}

// Dims and symbols with wrapping + and *: d0 * 3 - s0 + 5.
// EXPECT affine_linear: correct
func.func @affine_linear_src(%i: index, %n: index) -> index {
  %r = affine.apply affine_map<(d0)[s0] -> (d0 * 3 - s0 + 5)>(%i)[%n]
  return %r : index
}
func.func @affine_linear_tgt(%i: index, %n: index) -> index {
  %c3 = arith.constant 3 : index
  %c5 = arith.constant 5 : index
  %a = arith.muli %i, %c3 : index
  %b = arith.subi %a, %n : index
  %r = arith.addi %b, %c5 : index
  return %r : index
}

// nsw on the multiplication is what lower-affine emits (llvm PR 121535): affine `*` does not
// overflow (semantics/affine.py), so where i * 3 overflows the source is poison too.
// (Changed from `incorrect poison` when affine `+`/`*` became non-wrapping.)
// EXPECT affine_linear_nsw: correct
func.func @affine_linear_nsw_src(%i: index, %n: index) -> index {
  %r = affine.apply affine_map<(d0)[s0] -> (d0 * 3 - s0 + 5)>(%i)[%n]
  return %r : index
}
func.func @affine_linear_nsw_tgt(%i: index, %n: index) -> index {
  %c3 = arith.constant 3 : index
  %c5 = arith.constant 5 : index
  %a = arith.muli %i, %c3 overflow<nsw> : index
  %b = arith.subi %a, %n : index
  %r = arith.addi %b, %c5 : index
  return %r : index
}

// Twin: nuw is not implied: i = -1 gives -3 in the map but an unsigned overflow in muli.
// EXPECT affine_linear_nuw: incorrect poison
func.func @affine_linear_nuw_src(%i: index, %n: index) -> index {
  %r = affine.apply affine_map<(d0)[s0] -> (d0 * 3 - s0 + 5)>(%i)[%n]
  return %r : index
}
func.func @affine_linear_nuw_tgt(%i: index, %n: index) -> index {
  %c3 = arith.constant 3 : index
  %c5 = arith.constant 5 : index
  %a = arith.muli %i, %c3 overflow<nuw> : index
  %b = arith.subi %a, %n : index
  %r = arith.addi %b, %c5 : index
  return %r : index
}

// affine.min is the signed minimum of the map's results.
// EXPECT affine_min: correct
func.func @affine_min_src(%i: index, %n: index) -> index {
  %r = affine.min affine_map<(d0)[s0] -> (d0, s0 + 2)>(%i)[%n]
  return %r : index
}
func.func @affine_min_tgt(%i: index, %n: index) -> index {
  %c2 = arith.constant 2 : index
  %m = arith.addi %n, %c2 : index
  %r = arith.minsi %i, %m : index
  return %r : index
}

// Not the unsigned minimum: i = -1, n = 0 gives -1 vs 2.
// EXPECT affine_min_unsigned: incorrect value
func.func @affine_min_unsigned_src(%i: index, %n: index) -> index {
  %r = affine.min affine_map<(d0)[s0] -> (d0, s0 + 2)>(%i)[%n]
  return %r : index
}
func.func @affine_min_unsigned_tgt(%i: index, %n: index) -> index {
  %c2 = arith.constant 2 : index
  %m = arith.addi %n, %c2 : index
  %r = arith.minui %i, %m : index
  return %r : index
}

// affine.max over three results is a chain of maxsi.
// EXPECT affine_max: correct
func.func @affine_max_src(%i: index, %j: index) -> index {
  %r = affine.max affine_map<(d0, d1) -> (d0, d1 - 1, 7)>(%i, %j)
  return %r : index
}
func.func @affine_max_tgt(%i: index, %j: index) -> index {
  %c1 = arith.constant 1 : index
  %c7 = arith.constant 7 : index
  %jm = arith.subi %j, %c1 : index
  %a = arith.maxsi %i, %jm : index
  %r = arith.maxsi %a, %c7 : index
  return %r : index
}

// Dropping the constant result 7: i = j = 0 gives 7 vs 0.
// EXPECT affine_max_missing_result: incorrect value
func.func @affine_max_missing_result_src(%i: index, %j: index) -> index {
  %r = affine.max affine_map<(d0, d1) -> (d0, d1 - 1, 7)>(%i, %j)
  return %r : index
}
func.func @affine_max_missing_result_tgt(%i: index, %j: index) -> index {
  %c1 = arith.constant 1 : index
  %jm = arith.subi %j, %c1 : index
  %r = arith.maxsi %i, %jm : index
  return %r : index
}

// lower-affine's expansion of d0 floordiv 4 (-1 - d0 for negative d0 never overflows).
// EXPECT lower_affine_floordiv: correct
func.func @lower_affine_floordiv_src(%x: index) -> index {
  %r = affine.apply affine_map<(d0) -> (d0 floordiv 4)>(%x)
  return %r : index
}
func.func @lower_affine_floordiv_tgt(%arg0: index) -> index {
  %c4 = arith.constant 4 : index
  %c0 = arith.constant 0 : index
  %c-1 = arith.constant -1 : index
  %0 = arith.cmpi slt, %arg0, %c0 : index
  %1 = arith.subi %c-1, %arg0 : index
  %2 = arith.select %0, %1, %arg0 : index
  %3 = arith.divsi %2, %c4 : index
  %4 = arith.subi %c-1, %3 : index
  %5 = arith.select %0, %4, %3 : index
  return %5 : index
}

// FINDING (corpus/findings/lower_affine_ceildiv_int_min.md): lower-affine's expansion of
// d0 ceildiv 2 negates d0, which wraps for INT_MIN: d0 = INT_MIN gives -2^30 in the source
// (index width 32) but +2^30 in the target.
// EXPECT lower_affine_ceildiv: incorrect value
func.func @lower_affine_ceildiv_src(%x: index) -> index {
  %r = affine.apply affine_map<(d0) -> (d0 ceildiv 2)>(%x)
  return %r : index
}
func.func @lower_affine_ceildiv_tgt(%arg0: index) -> index {
  %c2 = arith.constant 2 : index
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %0 = arith.cmpi sle, %arg0, %c0 : index
  %1 = arith.subi %c0, %arg0 : index
  %2 = arith.subi %arg0, %c1 : index
  %3 = arith.select %0, %1, %2 : index
  %4 = arith.divsi %3, %c2 : index
  %5 = arith.subi %c0, %4 : index
  %6 = arith.addi %4, %c1 : index
  %7 = arith.select %0, %5, %6 : index
  return %7 : index
}
