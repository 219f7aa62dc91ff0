// RUN: eie-opt %s --split-input-file \
// RUN:   --one-shot-bufferize="bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map" \
// RUN:   | FileCheck %s

#small = #eie.compressed_matrix<rows = 8, cols = 4, pes = 2, bits = 2,
  codebook = array<f32: 0.0, -0.5, 0.25, 1.0>, fixed_codebook = array<i16: 0, -8192, 4096, 16384>,
  frac_bits = 14, entries = dense<[1, 50, 35, 1, 34]> : tensor<5xi8>,
  col_ptrs = dense<[0, 1, 1, 2, 2, 0, 1, 1, 1, 3]> : tensor<10xi32>>

// The tensor form becomes the buffer form writing into a new buffer; its attributes stay.
// CHECK-LABEL: func.func @bias_relu
// CHECK-SAME: (%[[X:.*]]: memref<2x4xf32>, %[[B:.*]]: memref<8xf32>) -> memref<2x8xf32>
// CHECK: %[[Y:.*]] = memref.alloc() {alignment = 64 : i64} : memref<2x8xf32>
// CHECK: eie.sparse_fc %[[X]] bias(%[[B]] : memref<8xf32>) into %[[Y]] : memref<2x8xf32> {act_frac = 8 : i32, matrix = #eie.compressed_matrix<{{.*}}>, out_frac = 6 : i32, relu} : memref<2x4xf32>
// CHECK: return %[[Y]] : memref<2x8xf32>
func.func @bias_relu(%x: tensor<2x4xf32>, %b: tensor<8xf32>) -> tensor<2x8xf32> {
  %y = eie.sparse_fc %x bias(%b : tensor<8xf32>) {matrix = #small, relu, act_frac = 8 : i32, out_frac = 6 : i32}
         : tensor<2x4xf32> -> tensor<2x8xf32>
  return %y : tensor<2x8xf32>
}

// -----

#square = #eie.compressed_matrix<rows = 2, cols = 2, pes = 1, bits = 2,
  codebook = array<f32: 0.0, 1.0, 2.0, 3.0>, fixed_codebook = array<i16: 0, 4096, 8192, 12288>,
  frac_bits = 12, entries = dense<[1, 2]> : tensor<2xi8>, col_ptrs = dense<[0, 1, 2]> : tensor<3xi32>>

// A chain reads each layer's buffer in place: no copy. A layer that only reads its input leaves
// it to a later writer.
// CHECK-LABEL: func.func @chain
// CHECK-SAME: (%[[X:.*]]: memref<1x2xf32>)
// CHECK: %[[H:.*]] = memref.alloc() {{.*}} : memref<1x2xf32>
// CHECK: eie.sparse_fc %[[X]] into %[[H]] : memref<1x2xf32>
// CHECK: %[[Y:.*]] = memref.alloc() {{.*}} : memref<1x2xf32>
// CHECK: eie.sparse_fc %[[H]] into %[[Y]] : memref<1x2xf32>
// CHECK-NOT: memref.copy
// CHECK: return %[[Y]]
func.func @chain(%x: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %h = eie.sparse_fc %x {matrix = #square} : tensor<1x2xf32> -> tensor<1x2xf32>
  %y = eie.sparse_fc %h {matrix = #square} : tensor<1x2xf32> -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}
