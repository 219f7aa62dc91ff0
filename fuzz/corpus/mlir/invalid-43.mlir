func.func @pool_stride_too_large(%x: tensor<1x4x8x8xf32>, %i: tensor<1x4x1x4xf32>) -> tensor<1x4x1x4xf32> {
  // expected-error @+1 {{stride along height (10) exceeds the padded input height (8)}}
  %y = cnn.max_pool2d ins(%x : tensor<1x4x8x8xf32>) outs(%i : tensor<1x4x1x4xf32>) {kernel = array<i64: 2, 2>, strides = array<i64: 10, 2>} -> tensor<1x4x1x4xf32>
  return %y : tensor<1x4x1x4xf32>
}
