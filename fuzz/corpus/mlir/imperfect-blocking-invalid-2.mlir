// ... and no level may walk tiles that lie wholly past the bound: 5 in tiles of 2 needs 3.
func.func @imperfect_past_the_bound(%x: tensor<1x64xf32>, %w: tensor<5x64xf32>, %i: tensor<1x5xf32>) -> tensor<1x5xf32> {
  // expected-error @+1 {{imperfect blocking factor 4 of loop K at level "DRAM" exceeds ceil(5 / 2) = 3, the tiles needed to cover the bound}}
  %y = cnn.fc ins(%x, %w : tensor<1x64xf32>, tensor<5x64xf32>) outs(%i : tensor<1x5xf32>)
         {blocking = #cnn.blocking<[<"RF", {K = 2, C = 64}>, <"DRAM", {K = 4}, order = [N, K, C, Y, X, R, S]>], imperfect>}
         -> tensor<1x5xf32>
  return %y : tensor<1x5xf32>
}
