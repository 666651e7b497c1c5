// Loops as convert-scf-to-cf writes them: a header block, a body with a back edge, an exit.
// The blocks run in rounds (one back edge per round); static trip counts fold and unroll
// exactly, dynamic ones are unrolled up to --unroll rounds (`correct bounded`).

// The CF loop 0..4 adding x to x: 5 * x, exactly.
// EXPECT cf_loop_static: correct
func.func @cf_loop_static_src(%x: i32) -> i32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  cf.br ^bb1(%c0, %x : index, i32)
^bb1(%i: index, %a: i32):
  %c = arith.cmpi slt, %i, %c4 : index
  cf.cond_br %c, ^bb2, ^bb3
^bb2:
  %b = arith.addi %a, %x : i32
  %j = arith.addi %i, %c1 : index
  cf.br ^bb1(%j, %b : index, i32)
^bb3:
  return %a : i32
}
func.func @cf_loop_static_tgt(%x: i32) -> i32 {
  %c5 = arith.constant 5 : i32
  %r = arith.muli %x, %c5 : i32
  return %r : i32
}

// `sle` runs once more: x = 1 gives 5 vs 6.
// EXPECT cf_loop_static_sle: incorrect value
func.func @cf_loop_static_sle_src(%x: i32) -> i32 {
  %c5 = arith.constant 5 : i32
  %r = arith.muli %x, %c5 : i32
  return %r : i32
}
func.func @cf_loop_static_sle_tgt(%x: i32) -> i32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  cf.br ^bb1(%c0, %x : index, i32)
^bb1(%i: index, %a: i32):
  %c = arith.cmpi sle, %i, %c4 : index
  cf.cond_br %c, ^bb2, ^bb3
^bb2:
  %b = arith.addi %a, %x : i32
  %j = arith.addi %i, %c1 : index
  cf.br ^bb1(%j, %b : index, i32)
^bb3:
  return %a : i32
}

// scf.for from lb to ub by 1 and mlir-opt --convert-scf-to-cf's output (the CF loop only
// tests iv < ub; with step 1 the induction variable cannot wrap before reaching ub).
// EXPECT scf_to_cf_for: correct bounded
func.func @scf_to_cf_for_src(%lb: i8, %ub: i8, %x: i8) -> i8 {
  %c1 = arith.constant 1 : i8
  %r = scf.for %i = %lb to %ub step %c1 iter_args(%acc = %x) -> (i8) : i8 {
    %n = arith.addi %acc, %i : i8
    scf.yield %n : i8
  }
  return %r : i8
}
func.func @scf_to_cf_for_tgt(%arg0: i8, %arg1: i8, %arg2: i8) -> i8 {
  %c1_i8 = arith.constant 1 : i8
  cf.br ^bb1(%arg0, %arg2 : i8, i8)
^bb1(%0: i8, %1: i8):  // 2 preds: ^bb0, ^bb2
  %2 = arith.cmpi slt, %0, %arg1 : i8
  cf.cond_br %2, ^bb2, ^bb3
^bb2:  // pred: ^bb1
  %3 = arith.addi %1, %0 : i8
  %4 = arith.addi %0, %c1_i8 : i8
  cf.br ^bb1(%4, %3 : i8, i8)
^bb3:  // pred: ^bb1
  return %1 : i8
}

// Carrying the induction variable instead of the sum out of the loop: lb = 0, ub = 1,
// x = 5 gives 5 vs 1.
// EXPECT scf_to_cf_for_wrong_result: incorrect value
func.func @scf_to_cf_for_wrong_result_src(%lb: i8, %ub: i8, %x: i8) -> i8 {
  %c1 = arith.constant 1 : i8
  %r = scf.for %i = %lb to %ub step %c1 iter_args(%acc = %x) -> (i8) : i8 {
    %n = arith.addi %acc, %i : i8
    scf.yield %n : i8
  }
  return %r : i8
}
func.func @scf_to_cf_for_wrong_result_tgt(%arg0: i8, %arg1: i8, %arg2: i8) -> i8 {
  %c1_i8 = arith.constant 1 : i8
  cf.br ^bb1(%arg0, %arg2 : i8, i8)
^bb1(%0: i8, %1: i8):
  %2 = arith.cmpi slt, %0, %arg1 : i8
  cf.cond_br %2, ^bb2, ^bb3
^bb2:
  %3 = arith.addi %1, %0 : i8
  %4 = arith.addi %0, %c1_i8 : i8
  cf.br ^bb1(%4, %3 : i8, i8)
^bb3:
  return %0 : i8
}

