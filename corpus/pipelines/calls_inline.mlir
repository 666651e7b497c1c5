// Calls that the inliner inlines; remove-dead-values drops unused results/arguments.
// PIPELINE: builtin.module(inline)
// PIPELINE: builtin.module(inline,canonicalize)
// PIPELINE: builtin.module(sccp)
func.func private @helper(%a: i32, %b: i32) -> i32 {
  %s = arith.addi %a, %b : i32
  return %s : i32
}
func.func @caller(%x: i32) -> i32 {
  %c3 = arith.constant 3 : i32
  %r = call @helper(%x, %c3) : (i32, i32) -> i32
  %r2 = call @helper(%r, %r) : (i32, i32) -> i32
  return %r2 : i32
}
