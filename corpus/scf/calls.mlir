// func.call inside loops and branches: the callee is inlined under the path condition of
// the call, each call (iteration) with its own values.

func.func @inc(%x: i32) -> i32 {
  %c1 = arith.constant 1 : i32
  %r = arith.addi %x, %c1 : i32
  return %r : i32
}

func.func @div(%x: i32, %y: i32) -> i32 {
  %r = arith.divui %x, %y : i32
  return %r : i32
}

// Three calls of @inc in a static loop.
// EXPECT call_in_loop: correct
func.func @call_in_loop_src(%x: i32) -> i32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %r = scf.for %i = %c0 to %c3 step %c1 iter_args(%a = %x) -> (i32) {
    %b = func.call @inc(%a) : (i32) -> i32
    scf.yield %b : i32
  }
  return %r : i32
}
func.func @call_in_loop_tgt(%x: i32) -> i32 {
  %c3 = arith.constant 3 : i32
  %r = arith.addi %x, %c3 : i32
  return %r : i32
}

// Four is one call too many.
// EXPECT call_in_loop_wrong: incorrect value
func.func @call_in_loop_wrong_src(%x: i32) -> i32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %r = scf.for %i = %c0 to %c3 step %c1 iter_args(%a = %x) -> (i32) {
    %b = func.call @inc(%a) : (i32) -> i32
    scf.yield %b : i32
  }
  return %r : i32
}
func.func @call_in_loop_wrong_tgt(%x: i32) -> i32 {
  %c4 = arith.constant 4 : i32
  %r = arith.addi %x, %c4 : i32
  return %r : i32
}

// The callee's UB only counts on the path that calls it: moving the call into the branch
// that uses it is fine.
// EXPECT call_sink_into_branch: correct
func.func @call_sink_into_branch_src(%c: i1, %x: i32, %y: i32) -> i32 {
  %q = func.call @div(%x, %y) : (i32, i32) -> i32
  %r = scf.if %c -> (i32) {
    scf.yield %q : i32
  } else {
    scf.yield %x : i32
  }
  return %r : i32
}
func.func @call_sink_into_branch_tgt(%c: i1, %x: i32, %y: i32) -> i32 {
  %r = scf.if %c -> (i32) {
    %q = func.call @div(%x, %y) : (i32, i32) -> i32
    scf.yield %q : i32
  } else {
    scf.yield %x : i32
  }
  return %r : i32
}

// Hoisting it out of the branch: c = false, y = 0 is UB in the target only.
// EXPECT call_hoist_out_of_branch: incorrect ub
func.func @call_hoist_out_of_branch_src(%c: i1, %x: i32, %y: i32) -> i32 {
  %r = scf.if %c -> (i32) {
    %q = func.call @div(%x, %y) : (i32, i32) -> i32
    scf.yield %q : i32
  } else {
    scf.yield %x : i32
  }
  return %r : i32
}
func.func @call_hoist_out_of_branch_tgt(%c: i1, %x: i32, %y: i32) -> i32 {
  %q = func.call @div(%x, %y) : (i32, i32) -> i32
  %r = scf.if %c -> (i32) {
    scf.yield %q : i32
  } else {
    scf.yield %x : i32
  }
  return %r : i32
}
