func.func @unused_bits(%x: tensor<1x1xf32>) -> tensor<1x1xf32> {
  // expected-error @+1 {{invalid compressed matrix: PE 0 column 0 entry 0: unused bits 8..11 are 1, expected 0}}
  %y = eie.sparse_fc %x {matrix = #eie.compressed_matrix<rows = 1, cols = 1, pes = 1, bits = 5,
    codebook = array<f32: 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0>,
    fixed_codebook = array<i16: 0, 16384, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0>,
    frac_bits = 14, entries = dense<[1, 1]> : tensor<2xi8>, col_ptrs = dense<[0, 1]> : tensor<2xi32>>} : tensor<1x1xf32> -> tensor<1x1xf32>
  return %y : tensor<1x1xf32>
}
