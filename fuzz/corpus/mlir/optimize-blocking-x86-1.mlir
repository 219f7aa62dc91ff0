// 1000 outputs are not whole vectors: K is padded to 1008, an imperfect blocking along K.
func.func @fc8(%x: tensor<1x4096xf32>, %w: tensor<1000x4096xf32>) -> tensor<1x1000xf32> {
  %i = tensor.empty() : tensor<1x1000xf32>
  %y = cnn.fc ins(%x, %w : tensor<1x4096xf32>, tensor<1000x4096xf32>) outs(%i : tensor<1x1000xf32>) -> tensor<1x1000xf32>
  return %y : tensor<1x1000xf32>
}
