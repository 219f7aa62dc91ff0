// Integer element types: an i32 matmul, an i8 -> i64 widening sum and an i16 negation, all exact.
// REQUIRES: numpy
// RUN: rm -rf %t && mkdir -p %t
// RUN: %PYTHON -c "import numpy as np; r = np.random.default_rng(3); \
// RUN:   a = r.integers(-1000, 1000, (7, 9), dtype=np.int32); b = r.integers(-1000, 1000, (9, 4), dtype=np.int32); \
// RUN:   c = r.integers(-128, 128, (6, 50), dtype=np.int8); s = r.integers(-3000, 3000, (11,), dtype=np.int16); \
// RUN:   [np.save('%t/' + n + '.npy', v) for n, v in [('a', a), ('b', b), ('c', c), ('s', s)]]; \
// RUN:   np.save('%t/ab.npy', a @ b); np.save('%t/csum.npy', c.astype(np.int64).sum(axis=1)); np.save('%t/neg.npy', -s)"
// RUN: eie-run %s --input %t/a.npy --input %t/b.npy --input %t/c.npy --input %t/s.npy \
// RUN:   --output %t/o1.npy --output %t/o2.npy --output %t/o3.npy \
// RUN:   --compare-to %t/ab.npy --compare-to %t/csum.npy --compare-to %t/neg.npy --rtol 0 --atol 0 | FileCheck %s
// RUN: %PYTHON -c "import numpy as np; \
// RUN:   assert [np.load('%t/o%%d.npy' %% i).dtype.str for i in (1, 2, 3)] == ['<i4', '<i8', '<i2']"

// CHECK: result 1 vs {{.*}}ab.npy: max abs error 0, max rel error 0 (rtol 0, atol 0): ok
// CHECK-NEXT: result 2 vs {{.*}}csum.npy: max abs error 0, max rel error 0 (rtol 0, atol 0): ok
// CHECK-NEXT: result 3 vs {{.*}}neg.npy: max abs error 0, max rel error 0 (rtol 0, atol 0): ok

#in = affine_map<(i, j) -> (i, j)>
#out = affine_map<(i, j) -> (i)>
func.func @main(%a: tensor<7x9xi32>, %b: tensor<9x4xi32>, %c: tensor<6x50xi8>, %s: tensor<11xi16>)
    -> (tensor<7x4xi32>, tensor<6xi64>, tensor<11xi16>) {
  %zero = arith.constant 0 : i32
  %empty = tensor.empty() : tensor<7x4xi32>
  %init = linalg.fill ins(%zero : i32) outs(%empty : tensor<7x4xi32>) -> tensor<7x4xi32>
  %ab = linalg.matmul ins(%a, %b : tensor<7x9xi32>, tensor<9x4xi32>) outs(%init : tensor<7x4xi32>) -> tensor<7x4xi32>

  %zero64 = arith.constant 0 : i64
  %empty64 = tensor.empty() : tensor<6xi64>
  %init64 = linalg.fill ins(%zero64 : i64) outs(%empty64 : tensor<6xi64>) -> tensor<6xi64>
  %sum = linalg.generic {indexing_maps = [#in, #out], iterator_types = ["parallel", "reduction"]}
      ins(%c : tensor<6x50xi8>) outs(%init64 : tensor<6xi64>) {
  ^bb0(%v: i8, %acc: i64):
    %wide = arith.extsi %v : i8 to i64
    %add = arith.addi %acc, %wide : i64
    linalg.yield %add : i64
  } -> tensor<6xi64>

  %zero16 = arith.constant 0 : i16
  %empty16 = tensor.empty() : tensor<11xi16>
  %neg = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>],
                         iterator_types = ["parallel"]}
      ins(%s : tensor<11xi16>) outs(%empty16 : tensor<11xi16>) {
  ^bb0(%v: i16, %o: i16):
    %n = arith.subi %zero16, %v : i16
    linalg.yield %n : i16
  } -> tensor<11xi16>
  return %ab, %sum, %neg : tensor<7x4xi32>, tensor<6xi64>, tensor<11xi16>
}
