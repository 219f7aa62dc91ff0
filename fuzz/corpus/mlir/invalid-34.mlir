func.func @pool_result_type(%x: tensor<1x4x8x8xf32>, %i: tensor<1x4x4x4xf32>) -> tensor<1x4x4x5xf32> {
  // expected-error @+1 {{all of {init, result} have same type}}
  %y = cnn.max_pool2d ins(%x : tensor<1x4x8x8xf32>) outs(%i : tensor<1x4x4x4xf32>) {kernel = array<i64: 2, 2>} -> tensor<1x4x4x5xf32>
  return %y : tensor<1x4x4x5xf32>
}
