// Bad input: each gives a one-line message and a non-zero exit.
// REQUIRES: numpy
// RUN: rm -rf %t && mkdir -p %t
// RUN: %PYTHON -c "import numpy as np; np.save('%t/f32.npy', np.zeros((2, 3), np.float32)); \
// RUN:   np.save('%t/f64.npy', np.zeros((2, 3))); np.save('%t/wide.npy', np.zeros((2, 4), np.float32)); \
// RUN:   np.save('%t/ref.npy', np.ones((2, 3), np.float32)); np.save('%t/ref_shape.npy', np.ones((3, 2), np.float32)); \
// RUN:   np.save('%t/fortran.npy', np.asfortranarray(np.zeros((2, 3), np.float32))); \
// RUN:   open('%t/junk.npy', 'w').write('not an array')"

// RUN: not eie-run %s --input %t/missing.npy 2>&1 | FileCheck %s --check-prefix=MISSING-INPUT
// MISSING-INPUT: eie-run: error: {{.*}}missing.npy: cannot open: No such file or directory
// RUN: not eie-run %t/missing.mlir 2>&1 | FileCheck %s --check-prefix=MISSING-MODULE
// MISSING-MODULE: eie-run: error: cannot open input file '{{.*}}missing.mlir': No such file or directory
// RUN: not eie-run %s --input %t/junk.npy 2>&1 | FileCheck %s --check-prefix=JUNK
// JUNK: eie-run: error: {{.*}}junk.npy: not a .npy file (bad magic string)
// RUN: not eie-run %s --input %t/fortran.npy 2>&1 | FileCheck %s --check-prefix=FORTRAN
// FORTRAN: eie-run: error: {{.*}}fortran.npy: fortran_order arrays are not supported
// RUN: not eie-run %s --input %t/f64.npy 2>&1 | FileCheck %s --check-prefix=DTYPE
// DTYPE: eie-run: error: argument 1 of @main expects tensor<2x3xf32>, {{.*}}f64.npy holds float64 (2, 3)
// RUN: not eie-run %s --input %t/wide.npy 2>&1 | FileCheck %s --check-prefix=SHAPE
// SHAPE: eie-run: error: argument 1 of @main expects tensor<2x3xf32>, {{.*}}wide.npy holds float32 (2, 4)
// RUN: not eie-run %s 2>&1 | FileCheck %s --check-prefix=COUNT
// COUNT: eie-run: error: @main takes 1 argument(s), got 0 input(s)
// RUN: not eie-run %s --input %t/f32.npy --output %t/a.npy --output %t/b.npy 2>&1 | FileCheck %s --check-prefix=OUTPUTS
// OUTPUTS: eie-run: error: @main has 1 result(s), got 2 --output file(s)
// RUN: not eie-run %s -e nope 2>&1 | FileCheck %s --check-prefix=NO-FUNC
// NO-FUNC: eie-run: error: no function @nope in the module (it has @main, @dynamic, @scalar, @bf16, @layout, @declared)
// RUN: not eie-run %s -e dynamic 2>&1 | FileCheck %s --check-prefix=DYNAMIC
// DYNAMIC: eie-run: error: argument 1 of @dynamic has type tensor<?x3xf32>: only static shapes are supported
// RUN: not eie-run %s -e scalar 2>&1 | FileCheck %s --check-prefix=SCALAR
// SCALAR: eie-run: error: result 1 of @scalar has type f32: only ranked tensors and memrefs can be passed
// RUN: not eie-run %s -e bf16 2>&1 | FileCheck %s --check-prefix=BF16
// BF16: eie-run: error: argument 1 of @bf16 has type tensor<4xbf16>: element type bf16 is not supported (f32, f64, i8, i16, i32, i64, ui8)
// RUN: not eie-run %s -e layout 2>&1 | FileCheck %s --check-prefix=LAYOUT
// LAYOUT: eie-run: error: argument 1 of @layout has type memref<2x3xf32, strided<[1, 2]>>: only the identity layout is supported
// RUN: not eie-run %s -e declared 2>&1 | FileCheck %s --check-prefix=DECLARED
// DECLARED: eie-run: error: @declared is a declaration without a body
// RUN: not eie-run %s --input %t/f32.npy --pipeline=no-such-pass 2>&1 | FileCheck %s --check-prefix=PIPELINE
// PIPELINE: eie-run: error: invalid --pipeline 'no-such-pass': 'no-such-pass' does not refer to a registered pass or pass pipeline
// RUN: not eie-run %s --input %t/f32.npy --pipeline=canonicalize 2>&1 | FileCheck %s --check-prefix=NOT-LOWERED
// NOT-LOWERED: eie-run: error: after lowering, the module has no llvm.func @_mlir_ciface_main: the pipeline must lower to the LLVM dialect and emit C interface wrappers (llvm.emit_c_interface)
// RUN: not eie-run %s --input %t/f32.npy --compare-to %t/ref_shape.npy 2>&1 | FileCheck %s --check-prefix=REF-SHAPE
// REF-SHAPE: eie-run: error: shape mismatch: result 1 is float32 (2, 3), {{.*}}ref_shape.npy is float32 (3, 2)
// RUN: not eie-run %s --input %t/f32.npy --compare-to %t/ref.npy --atol 0.5 2>&1 | FileCheck %s --check-prefix=TOLERANCE
// TOLERANCE: result 1 vs {{.*}}ref.npy: max abs error 1, max rel error 1 (rtol 0.0001, atol 0.5): 6 of 6 elements out of tolerance, worst at (0, 0): got 0, expected 1
// RUN: not eie-run %s --input %t/f32.npy --repeat 0 2>&1 | FileCheck %s --check-prefix=REPEAT
// REPEAT: eie-run: error: --repeat must be at least 1

func.func @main(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  return %x : tensor<2x3xf32>
}

func.func @dynamic(%x: tensor<?x3xf32>) -> tensor<?x3xf32> {
  return %x : tensor<?x3xf32>
}

func.func @scalar(%x: tensor<2xf32>) -> f32 {
  %c0 = arith.constant 0 : index
  %v = tensor.extract %x[%c0] : tensor<2xf32>
  return %v : f32
}

func.func @bf16(%x: tensor<4xbf16>) -> tensor<4xbf16> {
  return %x : tensor<4xbf16>
}

func.func @layout(%x: memref<2x3xf32, strided<[1, 2]>>) {
  return
}

func.func private @declared(tensor<2xf32>) -> tensor<2xf32>
