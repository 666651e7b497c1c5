// Nested scf.if: sign of a number as -1/0/1.
// PIPELINE: builtin.module(canonicalize)
// PIPELINE: builtin.module(convert-scf-to-cf)
// PIPELINE: builtin.module(sccp)
func.func @signum(%x: i32) -> i32 {
  %c0 = arith.constant 0 : i32
  %c1 = arith.constant 1 : i32
  %m1 = arith.constant -1 : i32
  %lt = arith.cmpi slt, %x, %c0 : i32
  %r = scf.if %lt -> i32 {
    scf.yield %m1 : i32
  } else {
    %eq = arith.cmpi eq, %x, %c0 : i32
    %s = scf.if %eq -> i32 {
      scf.yield %c0 : i32
    } else {
      scf.yield %c1 : i32
    }
    scf.yield %s : i32
  }
  return %r : i32
}
