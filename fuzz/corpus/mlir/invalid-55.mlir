func.func @softmax_axis(%x: tensor<2x10xf32>) -> tensor<2x10xf32> {
  // expected-error @+1 {{'axis' must be in [0, 2), got 2}}
  %y = cnn.softmax %x {axis = 2 : i64} : tensor<2x10xf32>
  return %y : tensor<2x10xf32>
}
