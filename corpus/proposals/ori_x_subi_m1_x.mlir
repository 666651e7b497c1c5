// Proposal ori_x_subi_m1_x: ori(x, subi(-1, x)) -> -1
// Cost (ops): 2 ops (latency 2) -> 0 ops (latency 0); MLIR canonicalize leaves 2 ops (latency 2).
// Widths proved: 1-64 (irproof verify, poison inputs, width-generic pair below).
// Found by `irproof synth --discover`; canonicalize run with torch-mlir 20261001 bindings:
//   func.func @ori_x_subi_m1_x_src(%arg0: i32, %arg1: i32) -> i32 {
//     %c-1_i32 = arith.constant -1 : i32
//     %0 = arith.subi %c-1_i32, %arg0 : i32
//     %1 = arith.ori %arg0, %0 : i32
//     return %1 : i32
//   }
// EXPECT ori_x_subi_m1_x: correct
func.func @ori_x_subi_m1_x_src(%x: i32, %y: i32) -> i32 attributes {irproof.generic = [i32]} {
  %v0 = arith.constant -1 : i32
  %v1 = arith.subi %v0, %x : i32
  %v2 = arith.ori %x, %v1 : i32
  return %v2 : i32
}
func.func @ori_x_subi_m1_x_tgt(%x: i32, %y: i32) -> i32 {
  %v0 = arith.constant -1 : i32
  return %v0 : i32
}
