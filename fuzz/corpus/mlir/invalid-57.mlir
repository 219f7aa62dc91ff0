func.func @lstm_cell_state(%x: tensor<1x8xf32>, %h: tensor<1x4xf32>, %c: tensor<1x5xf32>, %w: tensor<16x12xf32>) -> (tensor<1x4xf32>, tensor<1x4xf32>) {
  // expected-error @+1 {{cell state has shape 1x5, expected 1x4 (batch x hidden)}}
  %h1, %c1 = cnn.lstm_cell %x, %h, %c, %w : tensor<1x8xf32>, tensor<1x4xf32>, tensor<1x5xf32>, tensor<16x12xf32> -> tensor<1x4xf32>, tensor<1x4xf32>
  return %h1, %c1 : tensor<1x4xf32>, tensor<1x4xf32>
}
