func.func @pool_padding_count(%x: tensor<1x4x8x8xf32>, %i: tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error @+1 {{'padding' must have 4 values [top, left, bottom, right], got 2}}
  %y = cnn.avg_pool2d ins(%x : tensor<1x4x8x8xf32>) outs(%i : tensor<1x4x4x4xf32>) {kernel = array<i64: 2, 2>, padding = array<i64: 1, 1>} -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}
