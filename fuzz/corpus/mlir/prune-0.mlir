// REMARK: remark: loc("fc1"): pruned layer 'fc1' to density 0.5000 (4 of 8 weights kept)
// REMARK: remark: loc("fc2"): pruned layer 'fc2' to density 0.2500 (2 of 8 weights kept)
// REMARK: prune.mlir:{{[0-9]+}}:8: remark: pruned layer 'cnn.conv2d#2' to density 0.5000 (2 of 4 weights kept)
// REMARK-NOT: remark

// With pes=4 the fc layers are pruned padding-aware; their 2 rows leave no run of 16 to fill,
// so the weights are those of plain pruning (the CHECK lines below); conv stays plain.
// REMARK-PES: remark: loc("fc1"): pruned layer 'fc1' to density 0.5000 (4 of 8 weights kept, 0 of them in place of padding)
// REMARK-PES: remark: loc("fc2"): pruned layer 'fc2' to density 0.2500 (2 of 8 weights kept, 0 of them in place of padding)
// REMARK-PES: prune.mlir:{{[0-9]+}}:8: remark: pruned layer 'cnn.conv2d#2' to density 0.5000 (2 of 4 weights kept)
// REMARK-PES-NOT: remark
// Padding-aware pruning with fills: prune-pes.mlir.

// Keeps round(density * size) weights of largest magnitude; the others become exactly 0.
func.func @fc_global_density(%x: tensor<1x4xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense<[[0.1, -0.8, 0.3, 0.0], [0.5, -0.2, 0.05, 0.9]]> : tensor<2x4xf32>
  %i = tensor.empty() : tensor<1x2xf32>
  %y = cnn.fc ins(%x, %w : tensor<1x4xf32>, tensor<2x4xf32>) outs(%i : tensor<1x2xf32>) -> tensor<1x2xf32> loc("fc1")
  return %y : tensor<1x2xf32>
}

// A layer-density entry overrides the global density; ties keep the lower index.
func.func @fc_layer_density(%x: tensor<1x4xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense<[[1.0, 0.5, -0.5, 1.0], [-1.0, 0.25, 0.0, 1.0]]> : tensor<2x4xf32>
  %i = tensor.empty() : tensor<1x2xf32>
  %y = cnn.fc ins(%x, %w : tensor<1x4xf32>, tensor<2x4xf32>) outs(%i : tensor<1x2xf32>) -> tensor<1x2xf32> loc("fc2")
  return %y : tensor<1x2xf32>
}

// Convolution filters and dense_resource weights are pruned too; a dense_resource stays one.
// Layers without a name are named after the op and their position.
func.func @conv_resource(%x: tensor<1x1x2x2xf32>) -> tensor<1x2x2x1xf32> {
  %f = arith.constant dense_resource<filter> : tensor<2x1x1x2xf32>
  %i = tensor.empty() : tensor<1x2x2x1xf32>
  %y = cnn.conv2d ins(%x, %f : tensor<1x1x2x2xf32>, tensor<2x1x1x2xf32>) outs(%i : tensor<1x2x2x1xf32>) -> tensor<1x2x2x1xf32>
  return %y : tensor<1x2x2x1xf32>
}

// Weights that are not a constant are left alone.
func.func @argument_weights(%x: tensor<1x4xf32>, %w: tensor<2x4xf32>) -> tensor<1x2xf32> {
  %i = tensor.empty() : tensor<1x2xf32>
  %y = cnn.fc ins(%x, %w : tensor<1x4xf32>, tensor<2x4xf32>) outs(%i : tensor<1x2xf32>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// The pruned blob holds 0, -2, 3, 0 (f32).
{-#
  dialect_resources: {
    builtin: {
      filter: "0x040000000000803F000000C0000040400000003F"
    }
  }
#-}
