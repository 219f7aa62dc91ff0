// Without `imperfect` the factors must multiply to the bound exactly.
func.func @needs_imperfect(%x: tensor<1x64xf32>, %w: tensor<5x64xf32>, %i: tensor<1x5xf32>) -> tensor<1x5xf32> {
  // expected-error @+1 {{blocking factors of loop K multiply to 6, expected the loop bound 5}}
  %y = cnn.fc ins(%x, %w : tensor<1x64xf32>, tensor<5x64xf32>) outs(%i : tensor<1x5xf32>)
         {blocking = #cnn.blocking<[<"RF", {K = 2, C = 64}>, <"DRAM", {K = 3}, order = [N, K, C, Y, X, R, S]>]>}
         -> tensor<1x5xf32>
  return %y : tensor<1x5xf32>
}
