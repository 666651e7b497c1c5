// scf.while: the before region computes `scf.condition(%c) %args`; while %c holds the after
// region runs on %args and yields the next carried values, else %args are the results.

// A counted while loop is the scf.for it came from (for every n within the bound).
// EXPECT while_to_for: correct bounded
func.func @while_to_for_src(%n: i32, %x: i32) -> i32 {
  %c0 = arith.constant 0 : i32
  %c1 = arith.constant 1 : i32
  %r:2 = scf.while (%i = %c0, %a = %c0) : (i32, i32) -> (i32, i32) {
    %c = arith.cmpi slt, %i, %n : i32
    scf.condition(%c) %i, %a : i32, i32
  } do {
  ^bb0(%i: i32, %a: i32):
    %b = arith.addi %a, %x : i32
    %j = arith.addi %i, %c1 : i32
    scf.yield %j, %b : i32, i32
  }
  return %r#1 : i32
}
func.func @while_to_for_tgt(%n: i32, %x: i32) -> i32 {
  %c0 = arith.constant 0 : i32
  %c1 = arith.constant 1 : i32
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%a = %c0) -> (i32) : i32 {
    %b = arith.addi %a, %x : i32
    scf.yield %b : i32
  }
  return %r : i32
}

// `<=` in the while condition runs once more: n = 0, x = 1 gives 1 vs 0.
// EXPECT while_to_for_off_by_one: incorrect value
func.func @while_to_for_off_by_one_src(%n: i32, %x: i32) -> i32 {
  %c0 = arith.constant 0 : i32
  %c1 = arith.constant 1 : i32
  %r:2 = scf.while (%i = %c0, %a = %c0) : (i32, i32) -> (i32, i32) {
    %c = arith.cmpi sle, %i, %n : i32
    scf.condition(%c) %i, %a : i32, i32
  } do {
  ^bb0(%i: i32, %a: i32):
    %b = arith.addi %a, %x : i32
    %j = arith.addi %i, %c1 : i32
    scf.yield %j, %b : i32, i32
  }
  return %r#1 : i32
}
func.func @while_to_for_off_by_one_tgt(%n: i32, %x: i32) -> i32 {
  %c0 = arith.constant 0 : i32
  %c1 = arith.constant 1 : i32
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%a = %c0) -> (i32) : i32 {
    %b = arith.addi %a, %x : i32
    scf.yield %b : i32
  }
  return %r : i32
}

// Doubling x while it is below 100 (x unsigned): the result is the first value >= 100 of
// x, 2x, 4x, ..., or 0 (x = 0 loops forever, excluded from a bounded proof). The target
// peels the first test: correct for every x on which both finish within the bound.
// EXPECT while_peel: correct bounded
func.func @while_peel_src(%x: i16) -> i16 {
  %c100 = arith.constant 100 : i16
  %r = scf.while (%a = %x) : (i16) -> i16 {
    %c = arith.cmpi ult, %a, %c100 : i16
    scf.condition(%c) %a : i16
  } do {
  ^bb0(%a: i16):
    %b = arith.addi %a, %a : i16
    scf.yield %b : i16
  }
  return %r : i16
}
func.func @while_peel_tgt(%x: i16) -> i16 {
  %c100 = arith.constant 100 : i16
  %first = arith.cmpi ult, %x, %c100 : i16
  %r = scf.if %first -> (i16) {
    %d = arith.addi %x, %x : i16
    %w = scf.while (%a = %d) : (i16) -> i16 {
      %c = arith.cmpi ult, %a, %c100 : i16
      scf.condition(%c) %a : i16
    } do {
    ^bb0(%a: i16):
      %b = arith.addi %a, %a : i16
      scf.yield %b : i16
    }
    scf.yield %w : i16
  } else {
    scf.yield %x : i16
  }
  return %r : i16
}

// Peeling but forgetting the case where the first test fails: x = 100 gives 100 vs 200.
// EXPECT while_peel_wrong: incorrect value
func.func @while_peel_wrong_src(%x: i16) -> i16 {
  %c100 = arith.constant 100 : i16
  %r = scf.while (%a = %x) : (i16) -> i16 {
    %c = arith.cmpi ult, %a, %c100 : i16
    scf.condition(%c) %a : i16
  } do {
  ^bb0(%a: i16):
    %b = arith.addi %a, %a : i16
    scf.yield %b : i16
  }
  return %r : i16
}
func.func @while_peel_wrong_tgt(%x: i16) -> i16 {
  %c100 = arith.constant 100 : i16
  %d = arith.addi %x, %x : i16
  %w = scf.while (%a = %d) : (i16) -> i16 {
    %c = arith.cmpi ult, %a, %c100 : i16
    scf.condition(%c) %a : i16
  } do {
  ^bb0(%a: i16):
    %b = arith.addi %a, %a : i16
    scf.yield %b : i16
  }
  return %w : i16
}

// A while loop over a static counter (0 to 5) unrolls exactly: 5 * x.
// EXPECT while_static: correct
func.func @while_static_src(%x: i8) -> i8 {
  %c0 = arith.constant 0 : i8
  %c1 = arith.constant 1 : i8
  %c5 = arith.constant 5 : i8
  %r:2 = scf.while (%i = %c0, %a = %c0) : (i8, i8) -> (i8, i8) {
    %c = arith.cmpi slt, %i, %c5 : i8
    scf.condition(%c) %i, %a : i8, i8
  } do {
  ^bb0(%i: i8, %a: i8):
    %b = arith.addi %a, %x : i8
    %j = arith.addi %i, %c1 : i8
    scf.yield %j, %b : i8, i8
  }
  return %r#1 : i8
}
func.func @while_static_tgt(%x: i8) -> i8 {
  %c5 = arith.constant 5 : i8
  %r = arith.muli %x, %c5 : i8
  return %r : i8
}

// The counter's final value is 5, not 4.
// EXPECT while_static_counter: incorrect value
func.func @while_static_counter_src(%x: i8) -> i8 {
  %c0 = arith.constant 0 : i8
  %c1 = arith.constant 1 : i8
  %c5 = arith.constant 5 : i8
  %r:2 = scf.while (%i = %c0, %a = %x) : (i8, i8) -> (i8, i8) {
    %c = arith.cmpi slt, %i, %c5 : i8
    scf.condition(%c) %i, %a : i8, i8
  } do {
  ^bb0(%i: i8, %a: i8):
    %j = arith.addi %i, %c1 : i8
    scf.yield %j, %a : i8, i8
  }
  return %r#0 : i8
}
func.func @while_static_counter_tgt(%x: i8) -> i8 {
  %c4 = arith.constant 4 : i8
  return %c4 : i8
}
