func.func @relu_integer(%x: tensor<4xi32>) -> tensor<4xi32> {
  // expected-error @+1 {{operand #0 must be statically shaped tensor of floats}}
  %y = cnn.relu %x : tensor<4xi32>
  return %y : tensor<4xi32>
}
