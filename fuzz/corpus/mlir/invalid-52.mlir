func.func @flatten_rank(%x: tensor<6xf32>) -> tensor<1x6xf32> {
  // expected-error @+1 {{input must have rank 2 or more, got 1}}
  %y = cnn.flatten %x : tensor<6xf32> -> tensor<1x6xf32>
  return %y : tensor<1x6xf32>
}
