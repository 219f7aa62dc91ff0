// RUN: eie-opt %s --split-input-file --convert-eie-to-runtime | FileCheck %s --check-prefixes=CHECK,FLOAT
// RUN: eie-opt %s --split-input-file --convert-eie-to-runtime="mode=fixed threads=2 activation-density=0.25" \
// RUN:   | FileCheck %s --check-prefixes=CHECK,FIXED

#small = #eie.compressed_matrix<rows = 8, cols = 4, pes = 2, bits = 2,
  codebook = array<f32: 0.0, -0.5, 0.25, 1.0>, fixed_codebook = array<i16: 0, -8192, 4096, 16384>,
  frac_bits = 14, entries = dense<[1, 50, 35, 1, 34]> : tensor<5xi8>,
  col_ptrs = dense<[0, 1, 1, 2, 2, 0, 1, 1, 1, 3]> : tensor<10xi32>>

// The matrix handle is created on the first call and cached; each batch row is one kernel call.
// CHECK-LABEL: func @bias_relu
// CHECK-SAME: (%[[X:.*]]: tensor<2x4xf32>, %[[B:.*]]: tensor<8xf32>)
// CHECK-DAG: %[[CODEBOOK:.*]] = memref.get_global @__eie_fc6_codebook : memref<4xf32>
// CHECK-DAG: %[[ENTRIES:.*]] = memref.get_global @__eie_fc6_entries : memref<5xi8>
// CHECK-DAG: %[[PTRS:.*]] = memref.get_global @__eie_fc6_col_ptrs : memref<10xi32>
// CHECK: %[[SLOT:.*]] = llvm.mlir.addressof @__eie_fc6_matrix : !llvm.ptr
// CHECK: %[[CACHED:.*]] = llvm.load %[[SLOT]] : !llvm.ptr -> !llvm.ptr
// CHECK: %[[MISSING:.*]] = llvm.icmp "eq" %[[CACHED]]
// CHECK: %[[M:.*]] = scf.if %[[MISSING]] -> (!llvm.ptr) {
// FLOAT: %[[NEW:.*]] = llvm.call @eieRtMatrixCreate(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) : (i32, i32, i32, i32, !llvm.ptr, !llvm.ptr, i64, !llvm.ptr, i32, f64) -> !llvm.ptr
// FIXED: %[[NEW:.*]] = llvm.call @eieRtMatrixCreate
// CHECK: cf.assert %{{.*}}, "eie.sparse_fc 'fc6': the runtime rejected the compressed matrix"
// CHECK: llvm.store %[[NEW]], %[[SLOT]]
// CHECK: scf.yield %[[NEW]]
// CHECK: } else {
// CHECK: scf.yield %[[CACHED]]

// FLOAT: %[[Y:.*]] = memref.alloc() {alignment = 64 : i64} : memref<2x8xf32>
// FLOAT: bufferization.to_buffer %[[B]] read_only : tensor<8xf32> to memref<8xf32>
// FLOAT: bufferization.to_buffer %[[X]] read_only : tensor<2x4xf32> to memref<2x4xf32>
// FLOAT: scf.for
// FLOAT: %[[STATUS:.*]] = llvm.call @eieRtMultiplyF32(%[[M]], %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) : (!llvm.ptr, !llvm.ptr, !llvm.ptr, !llvm.ptr, i32, i32) -> i32
// FLOAT: cf.assert %{{.*}}, "eie.sparse_fc 'fc6': the runtime kernel failed"
// FLOAT: %[[R:.*]] = bufferization.to_tensor %[[Y]] restrict writable : memref<2x8xf32> to tensor<2x8xf32>
// FLOAT: return %[[R]]

// Fixed mode: quantize the input to Q8 and the bias to Q6 (x 2^f, round half away, saturate,
// NaN to 0), run the Q16 kernel, scale the Q6 result back by 2^-6.
// FIXED: linalg.generic {{.*}} ins(%[[X]] : tensor<2x4xf32>) outs(%{{.*}} : tensor<2x4xi16>)
// FIXED: arith.mulf %{{.*}}, %{{.*}} : f32
// FIXED-NEXT: math.round
// FIXED-NEXT: arith.maximumf
// FIXED-NEXT: arith.minimumf
// FIXED-NEXT: arith.cmpf uno
// FIXED-NEXT: arith.select
// FIXED-NEXT: arith.fptosi %{{.*}} : f32 to i16
// FIXED: linalg.generic {{.*}} ins(%[[B]] : tensor<8xf32>) outs(%{{.*}} : tensor<8xi16>)
// FIXED: %[[YQ:.*]] = memref.alloc() {alignment = 64 : i64} : memref<2x8xi16>
// FIXED: scf.for
// FIXED: llvm.call @eieRtMultiplyQ16(%[[M]], %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) : (!llvm.ptr, !llvm.ptr, !llvm.ptr, !llvm.ptr, i32, i32, i32, i32) -> i32
// FIXED: %[[T:.*]] = bufferization.to_tensor %[[YQ]] restrict writable : memref<2x8xi16> to tensor<2x8xi16>
// FIXED: %[[R:.*]] = linalg.generic {{.*}} ins(%[[T]] : tensor<2x8xi16>) outs(%{{.*}} : tensor<2x8xf32>)
// FIXED: arith.sitofp
// FIXED-NEXT: arith.mulf
// FIXED: return %[[R]]

