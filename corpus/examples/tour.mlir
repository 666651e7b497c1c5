// A bundled example for the README tour: three rewrites a compiler engineer might write.

// EXPECT add_comm: correct
// Commuting an addition and dropping nsw only makes the target less poisonous.
func.func @add_comm_src(%x: i8, %y: i8) -> i8 {
  %r = arith.addi %x, %y overflow<nsw> : i8
  return %r : i8
}
func.func @add_comm_tgt(%x: i8, %y: i8) -> i8 {
  %r = arith.addi %y, %x : i8
  return %r : i8
}

// EXPECT add_nsw: incorrect poison
// Adding nsw is wrong: 127 + 1 overflows, the source wraps, the target is poison.
func.func @add_nsw_src(%x: i8, %y: i8) -> i8 {
  %r = arith.addi %x, %y : i8
  return %r : i8
}
func.func @add_nsw_tgt(%x: i8, %y: i8) -> i8 {
  %r = arith.addi %x, %y overflow<nsw> : i8
  return %r : i8
}

// EXPECT hoist_div: incorrect ub
// Hoisting a division out of a select introduces UB when %y is 0 and the select
// would not have used the quotient.
func.func @hoist_div_src(%c: i1, %x: i32, %y: i32) -> i32 {
  %one = arith.constant 1 : i32
  %safe = arith.select %c, %y, %one : i32
  %q = arith.divui %x, %safe : i32
  return %q : i32
}
func.func @hoist_div_tgt(%c: i1, %x: i32, %y: i32) -> i32 {
  %q = arith.divui %x, %y : i32
  %r = arith.select %c, %q, %x : i32
  return %r : i32
}
