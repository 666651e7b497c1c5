// Proposal xori_m1_subi_0_x: xori(-1, subi(0, x)) -> addi(x, -1)
// Cost (ops): 2 ops (latency 2) -> 1 ops (latency 1); MLIR canonicalize leaves 2 ops (latency 2).
// Widths proved: 1-64 (irproof verify, poison inputs, width-generic pair below).
// Found by `irproof synth --discover`; canonicalize run with torch-mlir 20261001 bindings:
//   func.func @xori_m1_subi_0_x_src(%arg0: i32, %arg1: i32) -> i32 {
//     %c-1_i32 = arith.constant -1 : i32
//     %c0_i32 = arith.constant 0 : i32
//     %0 = arith.subi %c0_i32, %arg0 : i32
//     %1 = arith.xori %0, %c-1_i32 : i32
//     return %1 : i32
//   }
// EXPECT xori_m1_subi_0_x: correct
func.func @xori_m1_subi_0_x_src(%x: i32, %y: i32) -> i32 attributes {irproof.generic = [i32]} {
  %v0 = arith.constant -1 : i32
  %v1 = arith.constant 0 : i32
  %v2 = arith.subi %v1, %x : i32
  %v3 = arith.xori %v0, %v2 : i32
  return %v3 : i32
}
func.func @xori_m1_subi_0_x_tgt(%x: i32, %y: i32) -> i32 {
  %v0 = arith.constant -1 : i32
  %v1 = arith.addi %x, %v0 : i32
  return %v1 : i32
}
