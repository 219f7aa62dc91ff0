// RUN: eie-opt %s --cnn-apply-blocking=target=avx512 -split-input-file | FileCheck %s

// The filter is packed so that the tile the outermost level brings in at each
// step is one contiguous run: the outermost level (DRAM) walks the two input
// channel blocks and keeps the three output blocks whole, so the packed
// filter is [g][cb][kb][r][s][c][k] (one run per step), not
// [g][kb][cb][r][s][c][k] (three runs, a whole filter row apart).

// CHECK-LABEL: func.func @constant_filter
// CHECK:         arith.constant dense_resource<packed_filter> : tensor<1x2x3x3x3x16x16xf32>
func.func @constant_filter(%x: tensor<1x32x6x6xf32>) -> tensor<1x48x6x6xf32> {
  %w = arith.constant dense<0.5> : tensor<48x32x3x3xf32>
  %i = tensor.empty() : tensor<1x48x6x6xf32>
  %y = cnn.conv2d ins(%x, %w : tensor<1x32x6x6xf32>, tensor<48x32x3x3xf32>)
        outs(%i : tensor<1x48x6x6xf32>) {padding = array<i64: 1, 1, 1, 1>,
        blocking = #cnn.blocking<[
          <"RF", {N = 1, K = 16, C = 1, Y = 1, X = 6, R = 1, S = 1}>,
          <"L1d", {N = 1, K = 3, C = 16, Y = 6, X = 1, R = 3, S = 3}, order = [N, K, Y, X, C, R, S]>,
          <"DRAM", {N = 1, K = 1, C = 2, Y = 1, X = 1, R = 1, S = 1}, order = [N, C, K, Y, X, R, S]>]>}
        -> tensor<1x48x6x6xf32>
  return %y : tensor<1x48x6x6xf32>
}

// -----

// A filter computed at run time is transposed into the same order:
// [g][kb][k][cb][c][r][s] to [g][cb][kb][r][s][c][k].

// CHECK-LABEL: func.func @runtime_filter
// CHECK:         linalg.transpose
// CHECK-SAME:      permutation = [0, 3, 1, 5, 6, 4, 2]
func.func @runtime_filter(%x: tensor<1x32x6x6xf32>, %w: tensor<48x32x3x3xf32>) -> tensor<1x48x6x6xf32> {
  %i = tensor.empty() : tensor<1x48x6x6xf32>
  %y = cnn.conv2d ins(%x, %w : tensor<1x32x6x6xf32>, tensor<48x32x3x3xf32>)
        outs(%i : tensor<1x48x6x6xf32>) {padding = array<i64: 1, 1, 1, 1>,
        blocking = #cnn.blocking<[
          <"RF", {N = 1, K = 16, C = 1, Y = 1, X = 6, R = 1, S = 1}>,
          <"L1d", {N = 1, K = 3, C = 16, Y = 6, X = 1, R = 3, S = 3}, order = [N, K, Y, X, C, R, S]>,
          <"DRAM", {N = 1, K = 1, C = 2, Y = 1, X = 1, R = 1, S = 1}, order = [N, C, K, Y, X, R, S]>]>}
        -> tensor<1x48x6x6xf32>
  return %y : tensor<1x48x6x6xf32>
}

// -----

// The outermost level walks the output blocks and keeps the input blocks
// whole: the default order, [g][kb][cb][r][s][c][k].

// CHECK-LABEL: func.func @output_blocks_outside
// CHECK:         arith.constant dense_resource<packed_filter> : tensor<1x3x2x3x3x16x16xf32>
func.func @output_blocks_outside(%x: tensor<1x32x6x6xf32>) -> tensor<1x48x6x6xf32> {
  %w = arith.constant dense<0.5> : tensor<48x32x3x3xf32>
  %i = tensor.empty() : tensor<1x48x6x6xf32>
  %y = cnn.conv2d ins(%x, %w : tensor<1x32x6x6xf32>, tensor<48x32x3x3xf32>)
        outs(%i : tensor<1x48x6x6xf32>) {padding = array<i64: 1, 1, 1, 1>,
        blocking = #cnn.blocking<[
          <"RF", {N = 1, K = 16, C = 1, Y = 1, X = 6, R = 1, S = 1}>,
          <"L1d", {N = 1, K = 1, C = 32, Y = 6, X = 1, R = 3, S = 3}, order = [N, K, Y, X, C, R, S]>,
          <"DRAM", {N = 1, K = 3, C = 1, Y = 1, X = 1, R = 1, S = 1}, order = [N, K, C, Y, X, R, S]>]>}
        -> tensor<1x48x6x6xf32>
  return %y : tensor<1x48x6x6xf32>
}
