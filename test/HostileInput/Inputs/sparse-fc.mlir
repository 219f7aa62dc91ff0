func.func @forward(%x: tensor<1x8xf32>) -> tensor<1x2xf32> {
  %y = eie.sparse_fc %x {act_frac = 8 : i32, out_frac = 6 : i32, matrix = #eie.compressed_matrix<rows = 2, cols = 8, pes = 1, bits = 2, codebook = array<f32: 0.0, -0.5, 0.25, 1.0>, fixed_codebook = array<i16: 0, -8192, 4096, 16384>, frac_bits = 14, entries = dense<[3, 17]> : tensor<2xi8>, col_ptrs = dense<[0, 1, 1, 1, 1, 1, 1, 1, 2]> : tensor<9xi32>>} : tensor<1x8xf32> -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}
