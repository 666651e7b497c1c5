// Proposal addi_x_subi_0_y: addi(x, subi(0, y)) -> subi(x, y)
// Cost (ops): 2 ops (latency 2) -> 1 ops (latency 1); MLIR canonicalize leaves 2 ops (latency 2).
// Widths proved: 1-64 (irproof verify, poison inputs, width-generic pair below).
// Found by `irproof synth --discover`; canonicalize run with torch-mlir 20261001 bindings:
//   func.func @addi_x_subi_0_y_src(%arg0: i32, %arg1: i32) -> i32 {
//     %c0_i32 = arith.constant 0 : i32
//     %0 = arith.subi %c0_i32, %arg1 : i32
//     %1 = arith.addi %arg0, %0 : i32
//     return %1 : i32
//   }
// EXPECT addi_x_subi_0_y: correct
func.func @addi_x_subi_0_y_src(%x: i32, %y: i32) -> i32 attributes {irproof.generic = [i32]} {
  %v0 = arith.constant 0 : i32
  %v1 = arith.subi %v0, %y : i32
  %v2 = arith.addi %x, %v1 : i32
  return %v2 : i32
}
func.func @addi_x_subi_0_y_tgt(%x: i32, %y: i32) -> i32 {
  %v0 = arith.subi %x, %y : i32
  return %v0 : i32
}
