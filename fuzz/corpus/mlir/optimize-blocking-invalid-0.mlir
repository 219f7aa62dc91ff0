// PRESET: error: cnn-optimize-blocking: unknown architecture preset 'no-such-preset'
// NOARCH: error: cnn-optimize-blocking: missing option 'arch' (an architecture JSON file or preset name)
// OBJECTIVE: error: cnn-optimize-blocking: unknown objective 'speed', expected energy, dram or edp

func.func @fits_nothing(%x: tensor<1x4xf32>, %w: tensor<4x4xf32>) -> tensor<1x4xf32> {
  %i = tensor.empty() : tensor<1x4xf32>
  // expected-error @+1 {{no blocking of layer 'fc1' on 'tiny-rf'}}
  %y = cnn.fc ins(%x, %w : tensor<1x4xf32>, tensor<4x4xf32>) outs(%i : tensor<1x4xf32>) -> tensor<1x4xf32> loc("fc1")
  return %y : tensor<1x4xf32>
}
