func.func @pool_window(%x: tensor<1x4x2x8xf32>, %i: tensor<1x4x1x2xf32>) -> tensor<1x4x1x2xf32> {
  // expected-error @+1 {{window height 3 exceeds the padded input height 2}}
  %y = cnn.max_pool2d ins(%x : tensor<1x4x2x8xf32>) outs(%i : tensor<1x4x1x2xf32>) {kernel = array<i64: 3, 3>} -> tensor<1x4x1x2xf32>
  return %y : tensor<1x4x1x2xf32>
}
