// Proposal cmpi_ult_x_0: cmpi ult(x, 0) -> 0
// Cost (ops): 1 ops (latency 1) -> 0 ops (latency 0); MLIR canonicalize leaves 1 ops (latency 1).
// Widths proved: 1-64 (irproof verify, poison inputs, width-generic pair below).
// Found by `irproof synth --discover`; canonicalize run with torch-mlir 20261001 bindings:
//   func.func @cmpi_ult_x_0_src(%arg0: i32, %arg1: i32) -> i1 {
//     %c0_i32 = arith.constant 0 : i32
//     %0 = arith.cmpi ult, %arg0, %c0_i32 : i32
//     return %0 : i1
//   }
// EXPECT cmpi_ult_x_0: correct
func.func @cmpi_ult_x_0_src(%x: i32, %y: i32) -> i1 attributes {irproof.generic = [i32]} {
  %v0 = arith.constant 0 : i32
  %v1 = arith.cmpi ult, %x, %v0 : i32
  return %v1 : i1
}
func.func @cmpi_ult_x_0_tgt(%x: i32, %y: i32) -> i1 {
  %v0 = arith.constant false
  return %v0 : i1
}
