// RUN: eie-opt %s --convert-eie-to-runtime="kernel=panels-avx2" -verify-diagnostics

// A forced Panels kernel needs 4-bit codebooks: the layer that has more is diagnosed at its location.
func.func @five_bits(%x: memref<1x1xf32>, %y: memref<1x2xf32>) {
  // expected-error @+1 {{kernel 'panels-avx2' takes 4-bit codebooks; this layer's has 5 bits}}
  eie.sparse_fc %x into %y : memref<1x2xf32> {matrix = #eie.compressed_matrix<rows = 2, cols = 1, pes = 1, bits = 5,
    codebook = array<f32: 0.0, 0.125, 0.250, 0.375, 0.500, 0.625, 0.750, 0.875, 1.000, 1.125, 1.250, 1.375, 1.500, 1.625, 1.750, 1.875, 2.000, 2.125, 2.250, 2.375, 2.500, 2.625, 2.750, 2.875, 3.000, 3.125, 3.250, 3.375, 3.500, 3.625, 3.750, 3.875>,
    fixed_codebook = array<i16: 0, 512, 1024, 1536, 2048, 2560, 3072, 3584, 4096, 4608, 5120, 5632, 6144, 6656, 7168, 7680, 8192, 8704, 9216, 9728, 10240, 10752, 11264, 11776, 12288, 12800, 13312, 13824, 14336, 14848, 15360, 15872>,
    frac_bits = 12, entries = dense<[1, 0]> : tensor<2xi8>,
    col_ptrs = dense<[0, 1]> : tensor<2xi32>>} : memref<1x1xf32>
  return
}
