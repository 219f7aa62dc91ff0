func.func @pool_zero_size(%x: tensor<1x4x0x8xf32>, %i: tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error @+1 {{operand 0 has size 0 in dimension 2, sizes must be positive}}
  %y = cnn.max_pool2d ins(%x : tensor<1x4x0x8xf32>) outs(%i : tensor<1x4x4x4xf32>) {kernel = array<i64: 2, 2>} -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}
