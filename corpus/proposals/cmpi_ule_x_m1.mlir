// Proposal cmpi_ule_x_m1: cmpi ule(x, -1) -> 1
// Cost (ops): 1 ops (latency 1) -> 0 ops (latency 0); MLIR canonicalize leaves 1 ops (latency 1).
// Widths proved: 1-64 (irproof verify, poison inputs, width-generic pair below).
// Found by `irproof synth --discover`; canonicalize run with torch-mlir 20261001 bindings:
//   func.func @cmpi_ule_x_m1_src(%arg0: i32, %arg1: i32) -> i1 {
//     %c-1_i32 = arith.constant -1 : i32
//     %0 = arith.cmpi ule, %arg0, %c-1_i32 : i32
//     return %0 : i1
//   }
// EXPECT cmpi_ule_x_m1: correct
func.func @cmpi_ule_x_m1_src(%x: i32, %y: i32) -> i1 attributes {irproof.generic = [i32]} {
  %v0 = arith.constant -1 : i32
  %v1 = arith.cmpi ule, %x, %v0 : i32
  return %v1 : i1
}
func.func @cmpi_ule_x_m1_tgt(%x: i32, %y: i32) -> i1 {
  %v0 = arith.constant true
  return %v0 : i1
}
