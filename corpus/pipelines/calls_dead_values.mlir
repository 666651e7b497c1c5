// A private function with an unused argument and an unused result (remove-dead-values).
// PIPELINE: builtin.module(remove-dead-values)
// PIPELINE: builtin.module(inline)
func.func private @two_results(%a: i32, %unused: i32) -> (i32, i32) {
  %c1 = arith.constant 1 : i32
  %s = arith.addi %a, %c1 : i32
  %t = arith.muli %a, %a : i32
  return %s, %t : i32, i32
}
func.func @uses_first(%x: i32, %y: i32) -> i32 {
  %r:2 = call @two_results(%x, %y) : (i32, i32) -> (i32, i32)
  return %r#0 : i32
}
