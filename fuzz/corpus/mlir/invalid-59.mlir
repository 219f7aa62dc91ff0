func.func @lstm_weights(%x: tensor<1x8xf32>, %h: tensor<1x4xf32>, %c: tensor<1x4xf32>, %w: tensor<16x8xf32>) -> (tensor<1x4xf32>, tensor<1x4xf32>) {
  // expected-error @+1 {{weights have shape 16x8, expected 16x12 (4 * hidden x (inputs + hidden))}}
  %h1, %c1 = cnn.lstm_cell %x, %h, %c, %w : tensor<1x8xf32>, tensor<1x4xf32>, tensor<1x4xf32>, tensor<16x8xf32> -> tensor<1x4xf32>, tensor<1x4xf32>
  return %h1, %c1 : tensor<1x4xf32>, tensor<1x4xf32>
}
