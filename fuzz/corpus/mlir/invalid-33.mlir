func.func @fc_init(%x: tensor<1x64xf32>, %w: tensor<32x64xf32>, %i: tensor<1x16xf32>) -> tensor<1x16xf32> {
  // expected-error @+1 {{init dimension 1 (outputs) is 16, expected 32}}
  %y = cnn.fc ins(%x, %w : tensor<1x64xf32>, tensor<32x64xf32>) outs(%i : tensor<1x16xf32>) -> tensor<1x16xf32>
  return %y : tensor<1x16xf32>
}
