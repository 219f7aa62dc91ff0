func.func @step(%x: tensor<2x3xf32>, %h: tensor<2x4xf32>, %c: tensor<2x4xf32>, %w: tensor<16x7xf32>,
                %b: tensor<16xf32>) -> (tensor<2x4xf32>, tensor<2x4xf32>) {
  %h1, %c1 = cnn.lstm_cell %x, %h, %c, %w, %b
      : tensor<2x3xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<16x7xf32>, tensor<16xf32>
      -> tensor<2x4xf32>, tensor<2x4xf32> loc("lstm1")
  return %h1, %c1 : tensor<2x4xf32>, tensor<2x4xf32>
}
