// RUN: eie-opt %s -split-input-file -verify-diagnostics
// Issue 15: verifiers never allocate what a type claims, and never let a
// product wrap around.

func.func @payload_2_62(%x: tensor<1x4xf32>) -> tensor<1x8xf32> {
  // expected-error @+1 {{invalid compressed matrix: 'entries' has 4611686018427387904 elements, more than the limit of 2^30}}
  %y = eie.sparse_fc %x {matrix = #eie.compressed_matrix<rows = 8, cols = 4, pes = 2, bits = 2, codebook = array<f32: 0.0, -0.5, 0.25, 1.0>, fixed_codebook = array<i16: 0, -8192, 4096, 16384>, frac_bits = 14, entries = dense<1> : tensor<4611686018427387904xi8>, col_ptrs = dense<[0, 1, 1, 2, 2, 0, 1, 1, 1, 3]> : tensor<10xi32>>} : tensor<1x4xf32> -> tensor<1x8xf32>
  return %y : tensor<1x8xf32>
}

// -----

func.func @blocking_overflow(%x: tensor<1x64xf32>, %w: tensor<32x64xf32>, %i: tensor<1x32xf32>) -> tensor<1x32xf32> {
  // 32 * 2^32 * 2^32 wraps around to 0 in 64 bits.
  // expected-error @+2 {{blocking factors of loop K multiply past 2^63 - 1}}
  %y = cnn.fc ins(%x, %w : tensor<1x64xf32>, tensor<32x64xf32>) outs(%i : tensor<1x32xf32>)
         {blocking = #cnn.blocking<[<"RF", {K = 32, C = 64}>, <"L2", {K = 4294967296}, order = [N, K, C, Y, X, R, S]>, <"DRAM", {K = 4294967296}, order = [N, K, C, Y, X, R, S]>]>}
         -> tensor<1x32xf32>
  return %y : tensor<1x32xf32>
}
