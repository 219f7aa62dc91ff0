// RUN: eie-opt %s --eie-encode="pes=2 bits=2 act-frac=6" | FileCheck %s
// RUN: eie-opt %s --eie-encode="pes=2 bits=2 act-frac=6" --emit-bytecode | eie-opt | FileCheck %s
// RUN: eie-opt %s --eie-encode="pes=2 bits=2 act-frac=6" --eie-compression-report -o /dev/null \
// RUN:   | FileCheck %s --check-prefix=NAMES

// An eie.sparse_fc keeps the name of its cnn.fc (cnn::getLayerName): the NameLoc, else the
// function and the layer's index, as in the blob names below.
// NAMES: {{^}}fc6 8x4
// NAMES-NEXT: {{^}}padding_unfused.0 34x1

// The weights of ops.mlir's example matrix: W[0][0] = -0.5, W[5][0] = 1.0, W[6][2] = 0.25,
// W[1][3] = -0.5, W[7][3] = 0.25. The codebook is 0 then the distinct values ascending; a cnn.relu
// that only consumes the layer is fused.
// CHECK-LABEL: func @fc_relu
// CHECK-SAME: (%[[X:.*]]: tensor<1x4xf32>, %[[B:.*]]: tensor<8xf32>)
// CHECK-NOT: cnn.
// CHECK: %[[Y:.*]] = eie.sparse_fc %[[X]] bias(%[[B]] : tensor<8xf32>) {act_frac = 6 : i32, matrix = #eie.compressed_matrix<rows = 8, cols = 4, pes = 2, bits = 2, codebook = array<f32: 0.000000e+00, -5.000000e-01, 2.500000e-01, 1.000000e+00>, fixed_codebook = array<i16: 0, -8192, 4096, 16384>, frac_bits = 14, entries = dense_resource<fc6_entries> : tensor<5xi8>, col_ptrs = dense_resource<fc6_col_ptrs> : tensor<10xi32>>, out_frac = 6 : i32, relu} : tensor<1x4xf32> -> tensor<1x8xf32>
// CHECK-NEXT: return %[[Y]]
func.func @fc_relu(%x: tensor<1x4xf32>, %b: tensor<8xf32>) -> tensor<1x8xf32> {
  %w = arith.constant dense<[[-0.5, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, -0.5], [0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0],
                             [0.0, 0.0, 0.0, 0.0], [1.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.25, 0.0], [0.0, 0.0, 0.0, 0.25]]> : tensor<8x4xf32>
  %i = tensor.empty() : tensor<1x8xf32>
  %y = cnn.fc ins(%x, %w, %b : tensor<1x4xf32>, tensor<8x4xf32>, tensor<8xf32>) outs(%i : tensor<1x8xf32>) -> tensor<1x8xf32> loc("fc6")
  %r = cnn.relu %y : tensor<1x8xf32>
  return %r : tensor<1x8xf32>
}

// A relu is not fused when the layer's result has another user. A padding entry (v = 0, z = 15)
// covers 16 zero rows of a PE: row 33 is PE 1's local row 16, stored as (0, 15), (1, 0).
// Weights that are not constants are left alone.
// CHECK-LABEL: func @padding_unfused
// CHECK: %[[Y:.*]] = eie.sparse_fc %{{.*}} {act_frac = 6 : i32, matrix = #eie.compressed_matrix<rows = 34, cols = 1, pes = 2, bits = 2, codebook = array<f32: 0.000000e+00, 3.000000e+00, 0.000000e+00, 0.000000e+00>, fixed_codebook = array<i16: 0, 24576, 0, 0>, frac_bits = 13, entries = dense_resource<padding_unfused_0_entries> : tensor<2xi8>, col_ptrs = dense_resource<padding_unfused_0_col_ptrs> : tensor<4xi32>>, out_frac = 6 : i32} : tensor<2x1xf32> -> tensor<2x34xf32>
// CHECK: %[[R:.*]] = cnn.relu %[[Y]]
// CHECK: %[[Z:.*]] = cnn.fc ins(%[[Y]], %arg1 :
// CHECK: return %[[Y]], %[[R]], %[[Z]]
func.func @padding_unfused(%x: tensor<2x1xf32>, %v: tensor<2x34xf32>) -> (tensor<2x34xf32>, tensor<2x34xf32>, tensor<2x2xf32>) {
  %w = arith.constant dense<[[0.0], [0.0], [0.0], [0.0], [0.0], [0.0], [0.0], [0.0], [0.0], [0.0], [0.0], [0.0], [0.0], [0.0], [0.0], [0.0], [0.0],
                             [0.0], [0.0], [0.0], [0.0], [0.0], [0.0], [0.0], [0.0], [0.0], [0.0], [0.0], [0.0], [0.0], [0.0], [0.0], [0.0], [3.0]]> : tensor<34x1xf32>
  %i = tensor.empty() : tensor<2x34xf32>
  %y = cnn.fc ins(%x, %w : tensor<2x1xf32>, tensor<34x1xf32>) outs(%i : tensor<2x34xf32>) -> tensor<2x34xf32>
  %r = cnn.relu %y : tensor<2x34xf32>
  %j = tensor.empty() : tensor<2x2xf32>
  %z = cnn.fc ins(%y, %v : tensor<2x34xf32>, tensor<2x34xf32>) outs(%j : tensor<2x2xf32>) -> tensor<2x2xf32>
  return %y, %r, %z : tensor<2x34xf32>, tensor<2x34xf32>, tensor<2x2xf32>
}

// CHECK: dialect_resources
// CHECK-DAG: fc6_entries: "0x010000000132230122"
// CHECK-DAG: fc6_col_ptrs: "0x0400000000000000010000000100000002000000020000000000000001000000010000000100000003000000"
// CHECK-DAG: padding_unfused_0_entries: "0x01000000F001"
// CHECK-DAG: padding_unfused_0_col_ptrs: "0x0400000000000000000000000000000002000000"
