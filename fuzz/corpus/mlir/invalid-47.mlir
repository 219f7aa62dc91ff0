func.func @lrn_beta(%x: tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32> {
  // expected-error @+1 {{'beta' must be non-negative, got -7.500000e-01}}
  %y = cnn.lrn %x {size = 5 : i64, beta = -0.75 : f32} : tensor<1x8x4x4xf32>
  return %y : tensor<1x8x4x4xf32>
}
