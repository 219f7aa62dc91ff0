// Math functions with and without an LLVM intrinsic (exp, tanh, powf; erf via libm) and two results.
// REQUIRES: numpy
// RUN: rm -rf %t && mkdir -p %t
// RUN: %PYTHON -c "import math, numpy as np; r = np.random.default_rng(2); \
// RUN:   x = r.uniform(-3, 3, (5, 33)).astype(np.float32); d = x.astype(np.float64); \
// RUN:   np.save('%t/x.npy', x); np.save('%t/tanh.npy', np.tanh(d)); \
// RUN:   np.save('%t/mix.npy', np.power(np.exp(d), 1.5) + np.vectorize(math.erf)(d))"
// RUN: eie-run %s --input %t/x.npy --output %t/o1.npy --output %t/o2.npy \
// RUN:   --compare-to %t/tanh.npy --compare-to %t/mix.npy | FileCheck %s

// CHECK: result 1 vs {{.*}}tanh.npy: {{.*}}: ok
// CHECK-NEXT: result 2 vs {{.*}}mix.npy: {{.*}}: ok

#id = affine_map<(i, j) -> (i, j)>
func.func @main(%x: tensor<5x33xf32>) -> (tensor<5x33xf32>, tensor<5x33xf32>) {
  %empty = tensor.empty() : tensor<5x33xf32>
  %r:2 = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<5x33xf32>) outs(%empty, %empty : tensor<5x33xf32>, tensor<5x33xf32>) {
  ^bb0(%v: f32, %o1: f32, %o2: f32):
    %t = math.tanh %v : f32
    %e = math.exp %v : f32
    %p = arith.constant 1.5 : f32
    %pow = math.powf %e, %p : f32
    %erf = math.erf %v : f32
    %sum = arith.addf %pow, %erf : f32
    linalg.yield %t, %sum : f32, f32
  } -> (tensor<5x33xf32>, tensor<5x33xf32>)
  return %r#0, %r#1 : tensor<5x33xf32>, tensor<5x33xf32>
}
