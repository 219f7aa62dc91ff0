func.func @pool_element_type(%x: tensor<1x4x8x8xf16>, %i: tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error @+1 {{element types must all be 'f16', got 'f32'}}
  %y = cnn.avg_pool2d ins(%x : tensor<1x4x8x8xf16>) outs(%i : tensor<1x4x4x4xf32>) {kernel = array<i64: 2, 2>} -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}
