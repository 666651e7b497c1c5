// cf.switch with a default and block arguments.
// PIPELINE: builtin.module(canonicalize)
// PIPELINE: builtin.module(sccp)
func.func @cf_switch(%v: i32, %x: i32) -> i32 {
  %c10 = arith.constant 10 : i32
  cf.switch %v : i32, [
    default: ^bb3(%x : i32),
    0: ^bb1,
    5: ^bb2(%c10 : i32)
  ]
^bb1:
  %a = arith.addi %x, %x : i32
  cf.br ^bb3(%a : i32)
^bb2(%k: i32):
  %b = arith.muli %x, %k : i32
  cf.br ^bb3(%b : i32)
^bb3(%r: i32):
  return %r : i32
}
