// RUN: eie-opt %s --split-input-file --convert-eie-to-runtime | FileCheck %s --check-prefixes=CHECK,FLOAT
// RUN: eie-opt %s --split-input-file --convert-eie-to-runtime="mode=fixed threads=2 activation-density=0.25 kernel=panels-avx2:16x2/rows" \
// RUN:   | FileCheck %s --check-prefixes=CHECK,FIXED

#small = #eie.compressed_matrix<rows = 8, cols = 4, pes = 2, bits = 2,
  codebook = array<f32: 0.0, -0.5, 0.25, 1.0>, fixed_codebook = array<i16: 0, -8192, 4096, 16384>,
  frac_bits = 14, entries = dense<[1, 50, 35, 1, 34]> : tensor<5xi8>,
  col_ptrs = dense<[0, 1, 1, 2, 2, 0, 1, 1, 1, 3]> : tensor<10xi32>>

// The runtime builds the matrix into the layer's handle on the first call; the kernel runs the
// whole batch, the buffers passed with their strides.
// FLOAT-LABEL: func.func private @eieRtSparseFCF32
// FLOAT-SAME: (memref<1xi64>, memref<?x?xf32, strided<[?, ?], offset: ?>>, memref<?xf32, strided<[?], offset: ?>>, memref<?x?xf32, strided<[?, ?], offset: ?>>, i32, i32) -> i32
// FLOAT-SAME: attributes {llvm.emit_c_interface}
// FIXED-LABEL: func.func private @eieRtSparseFCQ16
// FIXED-SAME: (memref<1xi64>, memref<?x?xi16, strided<[?, ?], offset: ?>>, memref<?xi16, strided<[?], offset: ?>>, memref<?x?xi16, strided<[?, ?], offset: ?>>, i32, i32, i32, i32) -> i32
// FIXED-SAME: attributes {llvm.emit_c_interface}
// CHECK-LABEL: func.func private @eieRtSparseFCInit
// CHECK-SAME: (memref<1xi64>, memref<?xf32>, memref<?xi8>, memref<?xi32>, i32, i32, i32, i32, i32, f64, i32, memref<?xi8>, memref<?x?xf32, strided<[?, ?], offset: ?>>) -> i32
// CHECK-SAME: attributes {llvm.emit_c_interface}

// CHECK-LABEL: func.func @bias_relu
// CHECK-SAME: (%[[X:.*]]: memref<2x4xf32>, %[[B:.*]]: memref<8xf32>, %[[Y:.*]]: memref<2x8xf32>)
// CHECK: %[[H:.*]] = memref.get_global @__eie_fc6_matrix : memref<1xi64>
// CHECK: %[[CODEBOOK:.*]] = memref.get_global @__eie_fc6_codebook : memref<4xf32>
// CHECK: %[[ENTRIES:.*]] = memref.get_global @__eie_fc6_entries : memref<5xi8>
// CHECK: %[[PTRS:.*]] = memref.get_global @__eie_fc6_col_ptrs : memref<10xi32>
// CHECK-DAG: %[[CODEBOOK_:.*]] = memref.cast %[[CODEBOOK]] : memref<4xf32> to memref<?xf32>
// CHECK-DAG: %[[ENTRIES_:.*]] = memref.cast %[[ENTRIES]] : memref<5xi8> to memref<?xi8>
// CHECK-DAG: %[[PTRS_:.*]] = memref.cast %[[PTRS]] : memref<10xi32> to memref<?xi32>
// CHECK: %[[ROWS:.*]] = arith.constant 8 : i32
// CHECK: %[[COLS:.*]] = arith.constant 4 : i32
// CHECK: %[[PES:.*]] = arith.constant 2 : i32
// CHECK: %[[BITS:.*]] = arith.constant 2 : i32
// FLOAT: %[[THREADS:.*]] = arith.constant 1 : i32
// FIXED: %[[THREADS:.*]] = arith.constant 2 : i32
// The expected activation density; by default 0: the runtime takes the first input's.
// FLOAT: %[[DENSITY:.*]] = arith.constant 0.000000e+00 : f64
// FIXED: %[[DENSITY:.*]] = arith.constant 2.500000e-01 : f64
// The mode the layer calls the kernel in, which the runtime calibrates in.
// FLOAT: %[[MODE:.*]] = arith.constant 0 : i32
// FIXED: %[[MODE:.*]] = arith.constant 1 : i32
// The kernel variant to force, by name: none (an empty buffer), or kernel=panels-avx2:16x2/rows's.
// FLOAT: %[[NO_VARIANT:.*]] = memref.alloca() : memref<0xi8>
// FLOAT: %[[VARIANT:.*]] = memref.cast %[[NO_VARIANT]] : memref<0xi8> to memref<?xi8>
// FIXED: %[[NAME:.*]] = memref.get_global @__eie_kernel_variant : memref<21xi8>
// FIXED: %[[VARIANT:.*]] = memref.cast %[[NAME]] : memref<21xi8> to memref<?xi8>
// CHECK: %[[X_INIT:.*]] = memref.cast %[[X]] : memref<2x4xf32> to memref<?x?xf32, strided<[?, ?], offset: ?>>
// CHECK: %[[INIT:.*]] = call @eieRtSparseFCInit(%[[H]], %[[CODEBOOK_]], %[[ENTRIES_]], %[[PTRS_]], %[[ROWS]], %[[COLS]], %[[PES]], %[[BITS]], %[[THREADS]], %[[DENSITY]], %[[MODE]], %[[VARIANT]], %[[X_INIT]])
// CHECK: %[[INIT_OK:.*]] = arith.cmpi eq, %[[INIT]], %{{.*}} : i32
// CHECK: cf.assert %[[INIT_OK]], "eie.sparse_fc 'fc6': the runtime rejected the compressed matrix"

