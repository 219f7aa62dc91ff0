// Weights held in a dense_resource blob (linked into the compiled code, not copied into it) and in
// a dense attribute; a 0-d result.
// REQUIRES: numpy
// RUN: rm -rf %t && mkdir -p %t
// RUN: %PYTHON -c "import numpy as np; x = np.arange(4, dtype=np.float32).reshape(1, 4); np.save('%t/x.npy', x); \
// RUN:   w = np.arange(12, dtype=np.float64).reshape(4, 3) * 0.5; y = x @ w + np.array([1.0, -1.0, 2.0]); \
// RUN:   np.save('%t/y.npy', y); np.save('%t/sum.npy', np.array(y.sum()))"
// RUN: eie-run %s --input %t/x.npy --output %t/y_out.npy --output %t/sum_out.npy \
// RUN:   --compare-to %t/y.npy --compare-to %t/sum.npy | FileCheck %s
// RUN: %PYTHON -c "import numpy as np; s = np.load('%t/sum_out.npy'); assert s.shape == () and s.dtype == np.float32"
// The same from bytecode, where the blob stays binary.
// RUN: eie-opt --emit-bytecode %s -o %t/constants.mlirbc
// RUN: eie-run %t/constants.mlirbc --input %t/x.npy --compare-to %t/y.npy --compare-to %t/sum.npy | FileCheck %s

// CHECK: result 1 vs {{.*}}y.npy: {{.*}}: ok
// CHECK-NEXT: result 2 vs {{.*}}sum.npy: {{.*}}: ok

#id = affine_map<(i, j) -> (i, j)>
#row = affine_map<(i, j) -> (j)>
#all = affine_map<(i, j) -> ()>
func.func @main(%x: tensor<1x4xf32>) -> (tensor<1x3xf32>, tensor<f32>) {
  %w = arith.constant dense_resource<weights> : tensor<4x3xf32>
  %b = arith.constant dense<[1.0, -1.0, 2.0]> : tensor<3xf32>
  %zero = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<1x3xf32>
  %init = linalg.fill ins(%zero : f32) outs(%empty : tensor<1x3xf32>) -> tensor<1x3xf32>
  %xw = linalg.matmul ins(%x, %w : tensor<1x4xf32>, tensor<4x3xf32>) outs(%init : tensor<1x3xf32>) -> tensor<1x3xf32>
  %y = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]}
      ins(%xw, %b : tensor<1x3xf32>, tensor<3xf32>) outs(%empty : tensor<1x3xf32>) {
  ^bb0(%v: f32, %bias: f32, %o: f32):
    %s = arith.addf %v, %bias : f32
    linalg.yield %s : f32
  } -> tensor<1x3xf32>
  %scalar = tensor.empty() : tensor<f32>
  %sinit = linalg.fill ins(%zero : f32) outs(%scalar : tensor<f32>) -> tensor<f32>
  %sum = linalg.generic {indexing_maps = [#id, #all], iterator_types = ["reduction", "reduction"]}
      ins(%y : tensor<1x3xf32>) outs(%sinit : tensor<f32>) {
  ^bb0(%v: f32, %acc: f32):
    %s = arith.addf %acc, %v : f32
    linalg.yield %s : f32
  } -> tensor<f32>
  return %y, %sum : tensor<1x3xf32>, tensor<f32>
}

// 0.0, 0.5, ..., 5.5 as little-endian f32, after the 4-byte alignment header.
{-#
  dialect_resources: {
    builtin: {
      weights: "0x04000000000000000000003F0000803F0000C03F0000004000002040000040400000604000008040000090400000A0400000B040"
    }
  }
#-}
