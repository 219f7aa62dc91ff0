// OUTPUT: error: cannot write the blocking report

func.func @unblocked(%x: tensor<1x4xf32>, %w: tensor<4x4xf32>) -> tensor<1x4xf32> {
  %i = tensor.empty() : tensor<1x4xf32>
  // expected-warning @+1 {{layer 'unblocked.0' has no blocking to report}}
  %y = cnn.fc ins(%x, %w : tensor<1x4xf32>, tensor<4x4xf32>) outs(%i : tensor<1x4xf32>) -> tensor<1x4xf32>
  return %y : tensor<1x4xf32>
}
