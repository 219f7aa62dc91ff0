func.func @pointer_beyond_entries(%x: tensor<1x4xf32>) -> tensor<1x8xf32> {
  // expected-error @+1 {{invalid compressed matrix: PE 1: last column pointer is 4, beyond the 3 entries left in 'entries'}}
  %y = eie.sparse_fc %x {matrix = #eie.compressed_matrix<rows = 8, cols = 4, pes = 2, bits = 2, codebook = array<f32: 0.0, -0.5, 0.25, 1.0>, fixed_codebook = array<i16: 0, -8192, 4096, 16384>, frac_bits = 14, entries = dense<[1, 50, 35, 1, 34]> : tensor<5xi8>, col_ptrs = dense<[0, 1, 1, 2, 2, 0, 1, 1, 1, 4]> : tensor<10xi32>>} : tensor<1x4xf32> -> tensor<1x8xf32>
  return %y : tensor<1x8xf32>
}
