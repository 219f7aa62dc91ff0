func.func @lrn_even_size(%x: tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32> {
  // expected-error @+1 {{'size' must be odd and positive, got 4}}
  %y = cnn.lrn %x {size = 4 : i64} : tensor<1x8x4x4xf32>
  return %y : tensor<1x8x4x4xf32>
}
