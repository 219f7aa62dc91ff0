// A padded, strided convolution plus bias and ReLU (an AlexNet conv1-like layer, fewer channels),
// checked against a numpy reference.
// REQUIRES: numpy
// RUN: rm -rf %t && mkdir -p %t
// RUN: %PYTHON -c "import numpy as np; r = np.random.default_rng(1); \
// RUN:   x = r.standard_normal((1, 3, 59, 59), dtype=np.float32); w = r.standard_normal((16, 3, 11, 11), dtype=np.float32); \
// RUN:   b = r.standard_normal((16,), dtype=np.float32); \
// RUN:   xp = np.pad(x.astype(np.float64), ((0, 0), (0, 0), (2, 2), (2, 2))); \
// RUN:   win = np.lib.stride_tricks.sliding_window_view(xp, (11, 11), axis=(2, 3))[:, :, ::4, ::4]; \
// RUN:   y = np.einsum('nchwrs,kcrs->nkhw', win, w) + b[None, :, None, None]; \
// RUN:   np.save('%t/x.npy', x); np.save('%t/w.npy', w); np.save('%t/b.npy', b); np.save('%t/ref.npy', np.maximum(y, 0))"
// RUN: eie-run %s --input %t/x.npy --input %t/w.npy --input %t/b.npy --compare-to %t/ref.npy | FileCheck %s

// CHECK: result 1 vs {{.*}}ref.npy: {{.*}}: ok

#bias = affine_map<(n, k, h, w) -> (k)>
#id = affine_map<(n, k, h, w) -> (n, k, h, w)>
func.func @main(%x: tensor<1x3x59x59xf32>, %w: tensor<16x3x11x11xf32>, %b: tensor<16xf32>)
    -> tensor<1x16x14x14xf32> {
  %zero = arith.constant 0.0 : f32
  %padded = tensor.pad %x low[0, 0, 2, 2] high[0, 0, 2, 2] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  } : tensor<1x3x59x59xf32> to tensor<1x3x63x63xf32>
  %empty = tensor.empty() : tensor<1x16x14x14xf32>
  %init = linalg.fill ins(%zero : f32) outs(%empty : tensor<1x16x14x14xf32>) -> tensor<1x16x14x14xf32>
  %conv = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<4> : tensor<2xi64>}
      ins(%padded, %w : tensor<1x3x63x63xf32>, tensor<16x3x11x11xf32>)
      outs(%init : tensor<1x16x14x14xf32>) -> tensor<1x16x14x14xf32>
  %relu = linalg.generic {indexing_maps = [#id, #bias, #id],
                          iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%conv, %b : tensor<1x16x14x14xf32>, tensor<16xf32>) outs(%empty : tensor<1x16x14x14xf32>) {
  ^bb0(%c: f32, %bias: f32, %out: f32):
    %sum = arith.addf %c, %bias : f32
    %max = arith.maximumf %sum, %zero : f32
    linalg.yield %max : f32
  } -> tensor<1x16x14x14xf32>
  return %relu : tensor<1x16x14x14xf32>
}