// FINDING (corpus/findings/scf_for_wrap_cf_lowering.md): with a step that is an argument,
// the induction variable can wrap around. scf.for's documentation runs an iteration iff
// lb <= iv < ub, so a wrapped iv (below lb) ends the loop; the CF loop mlir-opt emits only
// tests iv < ub and goes on. lb = 0, ub = 97, s = 92, x = 0 (i8): the source runs iv = 0,
// 92 (184 wraps to -72 < lb) and returns 92; the target goes on with iv = -72, 20: 40.
// EXPECT scf_to_cf_for_wrapping_step: incorrect value
func.func @scf_to_cf_for_wrapping_step_src(%lb: i8, %ub: i8, %s: i8, %x: i8) -> i8 {
  %r = scf.for %i = %lb to %ub step %s iter_args(%acc = %x) -> (i8) : i8 {
    %n = arith.addi %acc, %i : i8
    scf.yield %n : i8
  }
  return %r : i8
}
func.func @scf_to_cf_for_wrapping_step_tgt(%arg0: i8, %arg1: i8, %arg2: i8, %arg3: i8) -> i8 {
  cf.br ^bb1(%arg0, %arg3 : i8, i8)
^bb1(%0: i8, %1: i8):  // 2 preds: ^bb0, ^bb2
  %2 = arith.cmpi slt, %0, %arg1 : i8
  cf.cond_br %2, ^bb2, ^bb3
^bb2:  // pred: ^bb1
  %3 = arith.addi %1, %0 : i8
  %4 = arith.addi %0, %arg2 : i8
  cf.br ^bb1(%4, %3 : i8, i8)
^bb3:  // pred: ^bb1
  return %1 : i8
}

// An irreducible loop: the cycle ^bb1 <-> ^bb2 has two entries. Starting at ^bb1 or ^bb2
// (by c), the blocks alternate, adding 1 then 2, until the counter reaches 6; entered at
// ^bb1 the sum is 1+2+1+2+1+2 = 9, at ^bb2 2+1+2+1+2+1 = 9 too.
// EXPECT cf_irreducible: correct
func.func @cf_irreducible_src(%c: i1, %x: i8) -> i8 {
  %c0 = arith.constant 0 : i8
  cf.cond_br %c, ^bb1(%c0, %x : i8, i8), ^bb2(%c0, %x : i8, i8)
^bb1(%i: i8, %a: i8):
  %c6 = arith.constant 6 : i8
  %done = arith.cmpi sge, %i, %c6 : i8
  %one = arith.constant 1 : i8
  %a1 = arith.addi %a, %one : i8
  %i1 = arith.addi %i, %one : i8
  cf.cond_br %done, ^bb3(%a : i8), ^bb2(%i1, %a1 : i8, i8)
^bb2(%j: i8, %b: i8):
  %c6b = arith.constant 6 : i8
  %doneb = arith.cmpi sge, %j, %c6b : i8
  %two = arith.constant 2 : i8
  %oneb = arith.constant 1 : i8
  %b2 = arith.addi %b, %two : i8
  %j1 = arith.addi %j, %oneb : i8
  cf.cond_br %doneb, ^bb3(%b : i8), ^bb1(%j1, %b2 : i8, i8)
^bb3(%r: i8):
  return %r : i8
}
func.func @cf_irreducible_tgt(%c: i1, %x: i8) -> i8 {
  %c9 = arith.constant 9 : i8
  %r = arith.addi %x, %c9 : i8
  return %r : i8
}

// Twin: the sum is not 10.
// EXPECT cf_irreducible_wrong: incorrect value
func.func @cf_irreducible_wrong_src(%c: i1, %x: i8) -> i8 {
  %c0 = arith.constant 0 : i8
  cf.cond_br %c, ^bb1(%c0, %x : i8, i8), ^bb2(%c0, %x : i8, i8)
^bb1(%i: i8, %a: i8):
  %c6 = arith.constant 6 : i8
  %done = arith.cmpi sge, %i, %c6 : i8
  %one = arith.constant 1 : i8
  %a1 = arith.addi %a, %one : i8
  %i1 = arith.addi %i, %one : i8
  cf.cond_br %done, ^bb3(%a : i8), ^bb2(%i1, %a1 : i8, i8)
^bb2(%j: i8, %b: i8):
  %c6b = arith.constant 6 : i8
  %doneb = arith.cmpi sge, %j, %c6b : i8
  %two = arith.constant 2 : i8
  %oneb = arith.constant 1 : i8
  %b2 = arith.addi %b, %two : i8
  %j1 = arith.addi %j, %oneb : i8
  cf.cond_br %doneb, ^bb3(%b : i8), ^bb1(%j1, %b2 : i8, i8)
^bb3(%r: i8):
  return %r : i8
}
func.func @cf_irreducible_wrong_tgt(%c: i1, %x: i8) -> i8 {
  %c10 = arith.constant 10 : i8
  %r = arith.addi %x, %c10 : i8
  return %r : i8
}

