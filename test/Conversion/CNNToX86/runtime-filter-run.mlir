// A filter given at run time (packed by a linalg.transpose, not at compile
// time) and a blocking whose outermost level walks the input channel blocks
// (a reduction outside the accumulators: the bias starts an output tile on
// its first visit only, the ReLU ends it on its last), checked against NumPy.
// REQUIRES: numpy
// RUN: rm -rf %t && mkdir -p %t
// RUN: %PYTHON -c "import numpy as np; r = np.random.default_rng(3); \
// RUN:   x = r.standard_normal((1, 32, 6, 6), dtype=np.float32); w = r.standard_normal((48, 32, 3, 3), dtype=np.float32); \
// RUN:   b = r.standard_normal((48,), dtype=np.float32); \
// RUN:   xp = np.pad(x.astype(np.float64), ((0, 0), (0, 0), (1, 1), (1, 1))); \
// RUN:   win = np.lib.stride_tricks.sliding_window_view(xp, (3, 3), axis=(2, 3)); \
// RUN:   y = np.einsum('nchwrs,kcrs->nkhw', win, w) + b[None, :, None, None]; \
// RUN:   np.save('%t/x.npy', x); np.save('%t/w.npy', w); np.save('%t/b.npy', b); np.save('%t/ref.npy', np.maximum(y, 0))"
// RUN: eie-run %s --pipeline='eie-x86-pipeline{optimize-blocking=false}' --input %t/x.npy --input %t/w.npy \
// RUN:   --input %t/b.npy --compare-to %t/ref.npy --rtol 1e-4 --atol 1e-5 | FileCheck %s

// CHECK: result 1 vs {{.*}}ref.npy: {{.*}}: ok

func.func @main(%x: tensor<1x32x6x6xf32>, %w: tensor<48x32x3x3xf32>, %b: tensor<48xf32>) -> tensor<1x48x6x6xf32> {
  %i = tensor.empty() : tensor<1x48x6x6xf32>
  %y = cnn.conv2d ins(%x, %w, %b : tensor<1x32x6x6xf32>, tensor<48x32x3x3xf32>, tensor<48xf32>)
        outs(%i : tensor<1x48x6x6xf32>) {padding = array<i64: 1, 1, 1, 1>,
        blocking = #cnn.blocking<[
          <"RF", {N = 1, K = 16, C = 1, Y = 1, X = 6, R = 1, S = 1}>,
          <"L1d", {N = 1, K = 3, C = 16, Y = 6, X = 1, R = 3, S = 3}, order = [N, K, Y, X, C, R, S]>,
          <"DRAM", {N = 1, K = 1, C = 2, Y = 1, X = 1, R = 1, S = 1}, order = [N, C, K, Y, X, R, S]>]>}
        -> tensor<1x48x6x6xf32>
  %r = cnn.relu %y : tensor<1x48x6x6xf32>
  return %r : tensor<1x48x6x6xf32>
}
