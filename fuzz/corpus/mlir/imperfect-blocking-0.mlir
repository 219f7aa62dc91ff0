// An imperfect blocking: Y = 13 in RF tiles of 4 (ceil(13 / 4) = 4 tiles, the last one row),
// X = 13 in RF tiles of 5 and SRAM tiles of 10 (2 tiles: 10 and 3 columns).
func.func @conv2d_imperfect_blocking(%x: tensor<1x16x15x15xf32>, %w: tensor<32x16x3x3xf32>) -> tensor<1x32x13x13xf32> {
  %i = tensor.empty() : tensor<1x32x13x13xf32>
  %y = cnn.conv2d ins(%x, %w : tensor<1x16x15x15xf32>, tensor<32x16x3x3xf32>) outs(%i : tensor<1x32x13x13xf32>)
         {blocking = #cnn.blocking<[<"RF", {K = 2, Y = 4, X = 5, R = 3, S = 3}>,
                                    <"SRAM", {K = 4, C = 16, X = 2}, order = [N, K, C, Y, X, R, S]>,
                                    <"DRAM", {K = 4, Y = 4, X = 2}, order = [K, N, C, Y, X, R, S]>],
                                   imperfect>}
         -> tensor<1x32x13x13xf32>
  return %y : tensor<1x32x13x13xf32>
}

// A perfect blocking may be marked imperfect; it prints as written.
func.func @fc_marked_imperfect(%x: tensor<1x64xf32>, %w: tensor<32x64xf32>, %i: tensor<1x32xf32>) -> tensor<1x32xf32> {
  %y = cnn.fc ins(%x, %w : tensor<1x64xf32>, tensor<32x64xf32>) outs(%i : tensor<1x32xf32>)
         {blocking = #cnn.blocking<[<"RF", {K = 2, C = 64}>, <"DRAM", {K = 16}, order = [N, K, C, Y, X, R, S]>], imperfect>}
         -> tensor<1x32xf32>
  return %y : tensor<1x32xf32>
}
