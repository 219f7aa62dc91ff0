// BITS1: error: eie-share-weights: fc-bits: codebook: bits 1 outside [2, 8]
// BITS9: error: eie-share-weights: conv-bits: codebook: bits 9 outside [2, 8]
// INIT: for the --init option: Cannot find option named 'kmeans++'!
// LAYERS: error: eie-share-weights: layers entry 'fc9' selects no cnn.fc or cnn.conv2d with constant weights

func.func @all_zero(%x: tensor<1x4xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense<0.0> : tensor<2x4xf32>
  %i = tensor.empty() : tensor<1x2xf32>
  // expected-error @+1 {{cannot share the weights of layer 'cnn.fc#0': share weights: the layer's 8 weights are all zero}}
  %y = cnn.fc ins(%x, %w : tensor<1x4xf32>, tensor<2x4xf32>) outs(%i : tensor<1x2xf32>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}
