func.func @lrn_k(%x: tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32> {
  // expected-error @+1 {{'k' must be positive, got 0.000000e+00}}
  %y = cnn.lrn %x {size = 5 : i64, k = 0.0 : f32} : tensor<1x8x4x4xf32>
  return %y : tensor<1x8x4x4xf32>
}
