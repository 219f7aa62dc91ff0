// With it they must still cover the bound.
func.func @imperfect_too_small(%x: tensor<1x64xf32>, %w: tensor<5x64xf32>, %i: tensor<1x5xf32>) -> tensor<1x5xf32> {
  // expected-error @+1 {{imperfect blocking factors of loop K multiply to 4, fewer than the loop bound 5}}
  %y = cnn.fc ins(%x, %w : tensor<1x64xf32>, tensor<5x64xf32>) outs(%i : tensor<1x5xf32>)
         {blocking = #cnn.blocking<[<"RF", {K = 2, C = 64}>, <"DRAM", {K = 2}, order = [N, K, C, Y, X, R, S]>], imperfect>}
         -> tensor<1x5xf32>
  return %y : tensor<1x5xf32>
}
