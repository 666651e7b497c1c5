// Proposal andi_1_muli_x_y: andi(1, muli(x, y)) -> andi(x, andi(y, 1))
// Cost (ops): 2 ops (latency 4) -> 2 ops (latency 2); MLIR canonicalize leaves 2 ops (latency 4).
// Widths proved: 1-64 (irproof verify, poison inputs, width-generic pair below).
// Found by `irproof synth --discover`; canonicalize run with torch-mlir 20261001 bindings:
//   func.func @andi_1_muli_x_y_src(%arg0: i32, %arg1: i32) -> i32 {
//     %c1_i32 = arith.constant 1 : i32
//     %0 = arith.muli %arg0, %arg1 : i32
//     %1 = arith.andi %0, %c1_i32 : i32
//     return %1 : i32
//   }
// EXPECT andi_1_muli_x_y: correct
func.func @andi_1_muli_x_y_src(%x: i32, %y: i32) -> i32 attributes {irproof.generic = [i32]} {
  %v0 = arith.constant 1 : i32
  %v1 = arith.muli %x, %y : i32
  %v2 = arith.andi %v0, %v1 : i32
  return %v2 : i32
}
func.func @andi_1_muli_x_y_tgt(%x: i32, %y: i32) -> i32 {
  %v0 = arith.constant 1 : i32
  %v1 = arith.andi %y, %v0 : i32
  %v2 = arith.andi %x, %v1 : i32
  return %v2 : i32
}
