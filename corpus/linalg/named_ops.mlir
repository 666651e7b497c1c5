// Named linalg ops against the generic form `linalg-generalize-named-ops` gives them
// (LLVM's OpDSL definitions), and a broken generic form of each: the named op's meaning
// in irproof (dialects/mlir/linalg.py for the ones xDSL lacks) is checked against
// upstream's own. Run with every aliasing of the buffers.

#map = affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>
#map1 = affine_map<(d0, d1, d2, d3) -> (d0, d3, d2)>
#map2 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
#map3 = affine_map<(d0, d1) -> (d0, d1)>
#map4 = affine_map<(d0, d1) -> (d1)>
#map5 = affine_map<(d0, d1) -> (d0)>
#map6 = affine_map<(d0, d1) -> (d1, d0)>
#map7 = affine_map<(d0) -> (d0)>
#map8 = affine_map<(d0) -> ()>
#map9 = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1 * 2 + d4, d2 * 2 + d5, d3)>
#map10 = affine_map<(d0, d1, d2, d3, d4, d5) -> (d4, d5)>
#map11 = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3)>
#map12 = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1 + d4, d2 + d5, d3)>
#map13 = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1 + d4, d2 + d5, d6)>
#map14 = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d4, d5, d6, d3)>
#map15 = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2, d3)>

