// Values with known ranges: int-range-optimizations, arith-unsigned-when-equivalent and
// arith-int-range-narrowing act on them.
// PIPELINE: builtin.module(int-range-optimizations)
// PIPELINE: builtin.module(arith-unsigned-when-equivalent)
// PIPELINE: builtin.module(func.func(arith-int-range-narrowing{int-bitwidths-supported=8,16,32}))
// PIPELINE: builtin.module(canonicalize)
func.func @masked_div(%x: i32, %y: i32) -> i32 {
  %c127 = arith.constant 127 : i32
  %c1 = arith.constant 1 : i32
  %a = arith.andi %x, %c127 : i32
  %b = arith.andi %y, %c127 : i32
  %d = arith.ori %b, %c1 : i32
  %r = arith.divsi %a, %d : i32
  return %r : i32
}
func.func @masked_cmp(%x: i32) -> i1 {
  %c15 = arith.constant 15 : i32
  %c16 = arith.constant 16 : i32
  %a = arith.andi %x, %c15 : i32
  %r = arith.cmpi slt, %a, %c16 : i32
  return %r : i1
}
func.func @ext_range(%x: i8) -> i32 {
  %a = arith.extui %x : i8 to i32
  %c2 = arith.constant 2 : i32
  %b = arith.shrsi %a, %c2 : i32
  %c = arith.remsi %b, %c2 : i32
  return %c : i32
}
func.func @narrow_add(%x: i8, %y: i8) -> i32 {
  %a = arith.extui %x : i8 to i32
  %b = arith.extui %y : i8 to i32
  %s = arith.addi %a, %b : i32
  return %s : i32
}
