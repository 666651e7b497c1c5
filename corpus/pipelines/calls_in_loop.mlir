// A call inside a static loop.
// PIPELINE: builtin.module(inline)
// PIPELINE: builtin.module(inline,canonicalize)
func.func private @step(%a: i32) -> i32 {
  %c3 = arith.constant 3 : i32
  %m = arith.muli %a, %c3 : i32
  return %m : i32
}
func.func @loop_calls(%x: i32) -> i32 {
  %c0 = arith.constant 0 : index
  %c3 = arith.constant 3 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %i = %c0 to %c3 step %c1 iter_args(%acc = %x) -> (i32) {
    %n = func.call @step(%acc) : (i32) -> i32
    scf.yield %n : i32
  }
  return %r : i32
}