// batch_matmul
// EXPECT bmm: correct
func.func @bmm_src(%A: memref<2x2x3xi8>, %B: memref<2x3x2xi8>, %C: memref<2x2x2xi8>) {
  linalg.batch_matmul ins(%A, %B : memref<2x2x3xi8>, memref<2x3x2xi8>) outs(%C : memref<2x2x2xi8>)
  return
}
func.func @bmm_tgt(%arg0: memref<2x2x3xi8>, %arg1: memref<2x3x2xi8>, %arg2: memref<2x2x2xi8>) {
    linalg.generic {indexing_maps = [#map, #map1, #map2], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%arg0, %arg1 : memref<2x2x3xi8>, memref<2x3x2xi8>) outs(%arg2 : memref<2x2x2xi8>) {
    ^bb0(%in: i8, %in_0: i8, %out: i8):
      %0 = arith.muli %in, %in_0 : i8
      %1 = arith.addi %out, %0 : i8
      linalg.yield %1 : i8
    }
    return
}

// Broken: the accumulator dropped (max turned into min for pooling_nhwc_max).
// EXPECT bmm_broken: incorrect memory
func.func @bmm_broken_src(%A: memref<2x2x3xi8>, %B: memref<2x3x2xi8>, %C: memref<2x2x2xi8>) {
  linalg.batch_matmul ins(%A, %B : memref<2x2x3xi8>, memref<2x3x2xi8>) outs(%C : memref<2x2x2xi8>)
  return
}
func.func @bmm_broken_tgt(%arg0: memref<2x2x3xi8>, %arg1: memref<2x3x2xi8>, %arg2: memref<2x2x2xi8>) {
    linalg.generic {indexing_maps = [#map, #map1, #map2], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%arg0, %arg1 : memref<2x2x3xi8>, memref<2x3x2xi8>) outs(%arg2 : memref<2x2x2xi8>) {
    ^bb0(%in: i8, %in_0: i8, %out: i8):
      %0 = arith.muli %in, %in_0 : i8
      %1 = arith.addi %in, %0 : i8
      linalg.yield %1 : i8
    }
    return
}

// matvec
// EXPECT mv: correct
func.func @mv_src(%M: memref<2x3xi8>, %x: memref<3xi8>, %y: memref<2xi8>) {
  linalg.matvec ins(%M, %x : memref<2x3xi8>, memref<3xi8>) outs(%y : memref<2xi8>)
  return
}
func.func @mv_tgt(%arg0: memref<2x3xi8>, %arg1: memref<3xi8>, %arg2: memref<2xi8>) {
    linalg.generic {indexing_maps = [#map3, #map4, #map5], iterator_types = ["parallel", "reduction"]} ins(%arg0, %arg1 : memref<2x3xi8>, memref<3xi8>) outs(%arg2 : memref<2xi8>) attrs =  {linalg.memoized_indexing_maps = [#map3, #map4, #map5]} {
    ^bb0(%in: i8, %in_0: i8, %out: i8):
      %0 = arith.muli %in, %in_0 : i8
      %1 = arith.addi %out, %0 : i8
      linalg.yield %1 : i8
    }
    return
}

// Broken: the accumulator dropped (max turned into min for pooling_nhwc_max).
// EXPECT mv_broken: incorrect memory
func.func @mv_broken_src(%M: memref<2x3xi8>, %x: memref<3xi8>, %y: memref<2xi8>) {
  linalg.matvec ins(%M, %x : memref<2x3xi8>, memref<3xi8>) outs(%y : memref<2xi8>)
  return
}
func.func @mv_broken_tgt(%arg0: memref<2x3xi8>, %arg1: memref<3xi8>, %arg2: memref<2xi8>) {
    linalg.generic {indexing_maps = [#map3, #map4, #map5], iterator_types = ["parallel", "reduction"]} ins(%arg0, %arg1 : memref<2x3xi8>, memref<3xi8>) outs(%arg2 : memref<2xi8>) attrs =  {linalg.memoized_indexing_maps = [#map3, #map4, #map5]} {
    ^bb0(%in: i8, %in_0: i8, %out: i8):
      %0 = arith.muli %in, %in_0 : i8
      %1 = arith.addi %in, %0 : i8
      linalg.yield %1 : i8
    }
    return
}

// vecmat
// EXPECT vm: correct
func.func @vm_src(%x: memref<2xi8>, %M: memref<2x3xi8>, %y: memref<3xi8>) {
  linalg.vecmat ins(%x, %M : memref<2xi8>, memref<2x3xi8>) outs(%y : memref<3xi8>)
  return
}
func.func @vm_tgt(%arg0: memref<2xi8>, %arg1: memref<2x3xi8>, %arg2: memref<3xi8>) {
    linalg.generic {indexing_maps = [#map4, #map6, #map5], iterator_types = ["parallel", "reduction"]} ins(%arg0, %arg1 : memref<2xi8>, memref<2x3xi8>) outs(%arg2 : memref<3xi8>) attrs =  {linalg.memoized_indexing_maps = [#map4, #map6, #map5]} {
    ^bb0(%in: i8, %in_0: i8, %out: i8):
      %0 = arith.muli %in, %in_0 : i8
      %1 = arith.addi %out, %0 : i8
      linalg.yield %1 : i8
    }
    return
}

// Broken: the accumulator dropped (max turned into min for pooling_nhwc_max).
// EXPECT vm_broken: incorrect memory
func.func @vm_broken_src(%x: memref<2xi8>, %M: memref<2x3xi8>, %y: memref<3xi8>) {
  linalg.vecmat ins(%x, %M : memref<2xi8>, memref<2x3xi8>) outs(%y : memref<3xi8>)
  return
}
func.func @vm_broken_tgt(%arg0: memref<2xi8>, %arg1: memref<2x3xi8>, %arg2: memref<3xi8>) {
    linalg.generic {indexing_maps = [#map4, #map6, #map5], iterator_types = ["parallel", "reduction"]} ins(%arg0, %arg1 : memref<2xi8>, memref<2x3xi8>) outs(%arg2 : memref<3xi8>) attrs =  {linalg.memoized_indexing_maps = [#map4, #map6, #map5]} {
    ^bb0(%in: i8, %in_0: i8, %out: i8):
      %0 = arith.muli %in, %in_0 : i8
      %1 = arith.addi %in, %0 : i8
      linalg.yield %1 : i8
    }
    return
}

// dot
// EXPECT dot: correct
func.func @dot_src(%x: memref<3xi8>, %z: memref<3xi8>, %d: memref<i8>) {
  linalg.dot ins(%x, %z : memref<3xi8>, memref<3xi8>) outs(%d : memref<i8>)
  return
}
func.func @dot_tgt(%arg0: memref<3xi8>, %arg1: memref<3xi8>, %arg2: memref<i8>) {
    linalg.generic {indexing_maps = [#map7, #map7, #map8], iterator_types = ["reduction"]} ins(%arg0, %arg1 : memref<3xi8>, memref<3xi8>) outs(%arg2 : memref<i8>) attrs =  {linalg.memoized_indexing_maps = [#map7, #map7, #map8]} {
    ^bb0(%in: i8, %in_0: i8, %out: i8):
      %0 = arith.muli %in, %in_0 : i8
      %1 = arith.addi %out, %0 : i8
      linalg.yield %1 : i8
    }
    return
}

// Broken: the accumulator dropped (max turned into min for pooling_nhwc_max).
// EXPECT dot_broken: incorrect memory
func.func @dot_broken_src(%x: memref<3xi8>, %z: memref<3xi8>, %d: memref<i8>) {
  linalg.dot ins(%x, %z : memref<3xi8>, memref<3xi8>) outs(%d : memref<i8>)
  return
}
func.func @dot_broken_tgt(%arg0: memref<3xi8>, %arg1: memref<3xi8>, %arg2: memref<i8>) {
    linalg.generic {indexing_maps = [#map7, #map7, #map8], iterator_types = ["reduction"]} ins(%arg0, %arg1 : memref<3xi8>, memref<3xi8>) outs(%arg2 : memref<i8>) attrs =  {linalg.memoized_indexing_maps = [#map7, #map7, #map8]} {
    ^bb0(%in: i8, %in_0: i8, %out: i8):
      %0 = arith.muli %in, %in_0 : i8
      %1 = arith.addi %in, %0 : i8
      linalg.yield %1 : i8
    }
    return
}

// pooling_nhwc_max (stride 2)
// EXPECT pmax: correct
func.func @pmax_src(%i: memref<1x4x4x1xi8>, %k: memref<2x2xi8>, %o: memref<1x2x2x1xi8>) {
  linalg.pooling_nhwc_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%i, %k : memref<1x4x4x1xi8>, memref<2x2xi8>) outs(%o : memref<1x2x2x1xi8>)
  return
}
func.func @pmax_tgt(%arg0: memref<1x4x4x1xi8>, %arg1: memref<2x2xi8>, %arg2: memref<1x2x2x1xi8>) {
    linalg.generic {indexing_maps = [#map9, #map10, #map11], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]} ins(%arg0, %arg1 : memref<1x4x4x1xi8>, memref<2x2xi8>) outs(%arg2 : memref<1x2x2x1xi8>) attrs =  {linalg.memoized_indexing_maps = [#map9, #map10, #map11]} {
    ^bb0(%in: i8, %in_0: i8, %out: i8):
      %0 = arith.maxsi %out, %in : i8
      linalg.yield %0 : i8
    }
    return
}

// Broken: the accumulator dropped (max turned into min for pooling_nhwc_max).
// EXPECT pmax_broken: incorrect memory
func.func @pmax_broken_src(%i: memref<1x4x4x1xi8>, %k: memref<2x2xi8>, %o: memref<1x2x2x1xi8>) {
  linalg.pooling_nhwc_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%i, %k : memref<1x4x4x1xi8>, memref<2x2xi8>) outs(%o : memref<1x2x2x1xi8>)
  return
}
func.func @pmax_broken_tgt(%arg0: memref<1x4x4x1xi8>, %arg1: memref<2x2xi8>, %arg2: memref<1x2x2x1xi8>) {
    linalg.generic {indexing_maps = [#map9, #map10, #map11], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]} ins(%arg0, %arg1 : memref<1x4x4x1xi8>, memref<2x2xi8>) outs(%arg2 : memref<1x2x2x1xi8>) attrs =  {linalg.memoized_indexing_maps = [#map9, #map10, #map11]} {
    ^bb0(%in: i8, %in_0: i8, %out: i8):
      %0 = arith.minsi %out, %in : i8
      linalg.yield %0 : i8
    }
    return
}

// pooling_nhwc_sum
// EXPECT psum: correct
func.func @psum_src(%i: memref<1x3x3x1xi8>, %k: memref<2x2xi8>, %o: memref<1x2x2x1xi8>) {
  linalg.pooling_nhwc_sum {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%i, %k : memref<1x3x3x1xi8>, memref<2x2xi8>) outs(%o : memref<1x2x2x1xi8>)
  return
}
func.func @psum_tgt(%arg0: memref<1x3x3x1xi8>, %arg1: memref<2x2xi8>, %arg2: memref<1x2x2x1xi8>) {
    linalg.generic {indexing_maps = [#map12, #map10, #map11], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]} ins(%arg0, %arg1 : memref<1x3x3x1xi8>, memref<2x2xi8>) outs(%arg2 : memref<1x2x2x1xi8>) attrs =  {linalg.memoized_indexing_maps = [#map12, #map10, #map11]} {
    ^bb0(%in: i8, %in_0: i8, %out: i8):
      %0 = arith.addi %out, %in : i8
      linalg.yield %0 : i8
    }
    return
}

// Broken: the accumulator dropped (max turned into min for pooling_nhwc_max).
// EXPECT psum_broken: incorrect memory
func.func @psum_broken_src(%i: memref<1x3x3x1xi8>, %k: memref<2x2xi8>, %o: memref<1x2x2x1xi8>) {
  linalg.pooling_nhwc_sum {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%i, %k : memref<1x3x3x1xi8>, memref<2x2xi8>) outs(%o : memref<1x2x2x1xi8>)
  return
}
func.func @psum_broken_tgt(%arg0: memref<1x3x3x1xi8>, %arg1: memref<2x2xi8>, %arg2: memref<1x2x2x1xi8>) {
    linalg.generic {indexing_maps = [#map12, #map10, #map11], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]} ins(%arg0, %arg1 : memref<1x3x3x1xi8>, memref<2x2xi8>) outs(%arg2 : memref<1x2x2x1xi8>) attrs =  {linalg.memoized_indexing_maps = [#map12, #map10, #map11]} {
    ^bb0(%in: i8, %in_0: i8, %out: i8):
      %0 = arith.addi %in, %in : i8
      linalg.yield %0 : i8
    }
    return
}

// conv_2d_nhwc_hwcf
// EXPECT conv: correct
func.func @conv_src(%i: memref<1x3x3x2xi8>, %f: memref<2x2x2x1xi8>, %o: memref<1x2x2x1xi8>) {
  linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%i, %f : memref<1x3x3x2xi8>, memref<2x2x2x1xi8>) outs(%o : memref<1x2x2x1xi8>)
  return
}
func.func @conv_tgt(%arg0: memref<1x3x3x2xi8>, %arg1: memref<2x2x2x1xi8>, %arg2: memref<1x2x2x1xi8>) {
    linalg.generic {indexing_maps = [#map13, #map14, #map15], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%arg0, %arg1 : memref<1x3x3x2xi8>, memref<2x2x2x1xi8>) outs(%arg2 : memref<1x2x2x1xi8>) attrs =  {linalg.memoized_indexing_maps = [#map13, #map14, #map15]} {
    ^bb0(%in: i8, %in_0: i8, %out: i8):
      %0 = arith.muli %in, %in_0 : i8
      %1 = arith.addi %out, %0 : i8
      linalg.yield %1 : i8
    }
    return
}

// Broken: the accumulator dropped (max turned into min for pooling_nhwc_max).
// EXPECT conv_broken: incorrect memory
func.func @conv_broken_src(%i: memref<1x3x3x2xi8>, %f: memref<2x2x2x1xi8>, %o: memref<1x2x2x1xi8>) {
  linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%i, %f : memref<1x3x3x2xi8>, memref<2x2x2x1xi8>) outs(%o : memref<1x2x2x1xi8>)
  return
}
func.func @conv_broken_tgt(%arg0: memref<1x3x3x2xi8>, %arg1: memref<2x2x2x1xi8>, %arg2: memref<1x2x2x1xi8>) {
    linalg.generic {indexing_maps = [#map13, #map14, #map15], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%arg0, %arg1 : memref<1x3x3x2xi8>, memref<2x2x2x1xi8>) outs(%arg2 : memref<1x2x2x1xi8>) attrs =  {linalg.memoized_indexing_maps = [#map13, #map14, #map15]} {
    ^bb0(%in: i8, %in_0: i8, %out: i8):
      %0 = arith.muli %in, %in_0 : i8
      %1 = arith.addi %in, %0 : i8
      linalg.yield %1 : i8
    }
    return
}

