// A level-0 factor past the bound is a padded tile (K in whole vectors), but
// a level above may not iterate over tiles wholly past the bound.
func.func @imperfect_padded_then_too_many(%x: tensor<1x64xf32>, %w: tensor<5x64xf32>, %i: tensor<1x5xf32>) -> tensor<1x5xf32> {
  // expected-error @+1 {{imperfect blocking factor 2 of loop K at level "DRAM" exceeds ceil(5 / 16) = 1, the tiles needed to cover the bound}}
  %y = cnn.fc ins(%x, %w : tensor<1x64xf32>, tensor<5x64xf32>) outs(%i : tensor<1x5xf32>)
         {blocking = #cnn.blocking<[<"RF", {K = 16, C = 64}>, <"DRAM", {K = 2}, order = [N, K, C, Y, X, R, S]>], imperfect>}
         -> tensor<1x5xf32>
  return %y : tensor<1x5xf32>
}
