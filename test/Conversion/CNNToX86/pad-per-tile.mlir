// RUN: eie-opt %s --cnn-apply-blocking=target=avx512 --canonicalize --eie-lower-pack-unpack \
// RUN:   --canonicalize --eliminate-empty-tensors \
// RUN:   --one-shot-bufferize=bufferize-function-boundaries --canonicalize --cse --canonicalize \
// RUN:   | FileCheck %s

// Two padded layers in a row. No padded copy of a whole input is made: each
// layer pads the input tile of its outermost level (3 rows and the columns
// around them) into a buffer of that tile's size, which every tile reuses.
// The first layer's output is the second's unpadded input.

// CHECK-LABEL: func.func @two_layers
// CHECK-NOT:     memref<1x1x10x10x16xf32>
// CHECK:         %[[A:.*]] = memref.alloc() {{.*}} : memref<1x1x8x8x16xf32>
// CHECK:         scf.for
// CHECK:           %[[TILE:.*]] = memref.alloc() {{.*}} : memref<1x1x1x3x10x16xf32>
// CHECK:           linalg.map outs(%[[TILE]] : memref<1x1x1x3x10x16xf32>)
// CHECK:           memref.copy %{{.*}}, %{{.*}} : memref<1x1x1x?x8x16xf32, strided<[1024, 1024, 1024, 128, 16, 1], offset: ?>> to memref<1x1x1x?x8x16xf32, strided<[480, 480, 480, 160, 16, 1], offset: ?>>
// CHECK:           memref.load %[[TILE]]
// CHECK:         memref.expand_shape %[[A]]
// CHECK:         scf.for
// CHECK:           memref.alloc() {{.*}} : memref<1x1x1x3x10x16xf32>
// CHECK-NOT:     memref<1x1x10x10x16xf32>
// CHECK:         return
#blocking = #cnn.blocking<[
  <"RF", {N = 1, K = 16, C = 1, Y = 1, X = 4, R = 1, S = 1}>,
  <"L1d", {N = 1, K = 1, C = 16, Y = 1, X = 2, R = 3, S = 3}, order = [N, K, Y, X, C, R, S]>,
  <"DRAM", {N = 1, K = 1, C = 1, Y = 8, X = 1, R = 1, S = 1}, order = [K, Y, N, C, X, R, S]>]>
func.func @two_layers(%x: tensor<1x16x8x8xf32>, %b: tensor<16xf32>) -> tensor<1x16x8x8xf32> {
  %w = arith.constant dense<0.5> : tensor<16x16x3x3xf32>
  %i = tensor.empty() : tensor<1x16x8x8xf32>
  %a = cnn.conv2d ins(%x, %w, %b : tensor<1x16x8x8xf32>, tensor<16x16x3x3xf32>, tensor<16xf32>)
        outs(%i : tensor<1x16x8x8xf32>) {padding = array<i64: 1, 1, 1, 1>, blocking = #blocking}
        -> tensor<1x16x8x8xf32>
  %j = tensor.empty() : tensor<1x16x8x8xf32>
  %y = cnn.conv2d ins(%a, %w, %b : tensor<1x16x8x8xf32>, tensor<16x16x3x3xf32>, tensor<16xf32>)
        outs(%j : tensor<1x16x8x8xf32>) {padding = array<i64: 1, 1, 1, 1>, blocking = #blocking}
        -> tensor<1x16x8x8xf32>
  return %y : tensor<1x16x8x8xf32>
}

// -----

// The outermost level only walks output channel blocks (K): its tile is the
// whole input, whose padded copy would be one more pass over memory. The
// input is padded per tile of the next level, which splits the rows.

// CHECK-LABEL: func.func @k_outermost
// CHECK-NOT:     memref<1x1x1x10x10x16xf32>
// CHECK:         scf.for
// CHECK:           scf.for
// CHECK:             memref.alloc() {{.*}} : memref<1x1x1x3x10x16xf32>
// CHECK:           } {cnn.tile = {dim = "p", level = 2 : i64, loop = "Y", memory = "L2"}}
// CHECK:         } {cnn.tile = {dim = "kb", level = 3 : i64, loop = "K", memory = "DRAM"}}
// CHECK-NOT:     memref<1x1x1x10x10x16xf32>
func.func @k_outermost(%x: tensor<1x16x8x8xf32>) -> tensor<1x32x8x8xf32> {
  %w = arith.constant dense<0.5> : tensor<32x16x3x3xf32>
  %i = tensor.empty() : tensor<1x32x8x8xf32>
  %y = cnn.conv2d ins(%x, %w : tensor<1x16x8x8xf32>, tensor<32x16x3x3xf32>)
        outs(%i : tensor<1x32x8x8xf32>) {padding = array<i64: 1, 1, 1, 1>,
        blocking = #cnn.blocking<[
          <"RF", {N = 1, K = 16, C = 1, Y = 1, X = 4, R = 1, S = 1}>,
          <"L1d", {N = 1, K = 1, C = 16, Y = 1, X = 2, R = 3, S = 3}, order = [N, K, Y, X, C, R, S]>,
          <"L2", {N = 1, K = 1, C = 1, Y = 8, X = 1, R = 1, S = 1}, order = [Y, N, K, C, X, R, S]>,
          <"DRAM", {N = 1, K = 2, C = 1, Y = 1, X = 1, R = 1, S = 1}, order = [K, N, C, Y, X, R, S]>]>}
        -> tensor<1x32x8x8xf32>
  return %y : tensor<1x32x8x8xf32>
}
