func.func @three_levels(%x: tensor<1x4xf32>, %w: tensor<4x4xf32>) -> tensor<1x4xf32> {
  %i = tensor.empty() : tensor<1x4xf32>
  // expected-error @+1 {{the blocking has 3 levels, the architecture 'asic-2level' has 2}}
  %y = cnn.fc ins(%x, %w : tensor<1x4xf32>, tensor<4x4xf32>) outs(%i : tensor<1x4xf32>)
         {blocking = #cnn.blocking<[<"RF", {K = 4}>, <"SRAM", {C = 4}, order = [N, K, C, Y, X, R, S]>,
                                    <"DRAM", {}, order = [N, K, C, Y, X, R, S]>]>} -> tensor<1x4xf32>
  return %y : tensor<1x4xf32>
}
