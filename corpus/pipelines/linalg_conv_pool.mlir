// Convolution and pooling on memrefs: linalg.conv_2d_nhwc_hwcf and linalg.pooling_nhwc_*
// (named), and pooling as the linalg.generic that linalg-generalize-named-ops makes of
// linalg.pooling_nhwc_sum / pooling_nhwc_max.
// The named ops carry explicit `dilations`/`strides`; the form without them (both 1, as
// upstream prints them then) is checked in tests/test_linalg_window_defaults.py.
// PIPELINE: builtin.module(func.func(convert-linalg-to-loops))
// PIPELINE: builtin.module(func.func(linalg-generalize-named-ops))
// PIPELINE slow: builtin.module(func.func(convert-linalg-to-affine-loops),lower-affine,canonicalize)
#window_in = affine_map<(n, h, w, c, kh, kw) -> (n, h + kh, w + kw, c)>
#window = affine_map<(n, h, w, c, kh, kw) -> (kh, kw)>
#window_out = affine_map<(n, h, w, c, kh, kw) -> (n, h, w, c)>
func.func @conv_2d_nhwc_hwcf(%I: memref<1x3x3x2xi32>, %F: memref<2x2x2x1xi32>, %O: memref<1x2x2x1xi32>) {
  linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%I, %F : memref<1x3x3x2xi32>, memref<2x2x2x1xi32>) outs(%O : memref<1x2x2x1xi32>)
  return
}
func.func @conv_2d_strided(%I: memref<1x4x4x1xi32>, %F: memref<2x2x1x1xi32>, %O: memref<1x2x2x1xi32>) {
  linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
      ins(%I, %F : memref<1x4x4x1xi32>, memref<2x2x1x1xi32>) outs(%O : memref<1x2x2x1xi32>)
  return
}
func.func @pooling_nhwc_sum_named(%I: memref<1x3x3x1xi32>, %W: memref<2x2xi32>, %O: memref<1x2x2x1xi32>) {
  linalg.pooling_nhwc_sum {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%I, %W : memref<1x3x3x1xi32>, memref<2x2xi32>) outs(%O : memref<1x2x2x1xi32>)
  return
}
func.func @pooling_nhwc_max_named(%I: memref<1x4x4x1xf32>, %W: memref<2x2xf32>, %O: memref<1x2x2x1xf32>) {
  linalg.pooling_nhwc_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
      ins(%I, %W : memref<1x4x4x1xf32>, memref<2x2xf32>) outs(%O : memref<1x2x2x1xf32>)
  return
}
func.func @pooling_nhwc_sum(%I: memref<1x3x3x1xi32>, %W: memref<2x2xi32>, %O: memref<1x2x2x1xi32>) {
  linalg.generic {indexing_maps = [#window_in, #window, #window_out],
                  iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]}
      ins(%I, %W : memref<1x3x3x1xi32>, memref<2x2xi32>) outs(%O : memref<1x2x2x1xi32>) {
  ^bb0(%in: i32, %unused: i32, %out: i32):
    %s = arith.addi %out, %in : i32
    linalg.yield %s : i32
  }
  return
}
func.func @pooling_nhwc_max(%I: memref<1x3x3x1xf32>, %W: memref<2x2xf32>, %O: memref<1x2x2x1xf32>) {
  linalg.generic {indexing_maps = [#window_in, #window, #window_out],
                  iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]}
      ins(%I, %W : memref<1x3x3x1xf32>, memref<2x2xf32>) outs(%O : memref<1x2x2x1xf32>) {
  ^bb0(%in: f32, %unused: f32, %out: f32):
    %m = arith.maximumf %out, %in : f32
    linalg.yield %m : f32
  }
  return
}
