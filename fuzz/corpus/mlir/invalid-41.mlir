func.func @pool_padding_half_kernel(%x: tensor<1x4x8x8xf32>, %i: tensor<1x4x5x4xf32>) -> tensor<1x4x5x4xf32> {
  // expected-error @+1 {{padding value 0 (2) exceeds half the kernel (2)}}
  %y = cnn.max_pool2d ins(%x : tensor<1x4x8x8xf32>) outs(%i : tensor<1x4x5x4xf32>) {kernel = array<i64: 2, 2>, padding = array<i64: 2, 0, 0, 0>} -> tensor<1x4x5x4xf32>
  return %y : tensor<1x4x5x4xf32>
}
