// scf.index_switch on an index value.
// PIPELINE: builtin.module(convert-scf-to-cf)
// PIPELINE: builtin.module(canonicalize)
func.func @switch(%i: index, %x: i32) -> i32 {
  %c1 = arith.constant 1 : i32
  %c2 = arith.constant 2 : i32
  %r = scf.index_switch %i -> i32
  case 0 {
    %a = arith.addi %x, %c1 : i32
    scf.yield %a : i32
  }
  case 1 {
    %b = arith.muli %x, %c2 : i32
    scf.yield %b : i32
  }
  default {
    scf.yield %x : i32
  }
  return %r : i32
}
