func.func @lrn_alpha(%x: tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32> {
  // expected-error @+1 {{'alpha' must be non-negative, got -1.000000e+00}}
  %y = cnn.lrn %x {size = 5 : i64, alpha = -1.0 : f32} : tensor<1x8x4x4xf32>
  return %y : tensor<1x8x4x4xf32>
}
