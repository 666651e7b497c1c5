// scf.while: count down from n (bounded by the unroll bound for dynamic n).
// PIPELINE: builtin.module(canonicalize)
// EXPECT countdown: correct bounded
// PIPELINE: builtin.module(convert-scf-to-cf)
// EXPECT countdown: correct bounded
func.func @countdown(%n: i32) -> i32 {
  %c0 = arith.constant 0 : i32
  %c1 = arith.constant 1 : i32
  %r:2 = scf.while (%i = %n, %acc = %c0) : (i32, i32) -> (i32, i32) {
    %go = arith.cmpi sgt, %i, %c0 : i32
    scf.condition(%go) %i, %acc : i32, i32
  } do {
  ^bb0(%i2: i32, %acc2: i32):
    %next = arith.subi %i2, %c1 : i32
    %a = arith.addi %acc2, %c1 : i32
    scf.yield %next, %a : i32, i32
  }
  return %r#1 : i32
}
func.func @while_static(%x: i32) -> i32 {
  %c0 = arith.constant 0 : i32
  %c1 = arith.constant 1 : i32
  %c3 = arith.constant 3 : i32
  %r:2 = scf.while (%i = %c0, %acc = %x) : (i32, i32) -> (i32, i32) {
    %go = arith.cmpi slt, %i, %c3 : i32
    scf.condition(%go) %i, %acc : i32, i32
  } do {
  ^bb0(%i2: i32, %acc2: i32):
    %next = arith.addi %i2, %c1 : i32
    %a = arith.muli %acc2, %acc2 : i32
    scf.yield %next, %a : i32, i32
  }
  return %r#1 : i32
}
