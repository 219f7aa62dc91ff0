func.func @pool_init(%x: tensor<1x96x55x55xf32>, %i: tensor<1x96x27x28xf32>) -> tensor<1x96x27x28xf32> {
  // expected-error @+1 {{init dimension 3 (width) is 28, expected 27}}
  %y = cnn.max_pool2d ins(%x : tensor<1x96x55x55xf32>) outs(%i : tensor<1x96x27x28xf32>) {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>} -> tensor<1x96x27x28xf32>
  return %y : tensor<1x96x27x28xf32>
}
