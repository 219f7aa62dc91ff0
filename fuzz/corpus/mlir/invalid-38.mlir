func.func @pool_kernel_zero(%x: tensor<1x4x8x8xf32>, %i: tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error @+1 {{'kernel' value 0 [kh, kw] must be positive, got 0}}
  %y = cnn.max_pool2d ins(%x : tensor<1x4x8x8xf32>) outs(%i : tensor<1x4x4x4xf32>) {kernel = array<i64: 0, 2>, strides = array<i64: 2, 2>} -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}
