// Groups of 3 output channels are not whole vectors: no blocking, the reference lowering runs it.
func.func @partial_vector_groups(%x: tensor<1x8x6x6xf32>, %w: tensor<12x2x3x3xf32>) -> tensor<1x12x4x4xf32> {
  %i = tensor.empty() : tensor<1x12x4x4xf32>
  %y = cnn.conv2d ins(%x, %w : tensor<1x8x6x6xf32>, tensor<12x2x3x3xf32>) outs(%i : tensor<1x12x4x4xf32>)
         {groups = 4 : i64} -> tensor<1x12x4x4xf32>
  return %y : tensor<1x12x4x4xf32>
}
