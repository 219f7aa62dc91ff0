func.func @level_names(%x: tensor<1x4xf32>, %w: tensor<4x4xf32>) -> tensor<1x4xf32> {
  %i = tensor.empty() : tensor<1x4xf32>
  // expected-error @+1 {{blocking level "L1" does not match the architecture's level "RF"}}
  %y = cnn.fc ins(%x, %w : tensor<1x4xf32>, tensor<4x4xf32>) outs(%i : tensor<1x4xf32>)
         {blocking = #cnn.blocking<[<"L1", {K = 4}>, <"DRAM", {C = 4}, order = [N, K, C, Y, X, R, S]>]>} -> tensor<1x4xf32>
  return %y : tensor<1x4xf32>
}
