// RUN: eie-opt %s | eie-opt | FileCheck %s
// RUN: eie-opt %s --mlir-print-op-generic | eie-opt | FileCheck %s
// RUN: eie-opt %s --emit-bytecode | eie-opt | FileCheck %s

// An 8 x 4 matrix on 2 PEs with a 2-bit codebook: W[0][0] = -0.5, W[5][0] = 1.0, W[6][2] = 0.25,
// W[1][3] = -0.5, W[7][3] = 0.25. PE 0 (rows 0, 2, 4, 6) stores (v=1, z=0) in column 0 and
// (v=2, z=3) in column 2; PE 1 (rows 1, 3, 5, 7) stores (v=3, z=2) in column 0 and (v=1, z=0),
// (v=2, z=2) in column 3.
#small = #eie.compressed_matrix<rows = 8, cols = 4, pes = 2, bits = 2,
  codebook = array<f32: 0.0, -0.5, 0.25, 1.0>, fixed_codebook = array<i16: 0, -8192, 4096, 16384>,
  frac_bits = 14, entries = dense<[1, 50, 35, 1, 34]> : tensor<5xi8>,
  col_ptrs = dense<[0, 1, 1, 2, 2, 0, 1, 1, 1, 3]> : tensor<10xi32>>

// CHECK-LABEL: func @sparse_fc_bias_relu
// CHECK: eie.sparse_fc %{{.*}} bias(%{{.*}} : tensor<8xf32>) {act_frac = 8 : i32, matrix = #eie.compressed_matrix<rows = 8, cols = 4, pes = 2, bits = 2, codebook = array<f32: 0.000000e+00, -5.000000e-01, 2.500000e-01, 1.000000e+00>, fixed_codebook = array<i16: 0, -8192, 4096, 16384>, frac_bits = 14, entries = dense<[1, 50, 35, 1, 34]> : tensor<5xi8>, col_ptrs = dense<[0, 1, 1, 2, 2, 0, 1, 1, 1, 3]> : tensor<10xi32>>, out_frac = 6 : i32, relu} : tensor<2x4xf32> -> tensor<2x8xf32>
func.func @sparse_fc_bias_relu(%x: tensor<2x4xf32>, %b: tensor<8xf32>) -> tensor<2x8xf32> {
  %y = eie.sparse_fc %x bias(%b : tensor<8xf32>) {matrix = #small, relu, act_frac = 8 : i32, out_frac = 6 : i32}
         : tensor<2x4xf32> -> tensor<2x8xf32>
  return %y : tensor<2x8xf32>
}

// CHECK-LABEL: func @sparse_fc_float_only
// CHECK: eie.sparse_fc %{{.*}} {matrix = #eie.compressed_matrix<{{.*}}>} : tensor<1x4xf32> -> tensor<1x8xf32>
func.func @sparse_fc_float_only(%x: tensor<1x4xf32>) -> tensor<1x8xf32> {
  %y = eie.sparse_fc %x {matrix = #small} : tensor<1x4xf32> -> tensor<1x8xf32>
  return %y : tensor<1x8xf32>
}

// The buffer form: memref operands, the result written into an output buffer of any layout.
// CHECK-LABEL: func @sparse_fc_buffers
// CHECK: eie.sparse_fc %{{.*}} bias(%{{.*}} : memref<8xf32>) into %{{.*}} : memref<2x8xf32, strided<[16, 1]>> {{{.*}}relu} : memref<2x4xf32>
// CHECK: eie.sparse_fc %{{.*}} into %{{.*}} : memref<1x8xf32> {matrix = #eie.compressed_matrix<{{.*}}>} : memref<1x4xf32, strided<[8, 1], offset: 4>>
func.func @sparse_fc_buffers(%x: memref<2x4xf32>, %b: memref<8xf32>, %y: memref<2x8xf32, strided<[16, 1]>>,
                             %x1: memref<1x4xf32, strided<[8, 1], offset: 4>>, %y1: memref<1x8xf32>) {
  eie.sparse_fc %x bias(%b : memref<8xf32>) into %y : memref<2x8xf32, strided<[16, 1]>>
      {matrix = #small, relu, act_frac = 8 : i32, out_frac = 6 : i32} : memref<2x4xf32>
  eie.sparse_fc %x1 into %y1 : memref<1x8xf32> {matrix = #small} : memref<1x4xf32, strided<[8, 1], offset: 4>>
  return
}

// Payloads in dense_resource blobs, 5-bit codes in 2-byte entries: PE 0 of a 2 x 1 matrix on 1 PE
// stores (v=31, z=0) and (v=1, z=0), packed as [31, 0] and [1, 0].
// CHECK-LABEL: func @sparse_fc_resources
// CHECK: entries = dense_resource<wide_entries> : tensor<4xi8>, col_ptrs = dense_resource<wide_col_ptrs> : tensor<2xi32>
func.func @sparse_fc_resources(%x: tensor<1x1xf32>) -> tensor<1x2xf32> {
  %y = eie.sparse_fc %x {matrix = #eie.compressed_matrix<rows = 2, cols = 1, pes = 1, bits = 5,
    codebook = array<f32: 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0, 14.0, 15.0,
                          16.0, 17.0, 18.0, 19.0, 20.0, 21.0, 22.0, 23.0, 24.0, 25.0, 26.0, 27.0, 28.0, 29.0, 30.0, 31.0>,
    fixed_codebook = array<i16: 0, 1024, 2048, 3072, 4096, 5120, 6144, 7168, 8192, 9216, 10240, 11264, 12288, 13312, 14336, 15360,
                                16384, 17408, 18432, 19456, 20480, 21504, 22528, 23552, 24576, 25600, 26624, 27648, 28672, 29696, 30720, 31744>,
    frac_bits = 10, entries = dense_resource<wide_entries> : tensor<4xi8>,
    col_ptrs = dense_resource<wide_col_ptrs> : tensor<2xi32>>} : tensor<1x1xf32> -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

{-#
  dialect_resources: {
    builtin: {
      wide_entries: "0x010000001F000100",
      wide_col_ptrs: "0x040000000000000002000000"
    }
  }
#-}
