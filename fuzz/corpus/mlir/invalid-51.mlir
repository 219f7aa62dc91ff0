func.func @flatten_element_type(%x: tensor<1x2x3xf32>) -> tensor<1x6xf16> {
  // expected-error @+1 {{element types must all be 'f32', got 'f16'}}
  %y = cnn.flatten %x : tensor<1x2x3xf32> -> tensor<1x6xf16>
  return %y : tensor<1x6xf16>
}
