// Proposal cmpi_ult_m1_x: cmpi ult(-1, x) -> 0
// Cost (ops): 1 ops (latency 1) -> 0 ops (latency 0); MLIR canonicalize leaves 1 ops (latency 1).
// Widths proved: 1-64 (irproof verify, poison inputs, width-generic pair below).
// Found by `irproof synth --discover`; canonicalize run with torch-mlir 20261001 bindings:
//   func.func @cmpi_ult_m1_x_src(%arg0: i32, %arg1: i32) -> i1 {
//     %c-1_i32 = arith.constant -1 : i32
//     %0 = arith.cmpi ugt, %arg0, %c-1_i32 : i32
//     return %0 : i1
//   }
// EXPECT cmpi_ult_m1_x: correct
func.func @cmpi_ult_m1_x_src(%x: i32, %y: i32) -> i1 attributes {irproof.generic = [i32]} {
  %v0 = arith.constant -1 : i32
  %v1 = arith.cmpi ult, %v0, %x : i32
  return %v1 : i1
}
func.func @cmpi_ult_m1_x_tgt(%x: i32, %y: i32) -> i1 {
  %v0 = arith.constant false
  return %v0 : i1
}
