func.func @lrn_zero_size(%x: tensor<1x0x4x4xf32>) -> tensor<1x0x4x4xf32> {
  // expected-error @+1 {{operand 0 has size 0 in dimension 1, sizes must be positive}}
  %y = cnn.lrn %x {size = 5 : i64} : tensor<1x0x4x4xf32>
  return %y : tensor<1x0x4x4xf32>
}
