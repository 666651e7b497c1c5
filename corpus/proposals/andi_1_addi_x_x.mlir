// Proposal andi_1_addi_x_x: andi(1, addi(x, x)) -> 0
// Cost (ops): 2 ops (latency 2) -> 0 ops (latency 0); MLIR canonicalize leaves 2 ops (latency 2).
// Widths proved: 1-64 (irproof verify, poison inputs, width-generic pair below).
// Found by `irproof synth --discover`; canonicalize run with torch-mlir 20261001 bindings:
//   func.func @andi_1_addi_x_x_src(%arg0: i32, %arg1: i32) -> i32 {
//     %c1_i32 = arith.constant 1 : i32
//     %0 = arith.addi %arg0, %arg0 : i32
//     %1 = arith.andi %0, %c1_i32 : i32
//     return %1 : i32
//   }
// EXPECT andi_1_addi_x_x: correct
func.func @andi_1_addi_x_x_src(%x: i32, %y: i32) -> i32 attributes {irproof.generic = [i32]} {
  %v0 = arith.constant 1 : i32
  %v1 = arith.addi %x, %x : i32
  %v2 = arith.andi %v0, %v1 : i32
  return %v2 : i32
}
func.func @andi_1_addi_x_x_tgt(%x: i32, %y: i32) -> i32 {
  %v0 = arith.constant 0 : i32
  return %v0 : i32
}
