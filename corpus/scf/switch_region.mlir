// scf.index_switch runs the region of the case equal to its index (read as a signed
// integer), the default region otherwise; switching on a poison index is UB.
// scf.execute_region runs its region (which may hold a CFG) once.

// A switch on small cases is a chain of selects (the source is UB on a poison index).
// EXPECT index_switch_to_select: correct
func.func @index_switch_to_select_src(%i: index, %x: i32, %y: i32) -> i32 {
  %r = scf.index_switch %i -> i32
  case 0 {
    scf.yield %x : i32
  }
  case -1 {
    scf.yield %y : i32
  }
  default {
    %s = arith.addi %x, %y : i32
    scf.yield %s : i32
  }
  return %r : i32
}
func.func @index_switch_to_select_tgt(%i: index, %x: i32, %y: i32) -> i32 {
  %c0 = arith.constant 0 : index
  %cm1 = arith.constant -1 : index
  %s = arith.addi %x, %y : i32
  %is0 = arith.cmpi eq, %i, %c0 : index
  %ism1 = arith.cmpi eq, %i, %cm1 : index
  %t = arith.select %ism1, %y, %s : i32
  %r = arith.select %is0, %x, %t : i32
  return %r : i32
}

// The reverse: i = poison is UB in the target only.
// EXPECT select_to_index_switch: incorrect ub
func.func @select_to_index_switch_src(%i: index, %x: i32, %y: i32) -> i32 {
  %c0 = arith.constant 0 : index
  %cm1 = arith.constant -1 : index
  %s = arith.addi %x, %y : i32
  %is0 = arith.cmpi eq, %i, %c0 : index
  %ism1 = arith.cmpi eq, %i, %cm1 : index
  %t = arith.select %ism1, %y, %s : i32
  %r = arith.select %is0, %x, %t : i32
  return %r : i32
}
func.func @select_to_index_switch_tgt(%i: index, %x: i32, %y: i32) -> i32 {
  %r = scf.index_switch %i -> i32
  case 0 {
    scf.yield %x : i32
  }
  case -1 {
    scf.yield %y : i32
  }
  default {
    %s = arith.addi %x, %y : i32
    scf.yield %s : i32
  }
  return %r : i32
}

// Case 4294967296 (2^32): at index width 32 no index equals it, but the constant
// 4294967296 : index is 0 there, so i = 0 gives 0 vs 1.
// EXPECT index_switch_wide_case: incorrect value
func.func @index_switch_wide_case_src(%i: index) -> i8 {
  %r = scf.index_switch %i -> i8
  case 4294967296 {
    %one = arith.constant 1 : i8
    scf.yield %one : i8
  }
  default {
    %zero = arith.constant 0 : i8
    scf.yield %zero : i8
  }
  return %r : i8
}
func.func @index_switch_wide_case_tgt(%i: index) -> i8 {
  %big = arith.constant 4294967296 : index
  %eq = arith.cmpi eq, %i, %big : index
  %r = arith.extui %eq : i1 to i8
  return %r : i8
}

// The same with a case that fits 32 bits.
// EXPECT index_switch_narrow_case: correct
func.func @index_switch_narrow_case_src(%i: index) -> i8 {
  %r = scf.index_switch %i -> i8
  case 2147483647 {
    %one = arith.constant 1 : i8
    scf.yield %one : i8
  }
  default {
    %zero = arith.constant 0 : i8
    scf.yield %zero : i8
  }
  return %r : i8
}
func.func @index_switch_narrow_case_tgt(%i: index) -> i8 {
  %big = arith.constant 2147483647 : index
  %eq = arith.cmpi eq, %i, %big : index
  %r = arith.extui %eq : i1 to i8
  return %r : i8
}

// An execute_region holding a CFG (a diamond) is the select it computes... except that
// the diamond branches on c: UB where c is poison, so the select refines it.
// EXPECT execute_region_cfg: correct
func.func @execute_region_cfg_src(%c: i1, %x: i32, %y: i32) -> i32 {
  %r = scf.execute_region -> i32 {
    cf.cond_br %c, ^bb1, ^bb2
  ^bb1:
    scf.yield %x : i32
  ^bb2:
    %n = arith.subi %y, %x : i32
    cf.br ^bb3(%n : i32)
  ^bb3(%v: i32):
    scf.yield %v : i32
  }
  return %r : i32
}
func.func @execute_region_cfg_tgt(%c: i1, %x: i32, %y: i32) -> i32 {
  %n = arith.subi %y, %x : i32
  %r = arith.select %c, %x, %n : i32
  return %r : i32
}

// Mixing up the exits: c = false, x = 1, y = 0 gives -1 vs 1.
// EXPECT execute_region_cfg_swapped: incorrect value
func.func @execute_region_cfg_swapped_src(%c: i1, %x: i32, %y: i32) -> i32 {
  %r = scf.execute_region -> i32 {
    cf.cond_br %c, ^bb1, ^bb2
  ^bb1:
    scf.yield %x : i32
  ^bb2:
    %n = arith.subi %y, %x : i32
    cf.br ^bb3(%n : i32)
  ^bb3(%v: i32):
    scf.yield %v : i32
  }
  return %r : i32
}
func.func @execute_region_cfg_swapped_tgt(%c: i1, %x: i32, %y: i32) -> i32 {
  %n = arith.subi %x, %y : i32
  %r = arith.select %c, %x, %n : i32
  return %r : i32
}
