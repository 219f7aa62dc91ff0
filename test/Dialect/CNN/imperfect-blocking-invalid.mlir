// RUN: eie-opt %s -split-input-file -verify-diagnostics

// Without `imperfect` the factors must multiply to the bound exactly.
func.func @needs_imperfect(%x: tensor<1x64xf32>, %w: tensor<5x64xf32>, %i: tensor<1x5xf32>) -> tensor<1x5xf32> {
  // expected-error @+1 {{blocking factors of loop K multiply to 6, expected the loop bound 5}}
  %y = cnn.fc ins(%x, %w : tensor<1x64xf32>, tensor<5x64xf32>) outs(%i : tensor<1x5xf32>)
         {blocking = #cnn.blocking<[<"RF", {K = 2, C = 64}>, <"DRAM", {K = 3}, order = [N, K, C, Y, X, R, S]>]>}
         -> tensor<1x5xf32>
  return %y : tensor<1x5xf32>
}

// -----

// With it they must still cover the bound.
func.func @imperfect_too_small(%x: tensor<1x64xf32>, %w: tensor<5x64xf32>, %i: tensor<1x5xf32>) -> tensor<1x5xf32> {
  // expected-error @+1 {{imperfect blocking factors of loop K multiply to 4, fewer than the loop bound 5}}
  %y = cnn.fc ins(%x, %w : tensor<1x64xf32>, tensor<5x64xf32>) outs(%i : tensor<1x5xf32>)
         {blocking = #cnn.blocking<[<"RF", {K = 2, C = 64}>, <"DRAM", {K = 2}, order = [N, K, C, Y, X, R, S]>], imperfect>}
         -> tensor<1x5xf32>
  return %y : tensor<1x5xf32>
}

// -----

// ... and no level may walk tiles that lie wholly past the bound: 5 in tiles of 2 needs 3.
func.func @imperfect_past_the_bound(%x: tensor<1x64xf32>, %w: tensor<5x64xf32>, %i: tensor<1x5xf32>) -> tensor<1x5xf32> {
  // expected-error @+1 {{imperfect blocking factor 4 of loop K at level "DRAM" exceeds ceil(5 / 2) = 3, the tiles needed to cover the bound}}
  %y = cnn.fc ins(%x, %w : tensor<1x64xf32>, tensor<5x64xf32>) outs(%i : tensor<1x5xf32>)
         {blocking = #cnn.blocking<[<"RF", {K = 2, C = 64}>, <"DRAM", {K = 4}, order = [N, K, C, Y, X, R, S]>], imperfect>}
         -> tensor<1x5xf32>
  return %y : tensor<1x5xf32>
}

// -----

// A level-0 factor past the bound is a padded tile (K in whole vectors), but
// a level above may not iterate over tiles wholly past the bound.
func.func @imperfect_padded_then_too_many(%x: tensor<1x64xf32>, %w: tensor<5x64xf32>, %i: tensor<1x5xf32>) -> tensor<1x5xf32> {
  // expected-error @+1 {{imperfect blocking factor 2 of loop K at level "DRAM" exceeds ceil(5 / 16) = 1, the tiles needed to cover the bound}}
  %y = cnn.fc ins(%x, %w : tensor<1x64xf32>, tensor<5x64xf32>) outs(%i : tensor<1x5xf32>)
         {blocking = #cnn.blocking<[<"RF", {K = 16, C = 64}>, <"DRAM", {K = 2}, order = [N, K, C, Y, X, R, S]>], imperfect>}
         -> tensor<1x5xf32>
  return %y : tensor<1x5xf32>
}

// -----

func.func @imperfect_misspelled() attributes {
  // expected-error @+1 {{expected 'imperfect'}}
  b = #cnn.blocking<[<"RF", {K = 2}>, <"DRAM", {K = 16}, order = [N, K, C, Y, X, R, S]>], perfect>} {
  return
}
