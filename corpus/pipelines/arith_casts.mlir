// Extension/truncation chains and index casts.
// PIPELINE: builtin.module(canonicalize)
// PIPELINE: builtin.module(arith-unsigned-when-equivalent)
// PIPELINE: builtin.module(func.func(arith-int-range-narrowing{int-bitwidths-supported=8,16,32}))
func.func @ext_trunc(%x: i8) -> i8 {
  %a = arith.extui %x : i8 to i32
  %b = arith.trunci %a : i32 to i8
  return %b : i8
}
func.func @ext_ext(%x: i8) -> i64 {
  %a = arith.extsi %x : i8 to i16
  %b = arith.extsi %a : i16 to i64
  return %b : i64
}
func.func @index_roundtrip(%x: i32) -> i32 {
  %a = arith.index_cast %x : i32 to index
  %b = arith.index_cast %a : index to i32
  return %b : i32
}
func.func @trunc_of_add(%x: i32, %y: i32) -> i8 {
  %a = arith.addi %x, %y : i32
  %b = arith.trunci %a : i32 to i8
  return %b : i8
}
