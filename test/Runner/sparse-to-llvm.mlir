// The eie-sparse-to-llvm pipeline: eie.sparse_fc is bufferized with the rest of the program, then
// lowered to calls of the runtime's C-interface entry points (memref descriptors passed by
// pointer); every buffer it allocates (the layer's output, the fixed-point mode's int16 buffers)
// is freed by the deallocation pipeline that follows.
// RUN: eie-opt --eie-sparse-to-llvm %s | FileCheck %s --check-prefixes=CHECK,FLOAT
// RUN: eie-opt --eie-sparse-to-llvm="mode=fixed" %s | FileCheck %s --check-prefixes=CHECK,FIXED
// RUN: eie-opt --eie-sparse-to-llvm="mode=fixed" %s | FileCheck %s --check-prefix=NOT-LEFT

// NOT-LEFT-NOT: {{ (eie|func|linalg|memref|bufferization|tensor|math|arith|scf|cf)\.}}
// NOT-LEFT-NOT: unrealized_conversion_cast

// FLOAT-DAG: llvm.func @_mlir_ciface_eieRtSparseFCF32(!llvm.ptr, !llvm.ptr, !llvm.ptr, !llvm.ptr, i32, i32) -> i32
// FIXED-DAG: llvm.func @_mlir_ciface_eieRtSparseFCQ16(!llvm.ptr, !llvm.ptr, !llvm.ptr, !llvm.ptr, i32, i32, i32, i32) -> i32
// CHECK-DAG: llvm.func @_mlir_ciface_eieRtSparseFCInit(!llvm.ptr, !llvm.ptr, !llvm.ptr, !llvm.ptr, i32, i32, i32, i32, i32, f64, i32, !llvm.ptr, !llvm.ptr) -> i32

// The layer's output, then in fixed mode the quantized input and bias and the int16 result; the
// relu writes into the out-param.
// CHECK-LABEL: llvm.func @main(
// CHECK: llvm.call @malloc
// CHECK: llvm.call @eieRtSparseFCInit(
// FIXED-COUNT-3: llvm.call @malloc
// FLOAT: llvm.call @eieRtSparseFCF32(
// FIXED: llvm.call @eieRtSparseFCQ16(
// CHECK-NOT: llvm.call @malloc
// FLOAT-COUNT-1: llvm.call @free
// FIXED-COUNT-4: llvm.call @free
// CHECK-NOT: llvm.call @free
// CHECK: llvm.return

// CHECK-DAG: llvm.mlir.global private @__eie_fc6_matrix(dense<0> : tensor<1xi64>)
// CHECK-DAG: llvm.mlir.global private constant @__eie_fc6_entries(dense<[1, 50, 35, 1, 34]> : tensor<5xi8>)

#small = #eie.compressed_matrix<rows = 8, cols = 4, pes = 2, bits = 2,
  codebook = array<f32: 0.0, -0.5, 0.25, 1.0>, fixed_codebook = array<i16: 0, -8192, 4096, 16384>,
  frac_bits = 14, entries = dense<[1, 50, 35, 1, 34]> : tensor<5xi8>,
  col_ptrs = dense<[0, 1, 1, 2, 2, 0, 1, 1, 1, 3]> : tensor<10xi32>>

func.func @main(%x: tensor<2x4xf32>, %b: tensor<8xf32>) -> tensor<2x8xf32> {
  %y = eie.sparse_fc %x bias(%b : tensor<8xf32>) {matrix = #small, act_frac = 8 : i32, out_frac = 6 : i32}
         : tensor<2x4xf32> -> tensor<2x8xf32> loc("fc6")
  %r = cnn.relu %y : tensor<2x8xf32>
  return %r : tensor<2x8xf32>
}
