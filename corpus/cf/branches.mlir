// cf.br / cf.cond_br / cf.switch in multi-block functions: blocks run under path
// conditions, block arguments merge by if-then-else; branching or switching on poison is UB.

// The diamond convert-scf-to-cf makes of an scf.if, and the scf.if.
// EXPECT cf_diamond_to_if: correct
func.func @cf_diamond_to_if_src(%c: i1, %x: i32, %y: i32) -> i32 {
  cf.cond_br %c, ^bb1, ^bb2
^bb1:
  %a = arith.addi %x, %y : i32
  cf.br ^bb3(%a : i32)
^bb2:
  %d = arith.divui %x, %y : i32
  cf.br ^bb3(%d : i32)
^bb3(%r: i32):
  return %r : i32
}
func.func @cf_diamond_to_if_tgt(%c: i1, %x: i32, %y: i32) -> i32 {
  %r = scf.if %c -> (i32) {
    %a = arith.addi %x, %y : i32
    scf.yield %a : i32
  } else {
    %d = arith.divui %x, %y : i32
    scf.yield %d : i32
  }
  return %r : i32
}

// Dividing in the wrong arm: c = true, y = 0 is UB in the target only.
// EXPECT cf_diamond_div_arm: incorrect ub
func.func @cf_diamond_div_arm_src(%c: i1, %x: i32, %y: i32) -> i32 {
  cf.cond_br %c, ^bb1, ^bb2
^bb1:
  %a = arith.addi %x, %y : i32
  cf.br ^bb3(%a : i32)
^bb2:
  %d = arith.divui %x, %y : i32
  cf.br ^bb3(%d : i32)
^bb3(%r: i32):
  return %r : i32
}
func.func @cf_diamond_div_arm_tgt(%c: i1, %x: i32, %y: i32) -> i32 {
  %r = scf.if %c -> (i32) {
    %d = arith.divui %x, %y : i32
    scf.yield %d : i32
  } else {
    %a = arith.addi %x, %y : i32
    scf.yield %a : i32
  }
  return %r : i32
}

// Both edges of a cond_br to the same block, with different arguments: a select.
// EXPECT cond_br_same_block: correct
func.func @cond_br_same_block_src(%c: i1, %x: i8, %y: i8) -> i8 {
  cf.cond_br %c, ^bb1(%x : i8), ^bb1(%y : i8)
^bb1(%r: i8):
  return %r : i8
}
func.func @cond_br_same_block_tgt(%c: i1, %x: i8, %y: i8) -> i8 {
  %r = arith.select %c, %x, %y : i8
  return %r : i8
}

// The select first: c = poison makes the cond_br UB, where the select was only poison.
// EXPECT select_to_cond_br: incorrect ub
func.func @select_to_cond_br_src(%c: i1, %x: i8, %y: i8) -> i8 {
  %r = arith.select %c, %x, %y : i8
  return %r : i8
}
func.func @select_to_cond_br_tgt(%c: i1, %x: i8, %y: i8) -> i8 {
  cf.cond_br %c, ^bb1(%x : i8), ^bb1(%y : i8)
^bb1(%r: i8):
  return %r : i8
}

// Arguments swapped: c = true, y = poison: the source returns x, the target poison (the
// poison check comes before the value check).
// EXPECT cond_br_same_block_swapped: incorrect poison
func.func @cond_br_same_block_swapped_src(%c: i1, %x: i8, %y: i8) -> i8 {
  cf.cond_br %c, ^bb1(%x : i8), ^bb1(%y : i8)
^bb1(%r: i8):
  return %r : i8
}
func.func @cond_br_same_block_swapped_tgt(%c: i1, %x: i8, %y: i8) -> i8 {
  %r = arith.select %c, %y, %x : i8
  return %r : i8
}

// A switch on an i8 flag (negative case value included) and the selects it amounts to.
// EXPECT cf_switch_to_select: correct
func.func @cf_switch_to_select_src(%f: i8, %x: i16, %y: i16) -> i16 {
  cf.switch %f : i8, [
    default: ^bb3(%x : i16),
    -1: ^bb1,
    7: ^bb2(%y : i16)
  ]
^bb1:
  %s = arith.subi %x, %y : i16
  cf.br ^bb3(%s : i16)
^bb2(%v: i16):
  cf.br ^bb3(%v : i16)
^bb3(%r: i16):
  return %r : i16
}
func.func @cf_switch_to_select_tgt(%f: i8, %x: i16, %y: i16) -> i16 {
  %m1 = arith.constant -1 : i8
  %c7 = arith.constant 7 : i8
  %s = arith.subi %x, %y : i16
  %is_m1 = arith.cmpi eq, %f, %m1 : i8
  %is_7 = arith.cmpi eq, %f, %c7 : i8
  %t = arith.select %is_7, %y, %x : i16
  %r = arith.select %is_m1, %s, %t : i16
  return %r : i16
}

// Case 255 is the i8 value -1, fine; but case 7 goes to the default: f = 7, x = poison gives
// the source's y against the target's poison x.
// EXPECT cf_switch_wrong_case: incorrect poison
func.func @cf_switch_wrong_case_src(%f: i8, %x: i16, %y: i16) -> i16 {
  cf.switch %f : i8, [
    default: ^bb3(%x : i16),
    255: ^bb1,
    7: ^bb2(%y : i16)
  ]
^bb1:
  %s = arith.subi %x, %y : i16
  cf.br ^bb3(%s : i16)
^bb2(%v: i16):
  cf.br ^bb3(%v : i16)
^bb3(%r: i16):
  return %r : i16
}
func.func @cf_switch_wrong_case_tgt(%f: i8, %x: i16, %y: i16) -> i16 {
  %m1 = arith.constant -1 : i8
  %s = arith.subi %x, %y : i16
  %is_m1 = arith.cmpi eq, %f, %m1 : i8
  %r = arith.select %is_m1, %s, %x : i16
  return %r : i16
}
