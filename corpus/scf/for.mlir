// scf.for: an iteration runs iff lb <= iv < ub (signed), iv stepping from lb by step.
// Static trip counts are unrolled exactly; a bound that is an argument is unrolled up to
// --unroll iterations and the verdict on such a pair is `correct bounded` (proved for the
// inputs on which both functions finish within the bound).

// Four iterations of acc += x from acc = x: 5 * x.
// EXPECT for_static_unroll: correct
func.func @for_static_unroll_src(%x: i32) -> i32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %r = scf.for %i = %c0 to %c4 step %c1 iter_args(%a = %x) -> (i32) {
    %b = arith.addi %a, %x : i32
    scf.yield %b : i32
  }
  return %r : i32
}
func.func @for_static_unroll_tgt(%x: i32) -> i32 {
  %c5 = arith.constant 5 : i32
  %r = arith.muli %x, %c5 : i32
  return %r : i32
}

// Off by one: x = 1 gives 5 vs 4.
// EXPECT for_static_off_by_one: incorrect value
func.func @for_static_off_by_one_src(%x: i32) -> i32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %r = scf.for %i = %c0 to %c4 step %c1 iter_args(%a = %x) -> (i32) {
    %b = arith.addi %a, %x : i32
    scf.yield %b : i32
  }
  return %r : i32
}
func.func @for_static_off_by_one_tgt(%x: i32) -> i32 {
  %c4 = arith.constant 4 : i32
  %r = arith.muli %x, %c4 : i32
  return %r : i32
}

// Sum of the i8 induction variable -3, 0, 3, 6 (step 3 from -3 below 7): 6.
// EXPECT for_integer_iv: correct
func.func @for_integer_iv_src() -> i8 {
  %lb = arith.constant -3 : i8
  %ub = arith.constant 7 : i8
  %step = arith.constant 3 : i8
  %zero = arith.constant 0 : i8
  %r = scf.for %i = %lb to %ub step %step iter_args(%a = %zero) -> (i8) : i8 {
    %b = arith.addi %a, %i : i8
    scf.yield %b : i8
  }
  return %r : i8
}
func.func @for_integer_iv_tgt() -> i8 {
  %c6 = arith.constant 6 : i8
  return %c6 : i8
}

// 9 would be the sum with the upper bound included (-3 + 0 + 3 + 6 + 9 with ub 10).
// EXPECT for_integer_iv_wrong: incorrect value
func.func @for_integer_iv_wrong_src() -> i8 {
  %lb = arith.constant -3 : i8
  %ub = arith.constant 7 : i8
  %step = arith.constant 3 : i8
  %zero = arith.constant 0 : i8
  %r = scf.for %i = %lb to %ub step %step iter_args(%a = %zero) -> (i8) : i8 {
    %b = arith.addi %a, %i : i8
    scf.yield %b : i8
  }
  return %r : i8
}
func.func @for_integer_iv_wrong_tgt() -> i8 {
  %c15 = arith.constant 15 : i8
  return %c15 : i8
}

// i8 from 120 below 127 by 10: the second value of iv wraps to -126 < lb, so the loop
// ends after one iteration (MLIR's op documentation).
// EXPECT for_iv_wrap: correct
func.func @for_iv_wrap_src(%x: i8) -> i8 {
  %lb = arith.constant 120 : i8
  %ub = arith.constant 127 : i8
  %step = arith.constant 10 : i8
  %one = arith.constant 1 : i8
  %r = scf.for %i = %lb to %ub step %step iter_args(%a = %x) -> (i8) : i8 {
    %b = arith.addi %a, %one : i8
    scf.yield %b : i8
  }
  return %r : i8
}
func.func @for_iv_wrap_tgt(%x: i8) -> i8 {
  %one = arith.constant 1 : i8
  %r = arith.addi %x, %one : i8
  return %r : i8
}

// Reading the wrapped iv as still in range would give two iterations: x + 1 vs x + 2.
// EXPECT for_iv_wrap_twice: incorrect value
func.func @for_iv_wrap_twice_src(%x: i8) -> i8 {
  %lb = arith.constant 120 : i8
  %ub = arith.constant 127 : i8
  %step = arith.constant 10 : i8
  %one = arith.constant 1 : i8
  %r = scf.for %i = %lb to %ub step %step iter_args(%a = %x) -> (i8) : i8 {
    %b = arith.addi %a, %one : i8
    scf.yield %b : i8
  }
  return %r : i8
}
func.func @for_iv_wrap_twice_tgt(%x: i8) -> i8 {
  %two = arith.constant 2 : i8
  %r = arith.addi %x, %two : i8
  return %r : i8
}

