func.func @lstm_element_type(%x: tensor<1x8xf32>, %h: tensor<1x4xf16>, %c: tensor<1x4xf32>, %w: tensor<16x12xf32>) -> (tensor<1x4xf32>, tensor<1x4xf32>) {
  // expected-error @+1 {{element types must all be 'f32', got 'f16'}}
  %h1, %c1 = cnn.lstm_cell %x, %h, %c, %w : tensor<1x8xf32>, tensor<1x4xf16>, tensor<1x4xf32>, tensor<16x12xf32> -> tensor<1x4xf32>, tensor<1x4xf32>
  return %h1, %c1 : tensor<1x4xf32>, tensor<1x4xf32>
}