// An scf.if then a static 40-iteration scf.for, and mlir-opt --convert-scf-to-cf's output:
// after the diamond the loop runs under "c or not c", which irproof recognises as the
// function's whole path (a brief solver check), so the 40 iterations unroll exactly:
// `correct`, not bounded.
// EXPECT cf_diamond_then_static_loop: correct
func.func @cf_diamond_then_static_loop_src(%c: i1, %x: i32, %y: i32) -> i32 {
  %r = scf.if %c -> (i32) {
    scf.yield %x : i32
  } else {
    scf.yield %y : i32
  }
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c40 = arith.constant 40 : index
  %s = scf.for %i = %c0 to %c40 step %c1 iter_args(%a = %r) -> (i32) {
    %b = arith.addi %a, %x : i32
    scf.yield %b : i32
  }
  return %s : i32
}
func.func @cf_diamond_then_static_loop_tgt(%arg0: i1, %arg1: i32, %arg2: i32) -> i32 {
  cf.cond_br %arg0, ^bb1, ^bb2
^bb1:  // pred: ^bb0
  cf.br ^bb3(%arg1 : i32)
^bb2:  // pred: ^bb0
  cf.br ^bb3(%arg2 : i32)
^bb3(%0: i32):  // 2 preds: ^bb1, ^bb2
  cf.br ^bb4
^bb4:  // pred: ^bb3
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c40 = arith.constant 40 : index
  cf.br ^bb5(%c0, %0 : index, i32)
^bb5(%1: index, %2: i32):  // 2 preds: ^bb4, ^bb6
  %3 = arith.cmpi slt, %1, %c40 : index
  cf.cond_br %3, ^bb6, ^bb7
^bb6:  // pred: ^bb5
  %4 = arith.addi %2, %arg1 : i32
  %5 = arith.addi %1, %c1 : index
  cf.br ^bb5(%5, %4 : index, i32)
^bb7:  // pred: ^bb5
  return %2 : i32
}

// 39 iterations instead of 40 (only visible past the unrolling bound): c = true, x = 1
// gives 41 vs 40.
// EXPECT cf_diamond_then_static_loop_39: incorrect value
func.func @cf_diamond_then_static_loop_39_src(%c: i1, %x: i32, %y: i32) -> i32 {
  %r = scf.if %c -> (i32) {
    scf.yield %x : i32
  } else {
    scf.yield %y : i32
  }
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c40 = arith.constant 40 : index
  %s = scf.for %i = %c0 to %c40 step %c1 iter_args(%a = %r) -> (i32) {
    %b = arith.addi %a, %x : i32
    scf.yield %b : i32
  }
  return %s : i32
}
func.func @cf_diamond_then_static_loop_39_tgt(%arg0: i1, %arg1: i32, %arg2: i32) -> i32 {
  cf.cond_br %arg0, ^bb1, ^bb2
^bb1:  // pred: ^bb0
  cf.br ^bb3(%arg1 : i32)
^bb2:  // pred: ^bb0
  cf.br ^bb3(%arg2 : i32)
^bb3(%0: i32):  // 2 preds: ^bb1, ^bb2
  cf.br ^bb4
^bb4:  // pred: ^bb3
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c39 = arith.constant 39 : index
  cf.br ^bb5(%c0, %0 : index, i32)
^bb5(%1: index, %2: i32):  // 2 preds: ^bb4, ^bb6
  %3 = arith.cmpi slt, %1, %c39 : index
  cf.cond_br %3, ^bb6, ^bb7
^bb6:  // pred: ^bb5
  %4 = arith.addi %2, %arg1 : i32
  %5 = arith.addi %1, %c1 : index
  cf.br ^bb5(%5, %4 : index, i32)
^bb7:  // pred: ^bb5
  return %2 : i32
}
