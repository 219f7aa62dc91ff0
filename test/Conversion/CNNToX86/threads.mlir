// RUN: eie-opt %s --cnn-apply-blocking="target=avx512 threads=2" --canonicalize -split-input-file | FileCheck %s
// RUN: eie-opt %s --cnn-apply-blocking="target=avx512 threads=1" --canonicalize -split-input-file | FileCheck %s --check-prefix=ONE

// ONE-NOT: scf.forall

// The outermost level opens with K (2 output channel blocks): that loop
// becomes the scf.forall, split evenly between 2 threads, and keeps its tag.
// The level's Y loop stays inside it, where it was, and each thread pads the
// input rows of its own tiles.

// CHECK-LABEL: func.func @split_k
// CHECK:         scf.forall (%[[KB:.*]]) in (2) shared_outs
// CHECK:           tensor.extract_slice %{{.*}}[0, %[[KB]], 0, 0, 0] [1, 1, 8, 8, 16]
// CHECK:           scf.for %{{.*}} = %{{.*}} to %{{.*}} step %{{.*}} iter_args
// CHECK:             tensor.pad
// CHECK:           } {cnn.tile = {dim = "p", level = 2 : i64, loop = "Y", memory = "DRAM"}}
// CHECK:           scf.forall.in_parallel
// CHECK:         } {cnn.tile = {dim = "kb", level = 2 : i64, loop = "K", memory = "DRAM"}}
func.func @split_k(%x: tensor<1x16x8x8xf32>, %w: tensor<32x16x3x3xf32>) -> tensor<1x32x8x8xf32> {
  %i = tensor.empty() : tensor<1x32x8x8xf32>
  %y = cnn.conv2d ins(%x, %w : tensor<1x16x8x8xf32>, tensor<32x16x3x3xf32>)
        outs(%i : tensor<1x32x8x8xf32>) {padding = array<i64: 1, 1, 1, 1>,
        blocking = #cnn.blocking<[
          <"RF", {N = 1, K = 16, C = 1, Y = 1, X = 4, R = 1, S = 1}>,
          <"L1d", {N = 1, K = 1, C = 16, Y = 1, X = 2, R = 3, S = 3}, order = [N, K, Y, X, C, R, S]>,
          <"DRAM", {N = 1, K = 2, C = 1, Y = 8, X = 1, R = 1, S = 1}, order = [K, Y, N, C, X, R, S]>]>}
        -> tensor<1x32x8x8xf32>
  return %y : tensor<1x32x8x8xf32>
}

// -----

// The outermost level opens with a reduction (C), which threads cannot share.
// L2 opens with 3 row tiles (3 of 4 thread slots used), the only candidate
// (L1d is the micro-kernel's): its Y loop becomes the forall, inside the
// sequential C loop.

// CHECK-LABEL: func.func @below_reduction
// CHECK:         scf.for
// CHECK:           scf.forall (%{{.*}}) = (0) to (6) step (2) shared_outs
// CHECK:           } {cnn.tile = {dim = "p", level = 2 : i64, loop = "Y", memory = "L2"}}
// CHECK:         } {cnn.tile = {dim = "cb", level = 3 : i64, loop = "C", memory = "DRAM"}}
func.func @below_reduction(%x: tensor<1x32x6x6xf32>, %w: tensor<16x32x1x1xf32>) -> tensor<1x16x6x6xf32> {
  %i = tensor.empty() : tensor<1x16x6x6xf32>
  %y = cnn.conv2d ins(%x, %w : tensor<1x32x6x6xf32>, tensor<16x32x1x1xf32>)
        outs(%i : tensor<1x16x6x6xf32>) {
        blocking = #cnn.blocking<[
          <"RF", {N = 1, K = 16, C = 1, Y = 1, X = 6, R = 1, S = 1}>,
          <"L1d", {N = 1, K = 1, C = 16, Y = 2, X = 1, R = 1, S = 1}, order = [N, K, Y, X, C, R, S]>,
          <"L2", {N = 1, K = 1, C = 1, Y = 3, X = 1, R = 1, S = 1}, order = [Y, N, K, C, X, R, S]>,
          <"DRAM", {N = 1, K = 1, C = 2, Y = 1, X = 1, R = 1, S = 1}, order = [C, N, K, Y, X, R, S]>]>}
        -> tensor<1x16x6x6xf32>
  return %y : tensor<1x16x6x6xf32>
}

// -----

// Two levels open with output loops: DRAM's Y with 3 row tiles (3 of 4 thread
// slots: 75%) and L2's X with 2 column tiles (100%). The even split wins,
// though it is the inner one.

// CHECK-LABEL: func.func @balance
// CHECK:         scf.for
// CHECK:           scf.forall (%{{.*}}) = (0) to (6) step (3) shared_outs
// CHECK:           } {cnn.tile = {dim = "q", level = 2 : i64, loop = "X", memory = "L2"}}
// CHECK:         } {cnn.tile = {dim = "p", level = 3 : i64, loop = "Y", memory = "DRAM"}}
func.func @balance(%x: tensor<1x16x6x6xf32>, %w: tensor<16x16x1x1xf32>) -> tensor<1x16x6x6xf32> {
  %i = tensor.empty() : tensor<1x16x6x6xf32>
  %y = cnn.conv2d ins(%x, %w : tensor<1x16x6x6xf32>, tensor<16x16x1x1xf32>)
        outs(%i : tensor<1x16x6x6xf32>) {
        blocking = #cnn.blocking<[
          <"RF", {N = 1, K = 16, C = 1, Y = 1, X = 3, R = 1, S = 1}>,
          <"L1d", {N = 1, K = 1, C = 16, Y = 2, X = 1, R = 1, S = 1}, order = [N, K, Y, X, C, R, S]>,
          <"L2", {N = 1, K = 1, C = 1, Y = 1, X = 2, R = 1, S = 1}, order = [X, N, K, Y, C, R, S]>,
          <"DRAM", {N = 1, K = 1, C = 1, Y = 3, X = 1, R = 1, S = 1}, order = [Y, N, K, C, X, R, S]>]>}
        -> tensor<1x16x6x6xf32>
  return %y : tensor<1x16x6x6xf32>
}
