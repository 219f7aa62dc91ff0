// Functions that write into an argument in place, return one, return one value twice or return a
// constant: the caller's input arrays are never modified, so repeated calls give the same results.
// Memref arguments and functions without arguments work too.
// REQUIRES: numpy
// RUN: rm -rf %t && mkdir -p %t
// RUN: %PYTHON -c "import numpy as np; x = np.arange(6, dtype=np.float32).reshape(2, 3); np.save('%t/x.npy', x); \
// RUN:   np.save('%t/double.npy', 2 * x)"
// RUN: eie-run %s -e in_place --input %t/x.npy --compare-to %t/double.npy --repeat 3 | FileCheck %s
// RUN: eie-run %s -e identity --input %t/x.npy --compare-to %t/x.npy | FileCheck %s
// RUN: eie-run %s -e on_memrefs --input %t/x.npy --compare-to %t/double.npy | FileCheck %s
// RUN: eie-run %s -e twice --input %t/x.npy --compare-to %t/double.npy --compare-to %t/double.npy \
// RUN:   | FileCheck %s --check-prefix=TWICE
// RUN: eie-run %s -e constant --compare-to %t/x.npy | FileCheck %s
// RUN: eie-run %s -e nothing | count 0

// CHECK: result 1 vs {{.*}}: ok
// TWICE: result 1 vs {{.*}}: ok
// TWICE-NEXT: result 2 vs {{.*}}: ok

#id = affine_map<(i, j) -> (i, j)>
func.func @in_place(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %r = linalg.generic {indexing_maps = [#id], iterator_types = ["parallel", "parallel"]}
      outs(%x : tensor<2x3xf32>) {
  ^bb0(%v: f32):
    %d = arith.addf %v, %v : f32
    linalg.yield %d : f32
  } -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}

func.func @identity(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  return %x : tensor<2x3xf32>
}

func.func @on_memrefs(%x: memref<2x3xf32>) -> memref<2x3xf32> {
  %out = memref.alloc() : memref<2x3xf32>
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : memref<2x3xf32>) outs(%out : memref<2x3xf32>) {
  ^bb0(%v: f32, %o: f32):
    %d = arith.addf %v, %v : f32
    linalg.yield %d : f32
  }
  return %out : memref<2x3xf32>
}

func.func @twice(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>) {
  %empty = tensor.empty() : tensor<2x3xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<2x3xf32>) outs(%empty : tensor<2x3xf32>) {
  ^bb0(%v: f32, %o: f32):
    %d = arith.addf %v, %v : f32
    linalg.yield %d : f32
  } -> tensor<2x3xf32>
  return %r, %r : tensor<2x3xf32>, tensor<2x3xf32>
}

func.func @constant() -> tensor<2x3xf32> {
  %c = arith.constant dense<[[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]]> : tensor<2x3xf32>
  return %c : tensor<2x3xf32>
}

func.func @nothing() {
  return
}
