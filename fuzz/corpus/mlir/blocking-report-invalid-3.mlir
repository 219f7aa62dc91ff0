func.func @over_capacity(%x: tensor<1x256xf32>, %w: tensor<256x256xf32>) -> tensor<1x256xf32> {
  %i = tensor.empty() : tensor<1x256xf32>
  // expected-error @+1 {{invalid blocking of layer 'over_capacity.0'}}
  %y = cnn.fc ins(%x, %w : tensor<1x256xf32>, tensor<256x256xf32>) outs(%i : tensor<1x256xf32>)
         {blocking = #cnn.blocking<[<"RF", {K = 256, C = 256}>, <"DRAM", {}, order = [N, K, C, Y, X, R, S]>]>} -> tensor<1x256xf32>
  return %y : tensor<1x256xf32>
}
