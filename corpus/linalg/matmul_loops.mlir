// linalg.matmul on memrefs against hand-written loop nests: the right one, and the
// broken variants a lowering bug would produce (each must be found incorrect).
// Arguments of one element type may alias: every aliasing is checked, and the loop
// nest in linalg's order (i, j, k) is equal to the op in each.

// The loop nest convert-linalg-to-loops emits.
// EXPECT matmul_loops: correct
func.func @matmul_loops_src(%A: memref<3x3xi8>, %B: memref<3x3xi8>, %C: memref<3x3xi8>) {
  linalg.matmul ins(%A, %B : memref<3x3xi8>, memref<3x3xi8>) outs(%C : memref<3x3xi8>)
  return
}
func.func @matmul_loops_tgt(%A: memref<3x3xi8>, %B: memref<3x3xi8>, %C: memref<3x3xi8>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  scf.for %i = %c0 to %c3 step %c1 {
    scf.for %j = %c0 to %c3 step %c1 {
      scf.for %k = %c0 to %c3 step %c1 {
        %a = memref.load %A[%i, %k] : memref<3x3xi8>
        %b = memref.load %B[%k, %j] : memref<3x3xi8>
        %c = memref.load %C[%i, %j] : memref<3x3xi8>
        %p = arith.muli %a, %b : i8
        %s = arith.addi %c, %p : i8
        memref.store %s, %C[%i, %j] : memref<3x3xi8>
      }
    }
  }
  return
}

// A's indexing map transposed: (k, i) instead of (i, k).
// EXPECT matmul_wrong_index_map: incorrect memory
func.func @matmul_wrong_index_map_src(%A: memref<3x3xi8>, %B: memref<3x3xi8>, %C: memref<3x3xi8>) {
  linalg.matmul ins(%A, %B : memref<3x3xi8>, memref<3x3xi8>) outs(%C : memref<3x3xi8>)
  return
}
func.func @matmul_wrong_index_map_tgt(%A: memref<3x3xi8>, %B: memref<3x3xi8>, %C: memref<3x3xi8>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  scf.for %i = %c0 to %c3 step %c1 {
    scf.for %j = %c0 to %c3 step %c1 {
      scf.for %k = %c0 to %c3 step %c1 {
        %a = memref.load %A[%k, %i] : memref<3x3xi8>
        %b = memref.load %B[%k, %j] : memref<3x3xi8>
        %c = memref.load %C[%i, %j] : memref<3x3xi8>
        %p = arith.muli %a, %b : i8
        %s = arith.addi %c, %p : i8
        memref.store %s, %C[%i, %j] : memref<3x3xi8>
      }
    }
  }
  return
}

// B read transposed.
// EXPECT matmul_transposed_operand: incorrect memory
func.func @matmul_transposed_operand_src(%A: memref<3x3xi8>, %B: memref<3x3xi8>, %C: memref<3x3xi8>) {
  linalg.matmul ins(%A, %B : memref<3x3xi8>, memref<3x3xi8>) outs(%C : memref<3x3xi8>)
  return
}
func.func @matmul_transposed_operand_tgt(%A: memref<3x3xi8>, %B: memref<3x3xi8>, %C: memref<3x3xi8>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  scf.for %i = %c0 to %c3 step %c1 {
    scf.for %j = %c0 to %c3 step %c1 {
      scf.for %k = %c0 to %c3 step %c1 {
        %a = memref.load %A[%i, %k] : memref<3x3xi8>
        %b = memref.load %B[%j, %k] : memref<3x3xi8>
        %c = memref.load %C[%i, %j] : memref<3x3xi8>
        %p = arith.muli %a, %b : i8
        %s = arith.addi %c, %p : i8
        memref.store %s, %C[%i, %j] : memref<3x3xi8>
      }
    }
  }
  return
}

// The store of the accumulator dropped.
// EXPECT matmul_dropped_store: incorrect memory
func.func @matmul_dropped_store_src(%A: memref<3x3xi8>, %B: memref<3x3xi8>, %C: memref<3x3xi8>) {
  linalg.matmul ins(%A, %B : memref<3x3xi8>, memref<3x3xi8>) outs(%C : memref<3x3xi8>)
  return
}
func.func @matmul_dropped_store_tgt(%A: memref<3x3xi8>, %B: memref<3x3xi8>, %C: memref<3x3xi8>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  scf.for %i = %c0 to %c3 step %c1 {
    scf.for %j = %c0 to %c3 step %c1 {
      scf.for %k = %c0 to %c3 step %c1 {
        %a = memref.load %A[%i, %k] : memref<3x3xi8>
        %b = memref.load %B[%k, %j] : memref<3x3xi8>
        %c = memref.load %C[%i, %j] : memref<3x3xi8>
        %p = arith.muli %a, %b : i8
        %s = arith.addi %c, %p : i8
      }
    }
  }
  return
}

// The reduction loop stops one early.
// EXPECT matmul_off_by_one_bound: incorrect memory
func.func @matmul_off_by_one_bound_src(%A: memref<3x3xi8>, %B: memref<3x3xi8>, %C: memref<3x3xi8>) {
  linalg.matmul ins(%A, %B : memref<3x3xi8>, memref<3x3xi8>) outs(%C : memref<3x3xi8>)
  return
}
func.func @matmul_off_by_one_bound_tgt(%A: memref<3x3xi8>, %B: memref<3x3xi8>, %C: memref<3x3xi8>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  scf.for %i = %c0 to %c3 step %c1 {
    scf.for %j = %c0 to %c3 step %c1 {
      scf.for %k = %c0 to %c2 step %c1 {
        %a = memref.load %A[%i, %k] : memref<3x3xi8>
        %b = memref.load %B[%k, %j] : memref<3x3xi8>
        %c = memref.load %C[%i, %j] : memref<3x3xi8>
        %p = arith.muli %a, %b : i8
        %s = arith.addi %c, %p : i8
        memref.store %s, %C[%i, %j] : memref<3x3xi8>
      }
    }
  }
  return
}

// The sum stored into C[j, i].
// EXPECT matmul_wrong_output_element: incorrect memory
func.func @matmul_wrong_output_element_src(%A: memref<3x3xi8>, %B: memref<3x3xi8>, %C: memref<3x3xi8>) {
  linalg.matmul ins(%A, %B : memref<3x3xi8>, memref<3x3xi8>) outs(%C : memref<3x3xi8>)
  return
}
func.func @matmul_wrong_output_element_tgt(%A: memref<3x3xi8>, %B: memref<3x3xi8>, %C: memref<3x3xi8>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  scf.for %i = %c0 to %c3 step %c1 {
    scf.for %j = %c0 to %c3 step %c1 {
      scf.for %k = %c0 to %c3 step %c1 {
        %a = memref.load %A[%i, %k] : memref<3x3xi8>
        %b = memref.load %B[%k, %j] : memref<3x3xi8>
        %c = memref.load %C[%i, %j] : memref<3x3xi8>
        %p = arith.muli %a, %b : i8
        %s = arith.addi %c, %p : i8
        memref.store %s, %C[%j, %i] : memref<3x3xi8>
      }
    }
  }
  return
}
