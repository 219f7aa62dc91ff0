// Two blocked layers run on 1, 2 and 4 OpenMP threads: the outputs are the
// same bytes (each output element is computed by one thread, in one order)
// and agree with NumPy. The blockings are the model's for a fixed AVX2
// machine, so the test runs alike on every x86-64 host with AVX2.
// REQUIRES: numpy
// RUN: rm -rf %t && mkdir -p %t
// RUN: %PYTHON -c "import numpy as np; r = np.random.default_rng(5); \
// RUN:   x = r.standard_normal((1, 32, 28, 28), dtype=np.float32); \
// RUN:   w1 = r.standard_normal((64, 32, 3, 3), dtype=np.float32) / 17; b1 = r.standard_normal((64,), dtype=np.float32); \
// RUN:   w2 = r.standard_normal((48, 64, 3, 3), dtype=np.float32) / 24; b2 = r.standard_normal((48,), dtype=np.float32); \
// RUN:   conv = lambda x, w, b, s: np.einsum('nchwrs,kcrs->nkhw', np.lib.stride_tricks.sliding_window_view( \
// RUN:     np.pad(x.astype(np.float64), ((0, 0), (0, 0), (1, 1), (1, 1))), (3, 3), axis=(2, 3))[:, :, ::s, ::s], w) + b[None, :, None, None]; \
// RUN:   y = conv(np.maximum(conv(x, w1, b1, 1), 0), w2, b2, 2); \
// RUN:   [np.save('%t/' + n + '.npy', a) for n, a in (('x', x), ('w1', w1), ('b1', b1), ('w2', w2), ('b2', b2), ('ref', y))]"
// RUN: eie-run %s --pipeline='eie-x86-pipeline{arch=x86-avx2 target=avx2 threads=1}' --input %t/x.npy \
// RUN:   --input %t/w1.npy --input %t/b1.npy --input %t/w2.npy --input %t/b2.npy --output %t/one.npy \
// RUN:   --compare-to %t/ref.npy --rtol 1e-4 --atol 1e-5 | FileCheck %s
// RUN: eie-run %s --pipeline='eie-x86-pipeline{arch=x86-avx2 target=avx2 threads=2}' --input %t/x.npy \
// RUN:   --input %t/w1.npy --input %t/b1.npy --input %t/w2.npy --input %t/b2.npy --output %t/two.npy \
// RUN:   --compare-to %t/ref.npy --rtol 1e-4 --atol 1e-5 | FileCheck %s
// RUN: eie-run %s --pipeline='eie-x86-pipeline{arch=x86-avx2 target=avx2 threads=4}' --input %t/x.npy \
// RUN:   --input %t/w1.npy --input %t/b1.npy --input %t/w2.npy --input %t/b2.npy --output %t/four.npy \
// RUN:   --compare-to %t/ref.npy --rtol 1e-4 --atol 1e-5 | FileCheck %s
// RUN: cmp %t/one.npy %t/two.npy
// RUN: cmp %t/one.npy %t/four.npy

// The threaded code really has parallel loops: one OpenMP region per layer.
// RUN: eie-opt %s --pass-pipeline='builtin.module(eie-x86-pipeline{arch=x86-avx2 target=avx2 threads=2})' \
// RUN:   | FileCheck %s --check-prefix=OMP
// OMP-COUNT-2: omp.parallel
// OMP-NOT:     omp.parallel

// CHECK: result 1 vs {{.*}}ref.npy: {{.*}}: ok

func.func @main(%x: tensor<1x32x28x28xf32>, %w1: tensor<64x32x3x3xf32>, %b1: tensor<64xf32>,
                %w2: tensor<48x64x3x3xf32>, %b2: tensor<48xf32>) -> tensor<1x48x14x14xf32> {
  %i1 = tensor.empty() : tensor<1x64x28x28xf32>
  %y1 = cnn.conv2d ins(%x, %w1, %b1 : tensor<1x32x28x28xf32>, tensor<64x32x3x3xf32>, tensor<64xf32>)
         outs(%i1 : tensor<1x64x28x28xf32>) {padding = array<i64: 1, 1, 1, 1>} -> tensor<1x64x28x28xf32>
  %r1 = cnn.relu %y1 : tensor<1x64x28x28xf32>
  %i2 = tensor.empty() : tensor<1x48x14x14xf32>
  %y2 = cnn.conv2d ins(%r1, %w2, %b2 : tensor<1x64x28x28xf32>, tensor<48x64x3x3xf32>, tensor<48xf32>)
         outs(%i2 : tensor<1x48x14x14xf32>) {padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}
         -> tensor<1x48x14x14xf32>
  return %y2 : tensor<1x48x14x14xf32>
}
