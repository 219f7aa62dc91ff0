// RUN: eie-opt %s --cnn-apply-blocking=target=avx512 --canonicalize --eie-lower-pack-unpack \
// RUN:   --canonicalize --eliminate-empty-tensors \
// RUN:   --one-shot-bufferize=bufferize-function-boundaries --canonicalize --cse --canonicalize \
// RUN:   | FileCheck %s
// RUN: eie-opt %s --cnn-apply-blocking=target=avx512 --canonicalize --eie-lower-pack-unpack \
// RUN:   --canonicalize --eliminate-empty-tensors \
// RUN:   --one-shot-bufferize=bufferize-function-boundaries --canonicalize --cse --canonicalize \
// RUN:   | FileCheck %s --check-prefix=NO-COPY

// Two padded layers in a row: each layer's padded input is a buffer of its own
// (made at the function's entry, the later layer's first) whose border is
// zeroed in place, and what comes before each layer writes straight into that
// buffer's interior: the network input's pack into the first, the first
// layer's micro-kernel into the second. Nothing is copied.

// NO-COPY-NOT: memref.copy

// CHECK-LABEL: func.func @two_layers
// CHECK:         %[[PAD_B:.*]] = memref.alloc() {{.*}} : memref<1x1x10x10x16xf32>
// CHECK:         %[[PAD_A:.*]] = memref.alloc() {{.*}} : memref<1x1x10x10x16xf32>
// CHECK:         memref.subview %[[PAD_A]][0, 0, 1, 1, 0] [1, 1, 8, 8, 16]
// CHECK:         linalg.transpose {{.*}} outs(%{{.*}} : memref<1x1x1x8x16xf32, strided<[1600, 1600, 160, 16, 1], offset: ?>>)
// CHECK:         memref.subview %[[PAD_B]][0, 0, 1, 1, 0] [1, 1, 8, 8, 16]
// CHECK:         vector.transfer_write {{.*}} : vector<16xf32>, memref<1x1x1x8x16xf32, strided<[1600, 1600, 160, 16, 1], offset: ?>>
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
