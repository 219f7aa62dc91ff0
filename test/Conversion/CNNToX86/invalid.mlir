// RUN: eie-opt %s --cnn-apply-blocking=target=avx512 -split-input-file -verify-diagnostics

func.func @reduction_in_registers(%x: tensor<1x16x4x4xf32>, %w: tensor<16x16x1x1xf32>) -> tensor<1x16x4x4xf32> {
  %i = tensor.empty() : tensor<1x16x4x4xf32>
  // expected-error @+1 {{the register tile (level 0) must have factor 1 along C, R and S; along C it is 2}}
  %y = cnn.conv2d ins(%x, %w : tensor<1x16x4x4xf32>, tensor<16x16x1x1xf32>) outs(%i : tensor<1x16x4x4xf32>) {
        blocking = #cnn.blocking<[
          <"RF", {N = 1, K = 16, C = 2, Y = 1, X = 4, R = 1, S = 1}>,
          <"L1d", {N = 1, K = 1, C = 8, Y = 4, X = 1, R = 1, S = 1}, order = [N, K, Y, X, C, R, S]>]>}
        -> tensor<1x16x4x4xf32>
  return %y : tensor<1x16x4x4xf32>
}

// -----

func.func @partial_vector(%x: tensor<1x16x4x4xf32>, %w: tensor<16x16x1x1xf32>) -> tensor<1x16x4x4xf32> {
  %i = tensor.empty() : tensor<1x16x4x4xf32>
  // expected-error @+1 {{the register tile's K factor 8 is not a multiple of the vector width 16}}
  %y = cnn.conv2d ins(%x, %w : tensor<1x16x4x4xf32>, tensor<16x16x1x1xf32>) outs(%i : tensor<1x16x4x4xf32>) {
        blocking = #cnn.blocking<[
          <"RF", {N = 1, K = 8, C = 1, Y = 1, X = 4, R = 1, S = 1}>,
          <"L1d", {N = 1, K = 2, C = 16, Y = 4, X = 1, R = 1, S = 1}, order = [N, K, Y, X, C, R, S]>]>}
        -> tensor<1x16x4x4xf32>
  return %y : tensor<1x16x4x4xf32>
}

// -----

func.func @too_many_accumulators(%x: tensor<1x16x4x32xf32>, %w: tensor<32x16x1x1xf32>) -> tensor<1x32x4x32xf32> {
  %i = tensor.empty() : tensor<1x32x4x32xf32>
  // expected-error @+1 {{the register tile needs 64 vector accumulators, more than the 28 the target's register file holds}}
  %y = cnn.conv2d ins(%x, %w : tensor<1x16x4x32xf32>, tensor<32x16x1x1xf32>) outs(%i : tensor<1x32x4x32xf32>) {
        blocking = #cnn.blocking<[
          <"RF", {N = 1, K = 32, C = 1, Y = 1, X = 32, R = 1, S = 1}>,
          <"L1d", {N = 1, K = 1, C = 16, Y = 4, X = 1, R = 1, S = 1}, order = [N, K, Y, X, C, R, S]>]>}
        -> tensor<1x32x4x32xf32>
  return %y : tensor<1x32x4x32xf32>
}

// -----

func.func @unaligned_channels(%x: tensor<1x48x4x4xf32>, %w: tensor<16x48x1x1xf32>) -> tensor<1x16x4x4xf32> {
  %i = tensor.empty() : tensor<1x16x4x4xf32>
  // expected-error @+1 {{level 1's C tile 24 neither divides nor is a multiple of the input channel block 16}}
  %y = cnn.conv2d ins(%x, %w : tensor<1x48x4x4xf32>, tensor<16x48x1x1xf32>) outs(%i : tensor<1x16x4x4xf32>) {
        blocking = #cnn.blocking<[
          <"RF", {N = 1, K = 16, C = 1, Y = 1, X = 4, R = 1, S = 1}>,
          <"L1d", {N = 1, K = 1, C = 24, Y = 4, X = 1, R = 1, S = 1}, order = [N, K, Y, X, C, R, S]>,
          <"DRAM", {N = 1, K = 1, C = 2, Y = 1, X = 1, R = 1, S = 1}, order = [N, K, Y, X, C, R, S]>]>}
        -> tensor<1x16x4x4xf32>
  return %y : tensor<1x16x4x4xf32>
}
