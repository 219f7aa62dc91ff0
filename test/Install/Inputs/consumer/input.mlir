func.func @layer(%x: tensor<1x16xf32>, %w: tensor<8x16xf32>) -> tensor<1x8xf32> {
  %i = tensor.empty() : tensor<1x8xf32>
  %y = cnn.fc ins(%x, %w : tensor<1x16xf32>, tensor<8x16xf32>) outs(%i : tensor<1x8xf32>) -> tensor<1x8xf32>
  %r = cnn.relu %y : tensor<1x8xf32>
  return %r : tensor<1x8xf32>
}
