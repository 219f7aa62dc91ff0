// RUN: eie-opt %s | eie-opt | FileCheck %s
// RUN: eie-opt %s --mlir-print-op-generic | eie-opt | FileCheck %s
// RUN: eie-opt %s --emit-bytecode | eie-opt | FileCheck %s

// CHECK-LABEL: func @residual_add
func.func @residual_add(%a: tensor<1x64x8x8xf32>, %b: tensor<1x64x8x8xf32>) -> tensor<1x64x8x8xf32> {
  // CHECK: cnn.add %{{.*}}, %{{.*}} : tensor<1x64x8x8xf32>, tensor<1x64x8x8xf32> -> tensor<1x64x8x8xf32>
  %y = cnn.add %a, %b : tensor<1x64x8x8xf32>, tensor<1x64x8x8xf32> -> tensor<1x64x8x8xf32>
  return %y : tensor<1x64x8x8xf32>
}

// CHECK-LABEL: func @broadcast_mul
func.func @broadcast_mul(%a: tensor<3x1x5xf32>, %b: tensor<4x1xf32>, %s: tensor<f32>) -> tensor<3x4x5xf32> {
  // CHECK: cnn.mul %{{.*}}, %{{.*}} : tensor<3x1x5xf32>, tensor<4x1xf32> -> tensor<3x4x5xf32>
  %y = cnn.mul %a, %b : tensor<3x1x5xf32>, tensor<4x1xf32> -> tensor<3x4x5xf32>
  // CHECK: cnn.add %{{.*}}, %{{.*}} : tensor<3x4x5xf32>, tensor<f32> -> tensor<3x4x5xf32>
  %z = cnn.add %y, %s : tensor<3x4x5xf32>, tensor<f32> -> tensor<3x4x5xf32>
  return %z : tensor<3x4x5xf32>
}

// CHECK-LABEL: func @sub_div
func.func @sub_div(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  // CHECK: cnn.sub %{{.*}}, %{{.*}} : tensor<2x3xf32>, tensor<3xf32> -> tensor<2x3xf32>
  %d = cnn.sub %a, %b : tensor<2x3xf32>, tensor<3xf32> -> tensor<2x3xf32>
  // CHECK: cnn.div %{{.*}}, %{{.*}} : tensor<2x3xf32>, tensor<3xf32> -> tensor<2x3xf32>
  %q = cnn.div %d, %b : tensor<2x3xf32>, tensor<3xf32> -> tensor<2x3xf32>
  return %q : tensor<2x3xf32>
}

// CHECK-LABEL: func @concat_channels
func.func @concat_channels(%a: tensor<1x64x4x4xf32>, %b: tensor<1x32x4x4xf32>) -> tensor<1x96x4x4xf32> {
  // CHECK: cnn.concat %{{.*}}, %{{.*}} {axis = 1 : i64} : tensor<1x64x4x4xf32>, tensor<1x32x4x4xf32> -> tensor<1x96x4x4xf32>
  %y = cnn.concat %a, %b {axis = 1 : i64} : tensor<1x64x4x4xf32>, tensor<1x32x4x4xf32> -> tensor<1x96x4x4xf32>
  return %y : tensor<1x96x4x4xf32>
}

// CHECK-LABEL: func @batch_norm
func.func @batch_norm(%x: tensor<2x3x4x4xf32>, %s: tensor<3xf32>, %b: tensor<3xf32>, %m: tensor<3xf32>, %v: tensor<3xf32>) -> tensor<2x3x4x4xf32> {
  // CHECK: cnn.batch_norm %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {epsilon = 1.000000e-03 : f32} : tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32> -> tensor<2x3x4x4xf32>
  %y = cnn.batch_norm %x, %s, %b, %m, %v {epsilon = 1.0e-3 : f32} : tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32> -> tensor<2x3x4x4xf32>
  return %y : tensor<2x3x4x4xf32>
}

// CHECK-LABEL: func @batched_matmul
func.func @batched_matmul(%a: tensor<2x3x4xf32>, %b: tensor<2x4x5xf32>) -> tensor<2x3x5xf32> {
  // CHECK: cnn.matmul %{{.*}}, %{{.*}} : tensor<2x3x4xf32>, tensor<2x4x5xf32> -> tensor<2x3x5xf32>
  %y = cnn.matmul %a, %b : tensor<2x3x4xf32>, tensor<2x4x5xf32> -> tensor<2x3x5xf32>
  return %y : tensor<2x3x5xf32>
}

// CHECK-LABEL: func @transpose_reshape
func.func @transpose_reshape(%a: tensor<2x3x4xf32>) -> tensor<12x2xf32> {
  // CHECK: cnn.transpose %{{.*}} {permutation = array<i64: 1, 2, 0>} : tensor<2x3x4xf32> -> tensor<3x4x2xf32>
  %t = cnn.transpose %a {permutation = array<i64: 1, 2, 0>} : tensor<2x3x4xf32> -> tensor<3x4x2xf32>
  // CHECK: cnn.reshape %{{.*}} : tensor<3x4x2xf32> -> tensor<12x2xf32>
  %r = cnn.reshape %t : tensor<3x4x2xf32> -> tensor<12x2xf32>
  return %r : tensor<12x2xf32>
}