// FLOAT: %[[X_:.*]] = memref.cast %[[X]] : memref<2x4xf32> to memref<?x?xf32, strided<[?, ?], offset: ?>>
// FLOAT: %[[B_:.*]] = memref.cast %[[B]] : memref<8xf32> to memref<?xf32, strided<[?], offset: ?>>
// FLOAT: %[[Y_:.*]] = memref.cast %[[Y]] : memref<2x8xf32> to memref<?x?xf32, strided<[?, ?], offset: ?>>
// FLOAT: %[[RELU:.*]] = arith.constant 1 : i32
// FLOAT: %[[STATUS:.*]] = call @eieRtSparseFCF32(%[[H]], %[[X_]], %[[B_]], %[[Y_]], %[[RELU]], %{{.*}})
// FLOAT: cf.assert %{{.*}}, "eie.sparse_fc 'fc6': the runtime kernel failed"
// FLOAT-NEXT: return

// Fixed mode: the input quantized to Q8 and the bias to Q6 (x 2^f, round half away, saturate,
// NaN to 0) into int16 buffers, the Q16 kernel, the Q6 result scaled back by 2^-6 into the output.
// FIXED: %[[XQ:.*]] = memref.alloc() {alignment = 64 : i64} : memref<2x4xi16>
// FIXED: linalg.generic {{.*}} ins(%[[X]] : memref<2x4xf32>) outs(%[[XQ]] : memref<2x4xi16>)
// FIXED: arith.constant 2.560000e+02 : f32
// FIXED: arith.mulf %{{.*}}, %{{.*}} : f32
// FIXED-NEXT: math.round
// FIXED-NEXT: arith.maximumf
// FIXED-NEXT: arith.minimumf
// FIXED-NEXT: arith.cmpf uno
// FIXED-NEXT: arith.select
// FIXED-NEXT: arith.fptosi %{{.*}} : f32 to i16
// FIXED: %[[BQ:.*]] = memref.alloc() {alignment = 64 : i64} : memref<8xi16>
// FIXED: linalg.generic {{.*}} ins(%[[B]] : memref<8xf32>) outs(%[[BQ]] : memref<8xi16>)
// FIXED: arith.constant 6.400000e+01 : f32
// FIXED: %[[YQ:.*]] = memref.alloc() {alignment = 64 : i64} : memref<2x8xi16>
// FIXED: call @eieRtSparseFCQ16(%[[H]], %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}})
// FIXED: cf.assert %{{.*}}, "eie.sparse_fc 'fc6': the runtime kernel failed"
// FIXED: linalg.generic {{.*}} ins(%[[YQ]] : memref<2x8xi16>) outs(%[[Y]] : memref<2x8xf32>)
// FIXED: arith.constant 1.562500e-02 : f32
// FIXED: arith.sitofp
// FIXED-NEXT: arith.mulf
// FIXED: return

