func.func @pool_strides(%x: tensor<1x4x8x8xf32>, %i: tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error @+1 {{'strides' value 0 [sy, sx] must be positive, got -2}}
  %y = cnn.max_pool2d ins(%x : tensor<1x4x8x8xf32>) outs(%i : tensor<1x4x4x4xf32>) {kernel = array<i64: 2, 2>, strides = array<i64: -2, 2>} -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}