// The same loop as convert-scf-to-cf lowers it (iv < ub only): after the wrap the CF loop
// never ends (-126, -116, ... never reaches 127), so irproof cannot unroll it: unknown.
// EXPECT for_iv_wrap_cf_lowering: unknown
func.func @for_iv_wrap_cf_lowering_src(%x: i8) -> i8 {
  %lb = arith.constant 120 : i8
  %ub = arith.constant 127 : i8
  %step = arith.constant 10 : i8
  %one = arith.constant 1 : i8
  %r = scf.for %i = %lb to %ub step %step iter_args(%a = %x) -> (i8) : i8 {
    %b = arith.addi %a, %one : i8
    scf.yield %b : i8
  }
  return %r : i8
}
func.func @for_iv_wrap_cf_lowering_tgt(%x: i8) -> i8 {
  %lb = arith.constant 120 : i8
  %ub = arith.constant 127 : i8
  %step = arith.constant 10 : i8
  %one = arith.constant 1 : i8
  cf.br ^bb1(%lb, %x : i8, i8)
^bb1(%i: i8, %a: i8):
  %c = arith.cmpi slt, %i, %ub : i8
  cf.cond_br %c, ^bb2, ^bb3
^bb2:
  %b = arith.addi %a, %one : i8
  %j = arith.addi %i, %step : i8
  cf.br ^bb1(%j, %b : i8, i8)
^bb3:
  return %a : i8
}

// A loop that runs zero times (lb >= ub) is its initial value.
// EXPECT for_zero_trip: correct
func.func @for_zero_trip_src(%x: i32, %y: i32) -> i32 {
  %c5 = arith.constant 5 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %r = scf.for %i = %c5 to %c2 step %c1 iter_args(%a = %x) -> (i32) {
    %q = arith.divui %a, %y : i32
    scf.yield %q : i32
  }
  return %r : i32
}
func.func @for_zero_trip_tgt(%x: i32, %y: i32) -> i32 {
  return %x : i32
}

// Hoisting an invariant addition out of a loop with a dynamic trip count.
// EXPECT for_hoist_invariant: correct bounded
func.func @for_hoist_invariant_src(%n: index, %x: i32, %y: i32) -> i32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %z = arith.constant 0 : i32
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%a = %z) -> (i32) {
    %s = arith.addi %x, %y : i32
    %b = arith.xori %a, %s : i32
    scf.yield %b : i32
  }
  return %r : i32
}
func.func @for_hoist_invariant_tgt(%n: index, %x: i32, %y: i32) -> i32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %z = arith.constant 0 : i32
  %s = arith.addi %x, %y : i32
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%a = %z) -> (i32) {
    %b = arith.xori %a, %s : i32
    scf.yield %b : i32
  }
  return %r : i32
}

// Hoisting a division out of a loop that may run zero times: n = 0, y = 0 is UB only in the
// target (a counterexample within the bound is a real one).
// EXPECT for_hoist_div: incorrect ub
func.func @for_hoist_div_src(%n: index, %x: i32, %y: i32) -> i32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %z = arith.constant 0 : i32
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%a = %z) -> (i32) {
    %q = arith.divui %x, %y : i32
    %b = arith.addi %a, %q : i32
    scf.yield %b : i32
  }
  return %r : i32
}
func.func @for_hoist_div_tgt(%n: index, %x: i32, %y: i32) -> i32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %z = arith.constant 0 : i32
  %q = arith.divui %x, %y : i32
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%a = %z) -> (i32) {
    %b = arith.addi %a, %q : i32
    scf.yield %b : i32
  }
  return %r : i32
}

// Counting the iterations of 0..n is max(n, 0); a poison n makes the loop UB (its condition
// is poison), so anything refines it there.
// EXPECT for_trip_count: correct bounded
func.func @for_trip_count_src(%n: index) -> index {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%a = %c0) -> (index) {
    %b = arith.addi %a, %c1 : index
    scf.yield %b : index
  }
  return %r : index
}
func.func @for_trip_count_tgt(%n: index) -> index {
  %c0 = arith.constant 0 : index
  %r = arith.maxsi %n, %c0 : index
  return %r : index
}

// The reverse: n = poison makes maxsi poison but the loop UB.
// EXPECT for_trip_count_reverse: incorrect ub
func.func @for_trip_count_reverse_src(%n: index) -> index {
  %c0 = arith.constant 0 : index
  %r = arith.maxsi %n, %c0 : index
  return %r : index
}
func.func @for_trip_count_reverse_tgt(%n: index) -> index {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%a = %c0) -> (index) {
    %b = arith.addi %a, %c1 : index
    scf.yield %b : index
  }
  return %r : index
}

// Without the max: n = -1 runs the loop zero times, 0 vs -1.
// EXPECT for_trip_count_negative: incorrect value
func.func @for_trip_count_negative_src(%n: index) -> index {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%a = %c0) -> (index) {
    %b = arith.addi %a, %c1 : index
    scf.yield %b : index
  }
  return %r : index
}
func.func @for_trip_count_negative_tgt(%n: index) -> index {
  return %n : index
}
