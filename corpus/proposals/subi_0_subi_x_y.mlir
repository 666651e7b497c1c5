// Proposal subi_0_subi_x_y: subi(0, subi(x, y)) -> subi(y, x)
// Cost (ops): 2 ops (latency 2) -> 1 ops (latency 1); MLIR canonicalize leaves 2 ops (latency 2).
// Widths proved: 1-64 (irproof verify, poison inputs, width-generic pair below).
// Found by `irproof synth --discover`; canonicalize run with torch-mlir 20261001 bindings:
//   func.func @subi_0_subi_x_y_src(%arg0: i32, %arg1: i32) -> i32 {
//     %c0_i32 = arith.constant 0 : i32
//     %0 = arith.subi %arg0, %arg1 : i32
//     %1 = arith.subi %c0_i32, %0 : i32
//     return %1 : i32
//   }
// EXPECT subi_0_subi_x_y: correct
func.func @subi_0_subi_x_y_src(%x: i32, %y: i32) -> i32 attributes {irproof.generic = [i32]} {
  %v0 = arith.constant 0 : i32
  %v1 = arith.subi %x, %y : i32
  %v2 = arith.subi %v0, %v1 : i32
  return %v2 : i32
}
func.func @subi_0_subi_x_y_tgt(%x: i32, %y: i32) -> i32 {
  %v0 = arith.subi %y, %x : i32
  return %v0 : i32
}
