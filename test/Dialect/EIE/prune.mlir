// RUN: eie-opt %s --eie-prune="density=0.5 layer-density=fc2:0.25" 2>/dev/null | FileCheck %s
// RUN: eie-opt %s --eie-prune="density=0.5 layer-density=fc2:0.25" 2>&1 >/dev/null | FileCheck %s --check-prefix=REMARK --implicit-check-not=note:

// REMARK: remark: loc("fc1"): pruned layer 'fc1' to density 0.5000 (4 of 8 weights kept)
// REMARK: remark: loc("fc2"): pruned layer 'fc2' to density 0.2500 (2 of 8 weights kept)
// REMARK: prune.mlir:{{[0-9]+}}:8: remark: pruned layer 'conv_resource.0' to density 0.5000 (2 of 4 weights kept)
// REMARK-NOT: remark

// With pes=4 the fc layers are pruned padding-aware; their 2 rows leave no run of 16 to fill,
// so the weights are those of plain pruning (the CHECK lines below); conv stays plain.
// RUN: eie-opt %s --eie-prune="density=0.5 layer-density=fc2:0.25 pes=4" 2>/dev/null | FileCheck %s
// RUN: eie-opt %s --eie-prune="density=0.5 layer-density=fc2:0.25 pes=4" 2>&1 >/dev/null | FileCheck %s --check-prefix=REMARK-PES
// REMARK-PES: remark: loc("fc1"): pruned layer 'fc1' to density 0.5000 (4 of 8 weights kept, 0 of them in place of padding)
// REMARK-PES: remark: loc("fc2"): pruned layer 'fc2' to density 0.2500 (2 of 8 weights kept, 0 of them in place of padding)
// REMARK-PES: prune.mlir:{{[0-9]+}}:8: remark: pruned layer 'conv_resource.0' to density 0.5000 (2 of 4 weights kept)
// REMARK-PES-NOT: remark
// Padding-aware pruning with fills: prune-pes.mlir.

// Keeps round(density * size) weights of largest magnitude; the others become exactly 0.
// CHECK-LABEL: func @fc_global_density
// CHECK: %[[W:.*]] = arith.constant dense<{{\[}}[0.000000e+00, -8.000000e-01, 3.000000e-01, 0.000000e+00], [5.000000e-01, 0.000000e+00, 0.000000e+00, 0.899999976]]> : tensor<2x4xf32>
// CHECK: cnn.fc ins(%{{.*}}, %[[W]] :
func.func @fc_global_density(%x: tensor<1x4xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense<[[0.1, -0.8, 0.3, 0.0], [0.5, -0.2, 0.05, 0.9]]> : tensor<2x4xf32>
  %i = tensor.empty() : tensor<1x2xf32>
  %y = cnn.fc ins(%x, %w : tensor<1x4xf32>, tensor<2x4xf32>) outs(%i : tensor<1x2xf32>) -> tensor<1x2xf32> loc("fc1")
  return %y : tensor<1x2xf32>
}

// A layer-density entry overrides the global density; ties keep the lower index.
// CHECK-LABEL: func @fc_layer_density
// CHECK: arith.constant dense<{{\[}}[1.000000e+00, 0.000000e+00, 0.000000e+00, 1.000000e+00], [0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00]]> : tensor<2x4xf32>
func.func @fc_layer_density(%x: tensor<1x4xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense<[[1.0, 0.5, -0.5, 1.0], [-1.0, 0.25, 0.0, 1.0]]> : tensor<2x4xf32>
  %i = tensor.empty() : tensor<1x2xf32>
  %y = cnn.fc ins(%x, %w : tensor<1x4xf32>, tensor<2x4xf32>) outs(%i : tensor<1x2xf32>) -> tensor<1x2xf32> loc("fc2")
  return %y : tensor<1x2xf32>
}

// Convolution filters and dense_resource weights are pruned too; a dense_resource stays one.
// Layers without a name are named after the op and their position.
// CHECK-LABEL: func @conv_resource
// CHECK: %[[F:.*]] = arith.constant dense_resource<{{.*}}> : tensor<2x1x1x2xf32>
// CHECK: cnn.conv2d ins(%{{.*}}, %[[F]] :
func.func @conv_resource(%x: tensor<1x1x2x2xf32>) -> tensor<1x2x2x1xf32> {
  %f = arith.constant dense_resource<filter> : tensor<2x1x1x2xf32>
  %i = tensor.empty() : tensor<1x2x2x1xf32>
  %y = cnn.conv2d ins(%x, %f : tensor<1x1x2x2xf32>, tensor<2x1x1x2xf32>) outs(%i : tensor<1x2x2x1xf32>) -> tensor<1x2x2x1xf32>
  return %y : tensor<1x2x2x1xf32>
}

// Weights that are not a constant are left alone.
// CHECK-LABEL: func @argument_weights
// CHECK: cnn.fc ins(%{{.*}}, %arg1 :
func.func @argument_weights(%x: tensor<1x4xf32>, %w: tensor<2x4xf32>) -> tensor<1x2xf32> {
  %i = tensor.empty() : tensor<1x2xf32>
  %y = cnn.fc ins(%x, %w : tensor<1x4xf32>, tensor<2x4xf32>) outs(%i : tensor<1x2xf32>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// The pruned blob holds 0, -2, 3, 0 (f32).
// CHECK: dialect_resources
// CHECK: conv_resource_0_weights: "0x0400000000000000000000C00000404000000000"
{-#
  dialect_resources: {
    builtin: {
      filter: "0x040000000000803F000000C0000040400000003F"
    }
  }
#-}
