// A matmul on random inputs, checked against numpy; the written output is read back by numpy.
// REQUIRES: numpy
// RUN: rm -rf %t && mkdir -p %t
// RUN: %PYTHON -c "import numpy as np; r = np.random.default_rng(0); \
// RUN:   a = r.standard_normal((64, 96), dtype=np.float32); b = r.standard_normal((96, 80), dtype=np.float32); \
// RUN:   np.save('%t/a.npy', a); np.save('%t/b.npy', b); np.save('%t/ref.npy', a.astype(np.float64) @ b)"
// RUN: eie-run %s --input %t/a.npy --input %t/b.npy --output %t/c.npy --compare-to %t/ref.npy \
// RUN:   --print-timing --repeat 2 | FileCheck %s
// RUN: %PYTHON -c "import numpy as np; c = np.load('%t/c.npy'); ref = np.load('%t/ref.npy'); \
// RUN:   assert c.dtype == np.float32 and c.shape == (64, 80); assert np.allclose(c, ref, rtol=1e-4, atol=1e-5)"

// CHECK: compile: {{.*}} s (parse {{.*}} s, lower {{.*}} s, translate+optimize {{.*}} s, codegen {{.*}} s)
// CHECK-NEXT: run: 2 call(s), min {{.*}} ms, mean {{.*}} ms
// CHECK-NEXT: result 1 vs {{.*}}ref.npy: max abs error {{.*}}, max rel error {{.*}} (rtol 0.0001, atol 1e-05): ok

func.func @main(%a: tensor<64x96xf32>, %b: tensor<96x80xf32>) -> tensor<64x80xf32> {
  %zero = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<64x80xf32>
  %init = linalg.fill ins(%zero : f32) outs(%empty : tensor<64x80xf32>) -> tensor<64x80xf32>
  %c = linalg.matmul ins(%a, %b : tensor<64x96xf32>, tensor<96x80xf32>)
                     outs(%init : tensor<64x80xf32>) -> tensor<64x80xf32>
  return %c : tensor<64x80xf32>
}
