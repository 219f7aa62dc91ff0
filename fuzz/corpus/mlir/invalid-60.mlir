func.func @lstm_bias(%x: tensor<1x8xf32>, %h: tensor<1x4xf32>, %c: tensor<1x4xf32>, %w: tensor<16x12xf32>, %b: tensor<4xf32>) -> (tensor<1x4xf32>, tensor<1x4xf32>) {
  // expected-error @+1 {{bias has 4 elements, expected 16 (4 * hidden)}}
  %h1, %c1 = cnn.lstm_cell %x, %h, %c, %w, %b : tensor<1x8xf32>, tensor<1x4xf32>, tensor<1x4xf32>, tensor<16x12xf32>, tensor<4xf32> -> tensor<1x4xf32>, tensor<1x4xf32>
  return %h1, %c1 : tensor<1x4xf32>, tensor<1x4xf32>
}
