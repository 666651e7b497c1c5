// scf.if: each arm runs under its own path condition, the results are merged; branching on
// a poison condition is UB (as `br` on poison in LLVM), while arith.select only propagates
// the poison of its condition.

// Where the source branches on poison it has UB; elsewhere select picks the same arm.
// EXPECT if_to_select: correct
func.func @if_to_select_src(%c: i1, %x: i32, %y: i32) -> i32 {
  %r = scf.if %c -> (i32) {
    scf.yield %x : i32
  } else {
    scf.yield %y : i32
  }
  return %r : i32
}
func.func @if_to_select_tgt(%c: i1, %x: i32, %y: i32) -> i32 {
  %r = arith.select %c, %x, %y : i32
  return %r : i32
}

// c = poison: select gives poison (no UB), the branch on poison is UB.
// EXPECT select_to_if: incorrect ub
func.func @select_to_if_src(%c: i1, %x: i32, %y: i32) -> i32 {
  %r = arith.select %c, %x, %y : i32
  return %r : i32
}
func.func @select_to_if_tgt(%c: i1, %x: i32, %y: i32) -> i32 {
  %r = scf.if %c -> (i32) {
    scf.yield %x : i32
  } else {
    scf.yield %y : i32
  }
  return %r : i32
}

// The division only runs where y != 0; sinking it into the arm that uses it removes UB.
// EXPECT if_sink_div: correct
func.func @if_sink_div_src(%x: i32, %y: i32) -> i32 {
  %c0 = arith.constant 0 : i32
  %q = arith.divui %x, %y : i32
  %z = arith.cmpi eq, %y, %c0 : i32
  %r = scf.if %z -> (i32) {
    scf.yield %c0 : i32
  } else {
    scf.yield %q : i32
  }
  return %r : i32
}
func.func @if_sink_div_tgt(%x: i32, %y: i32) -> i32 {
  %c0 = arith.constant 0 : i32
  %z = arith.cmpi eq, %y, %c0 : i32
  %r = scf.if %z -> (i32) {
    scf.yield %c0 : i32
  } else {
    %q = arith.divui %x, %y : i32
    scf.yield %q : i32
  }
  return %r : i32
}

// y = 0: the source never divides (it takes the then arm), the hoisted division is UB.
// EXPECT if_hoist_div: incorrect ub
func.func @if_hoist_div_src(%x: i32, %y: i32) -> i32 {
  %c0 = arith.constant 0 : i32
  %z = arith.cmpi eq, %y, %c0 : i32
  %r = scf.if %z -> (i32) {
    scf.yield %c0 : i32
  } else {
    %q = arith.divui %x, %y : i32
    scf.yield %q : i32
  }
  return %r : i32
}
func.func @if_hoist_div_tgt(%x: i32, %y: i32) -> i32 {
  %c0 = arith.constant 0 : i32
  %q = arith.divui %x, %y : i32
  %z = arith.cmpi eq, %y, %c0 : i32
  %r = scf.if %z -> (i32) {
    scf.yield %c0 : i32
  } else {
    scf.yield %q : i32
  }
  return %r : i32
}

// An scf.if without results or else: its only effect is UB (x / 0 when c), which the
// target may drop.
// EXPECT if_no_else_removed: correct
func.func @if_no_else_removed_src(%c: i1, %x: i32) -> i32 {
  %c0 = arith.constant 0 : i32
  scf.if %c {
    %q = arith.divui %x, %c0 : i32
  }
  return %x : i32
}
func.func @if_no_else_removed_tgt(%c: i1, %x: i32) -> i32 {
  return %x : i32
}

// c = true: the target divides by zero, the source does not.
// EXPECT if_no_else_added: incorrect ub
func.func @if_no_else_added_src(%c: i1, %x: i32) -> i32 {
  return %x : i32
}
func.func @if_no_else_added_tgt(%c: i1, %x: i32) -> i32 {
  %c0 = arith.constant 0 : i32
  scf.if %c {
    %q = arith.divui %x, %c0 : i32
  }
  return %x : i32
}

// Negating the condition and swapping the arms (true xor poison is poison: UB on both sides).
// EXPECT if_swap_arms: correct
func.func @if_swap_arms_src(%c: i1, %x: i8, %y: i8) -> i8 {
  %r = scf.if %c -> (i8) {
    %a = arith.addi %x, %y : i8
    scf.yield %a : i8
  } else {
    %s = arith.subi %x, %y : i8
    scf.yield %s : i8
  }
  return %r : i8
}
func.func @if_swap_arms_tgt(%c: i1, %x: i8, %y: i8) -> i8 {
  %true = arith.constant true
  %n = arith.xori %c, %true : i1
  %r = scf.if %n -> (i8) {
    %s = arith.subi %x, %y : i8
    scf.yield %s : i8
  } else {
    %a = arith.addi %x, %y : i8
    scf.yield %a : i8
  }
  return %r : i8
}

// Swapping the arms without negating: c = true, x = 0, y = 1 gives 1 vs 255.
// EXPECT if_swap_arms_only: incorrect value
func.func @if_swap_arms_only_src(%c: i1, %x: i8, %y: i8) -> i8 {
  %r = scf.if %c -> (i8) {
    %a = arith.addi %x, %y : i8
    scf.yield %a : i8
  } else {
    %s = arith.subi %x, %y : i8
    scf.yield %s : i8
  }
  return %r : i8
}
func.func @if_swap_arms_only_tgt(%c: i1, %x: i8, %y: i8) -> i8 {
  %r = scf.if %c -> (i8) {
    %s = arith.subi %x, %y : i8
    scf.yield %s : i8
  } else {
    %a = arith.addi %x, %y : i8
    scf.yield %a : i8
  }
  return %r : i8
}

// Flattening nested ifs with select(a, b, false): b's poison only matters when a is true,
// where the source branches on b too.
// EXPECT nested_if_select: correct
func.func @nested_if_select_src(%a: i1, %b: i1, %x: i16, %y: i16) -> i16 {
  %r = scf.if %a -> (i16) {
    %s = scf.if %b -> (i16) {
      scf.yield %x : i16
    } else {
      scf.yield %y : i16
    }
    scf.yield %s : i16
  } else {
    scf.yield %y : i16
  }
  return %r : i16
}
func.func @nested_if_select_tgt(%a: i1, %b: i1, %x: i16, %y: i16) -> i16 {
  %false = arith.constant false
  %ab = arith.select %a, %b, %false : i1
  %r = scf.if %ab -> (i16) {
    scf.yield %x : i16
  } else {
    scf.yield %y : i16
  }
  return %r : i16
}

// Flattening with andi: a = false, b = poison: the source never looks at b, but
// andi(false, poison) is poison and the target branches on it (UB).
// EXPECT nested_if_andi: incorrect ub
func.func @nested_if_andi_src(%a: i1, %b: i1, %x: i16, %y: i16) -> i16 {
  %r = scf.if %a -> (i16) {
    %s = scf.if %b -> (i16) {
      scf.yield %x : i16
    } else {
      scf.yield %y : i16
    }
    scf.yield %s : i16
  } else {
    scf.yield %y : i16
  }
  return %r : i16
}
func.func @nested_if_andi_tgt(%a: i1, %b: i1, %x: i16, %y: i16) -> i16 {
  %ab = arith.andi %a, %b : i1
  %r = scf.if %ab -> (i16) {
    scf.yield %x : i16
  } else {
    scf.yield %y : i16
  }
  return %r : i16
}