// CHECK-DAG: memref.global "private" @__eie_fc6_matrix : memref<1xi64> = dense<0> {alignment = 64 : i64}
// CHECK-DAG: memref.global "private" constant @__eie_fc6_codebook : memref<4xf32> = dense<[0.000000e+00, -5.000000e-01, 2.500000e-01, 1.000000e+00]> {alignment = 64 : i64}
// CHECK-DAG: memref.global "private" constant @__eie_fc6_entries : memref<5xi8> = dense<[1, 50, 35, 1, 34]> {alignment = 64 : i64}
// CHECK-DAG: memref.global "private" constant @__eie_fc6_col_ptrs : memref<10xi32> = dense<[0, 1, 1, 2, 2, 0, 1, 1, 1, 3]> {alignment = 64 : i64}
// "panels-avx2:16x2/rows"
// FIXED-DAG: memref.global "private" constant @__eie_kernel_variant : memref<21xi8> = dense<[112, 97, 110, 101, 108, 115, 45, 97, 118, 120, 50, 58, 49, 54, 120, 50, 47, 114, 111, 119, 115]>
// FLOAT-NOT: @__eie_kernel_variant : memref<21xi8>
func.func @bias_relu(%x: memref<2x4xf32>, %b: memref<8xf32>, %y: memref<2x8xf32>) {
  eie.sparse_fc %x bias(%b : memref<8xf32>) into %y : memref<2x8xf32>
      {matrix = #small, relu, act_frac = 8 : i32, out_frac = 6 : i32} : memref<2x4xf32> loc("fc6")
  return
}

// -----

// A symbol of the kernel variant's name that is not its global (here another kernel's name, left
// by an earlier run of the pass): the variant's global takes another name.
// CHECK-LABEL: func.func @name_taken
// FLOAT: memref.alloca() : memref<0xi8>
// FIXED: memref.get_global @__eie_kernel_variant_1 : memref<21xi8>
// FLOAT-NOT: @__eie_kernel_variant_1
// FIXED: memref.global "private" constant @__eie_kernel_variant_1 : memref<21xi8> = dense<[112, 97, 110, 101, 108, 115, 45, 97, 118, 120, 50, 58, 49, 54, 120, 50, 47, 114, 111, 119, 115]>
#small = #eie.compressed_matrix<rows = 8, cols = 4, pes = 2, bits = 2,
  codebook = array<f32: 0.0, -0.5, 0.25, 1.0>, fixed_codebook = array<i16: 0, -8192, 4096, 16384>,
  frac_bits = 14, entries = dense<[1, 50, 35, 1, 34]> : tensor<5xi8>,
  col_ptrs = dense<[0, 1, 1, 2, 2, 0, 1, 1, 1, 3]> : tensor<10xi32>>

memref.global "private" constant @__eie_kernel_variant : memref<3xi8> = dense<[1, 2, 3]>
func.func @name_taken(%x: memref<1x4xf32>, %y: memref<1x8xf32>) {
  eie.sparse_fc %x into %y : memref<1x8xf32> {matrix = #small, act_frac = 8 : i32, out_frac = 6 : i32} : memref<1x4xf32>
  return
}

// -----

// Two unnamed layers get distinct globals, a dense_resource payload stays one in its global, a
// strided input is passed with its strides, and a layer without bias passes an empty buffer.
// The runtime functions are declared once, and so is the kernel variant's name.
// CHECK-LABEL: func.func private @eieRtSparseFCInit
// CHECK-NOT: func.func private @eieRtSparseFCInit
// CHECK-LABEL: func.func @two_layers
// CHECK: memref.get_global @__eie_two_layers_0_matrix
// CHECK: call @eieRtSparseFCInit
// FLOAT: %[[NONE:.*]] = memref.alloca() : memref<0xf32>
// FLOAT: memref.cast %[[NONE]] : memref<0xf32> to memref<?xf32, strided<[?], offset: ?>>
// FLOAT: call @eieRtSparseFCF32
// FIXED: %[[NONE:.*]] = memref.alloca() : memref<0xi16>
// FIXED: call @eieRtSparseFCQ16
// CHECK: %[[VIEW:.*]] = memref.subview
// CHECK: memref.get_global @__eie_two_layers_1_matrix
// CHECK: call @eieRtSparseFCInit
// FLOAT: memref.cast %[[VIEW]] : memref<1x1xf32, strided<[2, 1]>> to memref<?x?xf32, strided<[?, ?], offset: ?>>
// FLOAT: call @eieRtSparseFCF32
// FIXED: linalg.generic {{.*}} ins(%[[VIEW]] : memref<1x1xf32, strided<[2, 1]>>)
// FIXED: call @eieRtSparseFCQ16
// CHECK-DAG: memref.global "private" constant @__eie_two_layers_0_entries : memref<2xi8> = dense_resource<blob_entries>
// CHECK-DAG: memref.global "private" constant @__eie_two_layers_1_entries : memref<2xi8> = dense_resource<blob_entries>
// FIXED-DAG: memref.global "private" constant @__eie_kernel_variant :
func.func @two_layers(%x: memref<1x1xf32>, %y: memref<1x2xf32>) {
  %m = memref.alloc() : memref<1x2xf32>
  eie.sparse_fc %x into %m : memref<1x2xf32> {matrix = #eie.compressed_matrix<rows = 2, cols = 1, pes = 1, bits = 2,
    codebook = array<f32: 0.0, 1.0, 2.0, 3.0>, fixed_codebook = array<i16: 0, 4096, 8192, 12288>,
    frac_bits = 12, entries = dense_resource<blob_entries> : tensor<2xi8>,
    col_ptrs = dense<[0, 2]> : tensor<2xi32>>, act_frac = 8 : i32, out_frac = 8 : i32} : memref<1x1xf32>
  %s = memref.subview %m[0, 0] [1, 1] [1, 1] : memref<1x2xf32> to memref<1x1xf32, strided<[2, 1]>>
  eie.sparse_fc %s into %y : memref<1x2xf32> {matrix = #eie.compressed_matrix<rows = 2, cols = 1, pes = 1, bits = 2,
    codebook = array<f32: 0.0, 1.0, 2.0, 3.0>, fixed_codebook = array<i16: 0, 4096, 8192, 12288>,
    frac_bits = 12, entries = dense_resource<blob_entries> : tensor<2xi8>,
    col_ptrs = dense<[0, 2]> : tensor<2xi32>>, act_frac = 8 : i32, out_frac = 8 : i32} : memref<1x1xf32, strided<[2, 1]>>
  memref.dealloc %m : memref<1x2xf32>
  return
}

{-#
  dialect_resources: {
    builtin: {
      blob_entries: "0x010000000102"
    }
  }
#-}
