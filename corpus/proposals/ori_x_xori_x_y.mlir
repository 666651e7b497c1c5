// Proposal ori_x_xori_x_y: ori(x, xori(x, y)) -> ori(x, y)
// Cost (ops): 2 ops (latency 2) -> 1 ops (latency 1); MLIR canonicalize leaves 2 ops (latency 2).
// Widths proved: 1-64 (irproof verify, poison inputs, width-generic pair below).
// Found by `irproof synth --discover`; canonicalize run with torch-mlir 20261001 bindings:
//   func.func @ori_x_xori_x_y_src(%arg0: i32, %arg1: i32) -> i32 {
//     %0 = arith.xori %arg0, %arg1 : i32
//     %1 = arith.ori %arg0, %0 : i32
//     return %1 : i32
//   }
// EXPECT ori_x_xori_x_y: correct
func.func @ori_x_xori_x_y_src(%x: i32, %y: i32) -> i32 attributes {irproof.generic = [i32]} {
  %v0 = arith.xori %x, %y : i32
  %v1 = arith.ori %x, %v0 : i32
  return %v1 : i32
}
func.func @ori_x_xori_x_y_tgt(%x: i32, %y: i32) -> i32 {
  %v0 = arith.ori %x, %y : i32
  return %v0 : i32
}
