// index dialect arithmetic and casts (index width unknown: checked at 32 and 64).
// PIPELINE: builtin.module(canonicalize)
// PIPELINE: builtin.module(cse)
// PIPELINE: builtin.module(int-range-optimizations)
func.func @index_add(%x: index, %y: index) -> index {
  %c0 = index.constant 0
  %a = index.add %x, %c0
  %b = index.mul %a, %y
  return %b : index
}
func.func @index_mixed(%x: index) -> i64 {
  %c4 = arith.constant 4 : index
  %a = arith.muli %x, %c4 : index
  %b = arith.index_cast %a : index to i64
  return %b : i64
}
func.func @index_cmp(%x: index) -> i1 {
  %c1 = index.constant 1
  %a = index.add %x, %c1
  %r = index.cmp ugt(%a, %x)
  return %r : i1
}
