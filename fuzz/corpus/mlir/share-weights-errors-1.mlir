func.func @infinite(%x: tensor<1x4xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense<[[0.1, -0.8, 0x7F800000, 0.0], [0.5, -0.2, 0.05, 0.9]]> : tensor<2x4xf32>
  %i = tensor.empty() : tensor<1x2xf32>
  // expected-error @+1 {{cannot share the weights of layer 'cnn.fc#0': share weights: weight 2 is inf, expected a finite number}}
  %y = cnn.fc ins(%x, %w : tensor<1x4xf32>, tensor<2x4xf32>) outs(%i : tensor<1x2xf32>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}
