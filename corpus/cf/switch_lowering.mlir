// scf.index_switch and its convert-scf-to-cf lowerings (the targets are mlir-opt's output).

// Current MLIR (torch-mlir 20261001) casts the index to i64 before the cf.switch.
// EXPECT index_switch_to_cf_i64: correct
func.func @index_switch_to_cf_i64_src(%i: index) -> i32 {
  %r = scf.index_switch %i -> i32
  case 2 {
    %c5 = arith.constant 5 : i32
    scf.yield %c5 : i32
  }
  default {
    %c7 = arith.constant 7 : i32
    scf.yield %c7 : i32
  }
  return %r : i32
}
func.func @index_switch_to_cf_i64_tgt(%arg0: index) -> i32 {
  %0 = arith.index_cast %arg0 : index to i64
  cf.switch %0 : i64, [
    default: ^bb2,
    2: ^bb1
  ]
^bb1:  // pred: ^bb0
  %c5_i32 = arith.constant 5 : i32
  cf.br ^bb3(%c5_i32 : i32)
^bb2:  // pred: ^bb0
  %c7_i32 = arith.constant 7 : i32
  cf.br ^bb3(%c7_i32 : i32)
^bb3(%1: i32):  // 2 preds: ^bb1, ^bb2
  return %1 : i32
}

// FINDING (corpus/findings/index_switch_cf_i32_llvm19.md): MLIR 19's lowering casts the index
// to i32, so at index width 64 the index 2^32 + 2 takes case 2: 5 instead of 7.
// EXPECT index_switch_to_cf_i32: incorrect value
func.func @index_switch_to_cf_i32_src(%i: index) -> i32 {
  %r = scf.index_switch %i -> i32
  case 2 {
    %c5 = arith.constant 5 : i32
    scf.yield %c5 : i32
  }
  default {
    %c7 = arith.constant 7 : i32
    scf.yield %c7 : i32
  }
  return %r : i32
}
func.func @index_switch_to_cf_i32_tgt(%arg0: index) -> i32 {
  %0 = arith.index_cast %arg0 : index to i32
  cf.switch %0 : i32, [
    default: ^bb2,
    2: ^bb1
  ]
^bb1:  // pred: ^bb0
  %c5_i32 = arith.constant 5 : i32
  cf.br ^bb3(%c5_i32 : i32)
^bb2:  // pred: ^bb0
  %c7_i32 = arith.constant 7 : i32
  cf.br ^bb3(%c7_i32 : i32)
^bb3(%1: i32):  // 2 preds: ^bb1, ^bb2
  return %1 : i32
}