// FLOAT-DAG: llvm.func @eieRtMatrixCreate(i32, i32, i32, i32, !llvm.ptr, !llvm.ptr, i64, !llvm.ptr, i32, f64) -> !llvm.ptr
// FLOAT-DAG: llvm.func @eieRtMultiplyF32(!llvm.ptr, !llvm.ptr, !llvm.ptr, !llvm.ptr, i32, i32) -> i32
// FIXED-DAG: llvm.func @eieRtMultiplyQ16(!llvm.ptr, !llvm.ptr, !llvm.ptr, !llvm.ptr, i32, i32, i32, i32) -> i32
// CHECK-DAG: llvm.mlir.global internal @__eie_fc6_matrix() {addr_space = 0 : i32} : !llvm.ptr
// CHECK-DAG: memref.global "private" constant @__eie_fc6_codebook : memref<4xf32> = dense<[0.000000e+00, -5.000000e-01, 2.500000e-01, 1.000000e+00]> {alignment = 64 : i64}
// CHECK-DAG: memref.global "private" constant @__eie_fc6_entries : memref<5xi8> = dense<[1, 50, 35, 1, 34]> {alignment = 64 : i64}
// CHECK-DAG: memref.global "private" constant @__eie_fc6_col_ptrs : memref<10xi32> = dense<[0, 1, 1, 2, 2, 0, 1, 1, 1, 3]> {alignment = 64 : i64}
func.func @bias_relu(%x: tensor<2x4xf32>, %b: tensor<8xf32>) -> tensor<2x8xf32> {
  %y = eie.sparse_fc %x bias(%b : tensor<8xf32>) {matrix = #small, relu, act_frac = 8 : i32, out_frac = 6 : i32}
         : tensor<2x4xf32> -> tensor<2x8xf32> loc("fc6")
  return %y : tensor<2x8xf32>
}

// -----

// Two unnamed layers get distinct symbols; a dense_resource payload stays one in its global, and a
// layer without bias passes a null bias.
// CHECK-LABEL: func @two_layers
// CHECK: memref.get_global @__eie_two_layers_0_entries
// CHECK: scf.if
// FLOAT: memref.alloc
// FLOAT: %[[NULL:.*]] = llvm.mlir.zero : !llvm.ptr
// FLOAT: llvm.call @eieRtMultiplyF32(%{{.*}}, %{{.*}}, %[[NULL]],
// CHECK: memref.get_global @__eie_two_layers_1_entries
// CHECK-DAG: memref.global "private" constant @__eie_two_layers_0_entries : memref<2xi8> = dense_resource<blob_entries>
// CHECK-DAG: memref.global "private" constant @__eie_two_layers_1_entries : memref<2xi8> = dense_resource<blob_entries>
func.func @two_layers(%x: tensor<1x1xf32>) -> tensor<1x2xf32> {
  %m = eie.sparse_fc %x {matrix = #eie.compressed_matrix<rows = 2, cols = 1, pes = 1, bits = 2,
    codebook = array<f32: 0.0, 1.0, 2.0, 3.0>, fixed_codebook = array<i16: 0, 4096, 8192, 12288>,
    frac_bits = 12, entries = dense_resource<blob_entries> : tensor<2xi8>,
    col_ptrs = dense<[0, 2]> : tensor<2xi32>>, act_frac = 8 : i32, out_frac = 8 : i32} : tensor<1x1xf32> -> tensor<1x2xf32>
  %s = tensor.extract_slice %m[0, 0] [1, 1] [1, 1] : tensor<1x2xf32> to tensor<1x1xf32>
  %y = eie.sparse_fc %s {matrix = #eie.compressed_matrix<rows = 2, cols = 1, pes = 1, bits = 2,
    codebook = array<f32: 0.0, 1.0, 2.0, 3.0>, fixed_codebook = array<i16: 0, 4096, 8192, 12288>,
    frac_bits = 12, entries = dense_resource<blob_entries> : tensor<2xi8>,
    col_ptrs = dense<[0, 2]> : tensor<2xi32>>, act_frac = 8 : i32, out_frac = 8 : i32} : tensor<1x1xf32> -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

{-#
  dialect_resources: {
    builtin: {
      blob_entries: "0x010000000102"
    }
  }
#-}
