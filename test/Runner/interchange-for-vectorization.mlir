// RUN: eie-opt --eie-interchange-for-vectorization --split-input-file %s | FileCheck %s

// A matmul (m, n, k) becomes (m, k, n).
// CHECK-DAG: #[[A:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG: #[[B:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG: #[[C:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-LABEL: func.func @matmul
// CHECK: linalg.generic {indexing_maps = [#[[A]], #[[B]], #[[C]]],
// CHECK-SAME: iterator_types = ["parallel", "reduction", "parallel"]}
// CHECK: arith.mulf
// CHECK: arith.addf
func.func @matmul(%a: tensor<4x8xf32>, %b: tensor<8x5xf32>, %c: tensor<4x5xf32>) -> tensor<4x5xf32> {
  %r = linalg.matmul ins(%a, %b : tensor<4x8xf32>, tensor<8x5xf32>) outs(%c : tensor<4x5xf32>) -> tensor<4x5xf32>
  return %r : tensor<4x5xf32>
}

// -----

// A strided convolution (n, f, oh, ow, c, kh, kw) becomes (n, f, oh, c, kh, kw, ow).
// CHECK-DAG: #[[IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d3, d2 * 2 + d4, d6 * 2 + d5)>
// CHECK-DAG: #[[W:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d1, d3, d4, d5)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2, d6)>
// CHECK-LABEL: func.func @conv
// CHECK: linalg.generic {indexing_maps = [#[[IN]], #[[W]], #[[OUT]]],
// CHECK-SAME: iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "parallel"]}
func.func @conv(%x: tensor<1x3x9x9xf32>, %w: tensor<4x3x3x3xf32>, %o: tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32> {
  %r = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
     ins(%x, %w : tensor<1x3x9x9xf32>, tensor<4x3x3x3xf32>) outs(%o : tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  return %r : tensor<1x4x4x4xf32>
}

// -----

// Left alone: y[o] += W[o, i] * x[i] would walk W with stride 6; an elementwise op whose
// contiguous loop is already innermost; a reduction to a scalar; the same ops on buffers.
// CHECK-LABEL: func.func @unchanged
// CHECK: linalg.generic
// CHECK-SAME: iterator_types = ["parallel", "reduction"]
// CHECK: linalg.generic
// CHECK-SAME: iterator_types = ["parallel", "parallel"]
// CHECK: linalg.generic
// CHECK-SAME: iterator_types = ["reduction"]
// CHECK: linalg.matvec
#fc_w = affine_map<(o, i) -> (o, i)>
#fc_x = affine_map<(o, i) -> (i)>
#fc_y = affine_map<(o, i) -> (o)>
#id = affine_map<(i, j) -> (i, j)>
#all = affine_map<(i) -> (i)>
#none = affine_map<(i) -> ()>
func.func @unchanged(%w: tensor<5x6xf32>, %x: tensor<6xf32>, %y: tensor<5xf32>, %m: tensor<2x3xf32>,
                     %s: tensor<f32>, %wb: memref<5x6xf32>, %xb: memref<6xf32>, %yb: memref<5xf32>)
    -> (tensor<5xf32>, tensor<2x3xf32>, tensor<f32>) {
  %fc = linalg.generic {indexing_maps = [#fc_w, #fc_x, #fc_y], iterator_types = ["parallel", "reduction"]}
      ins(%w, %x : tensor<5x6xf32>, tensor<6xf32>) outs(%y : tensor<5xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %p = arith.mulf %a, %b : f32
    %s2 = arith.addf %acc, %p : f32
    linalg.yield %s2 : f32
  } -> tensor<5xf32>
  %neg = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%m : tensor<2x3xf32>) outs(%m : tensor<2x3xf32>) {
  ^bb0(%a: f32, %b: f32):
    %n = arith.negf %a : f32
    linalg.yield %n : f32
  } -> tensor<2x3xf32>
  %sum = linalg.generic {indexing_maps = [#all, #none], iterator_types = ["reduction"]}
      ins(%x : tensor<6xf32>) outs(%s : tensor<f32>) {
  ^bb0(%a: f32, %acc: f32):
    %s2 = arith.addf %acc, %a : f32
    linalg.yield %s2 : f32
  } -> tensor<f32>
  linalg.matvec ins(%wb, %xb : memref<5x6xf32>, memref<6xf32>) outs(%yb : memref<5xf32>)
  return %fc, %neg, %sum : tensor<5xf32>, tensor<2x3xf32>, tensor<f32>
}
