func.func @pool_kernel_count(%x: tensor<1x4x8x8xf32>, %i: tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error @+1 {{'kernel' must have 2 values [kh, kw], got 1}}
  %y = cnn.max_pool2d ins(%x : tensor<1x4x8x8xf32>) outs(%i : tensor<1x4x4x4xf32>) {kernel = array<i64: 2>} -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}
