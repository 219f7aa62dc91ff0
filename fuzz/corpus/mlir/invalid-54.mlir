func.func @flatten_shape(%x: tensor<1x256x6x6xf32>) -> tensor<1x9000xf32> {
  // expected-error @+1 {{init dimension 1 (flattened) is 9000, expected 9216}}
  %y = cnn.flatten %x : tensor<1x256x6x6xf32> -> tensor<1x9000xf32>
  return %y : tensor<1x9000xf32>
}
