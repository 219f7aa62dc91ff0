// RUN: eie-opt %s -split-input-file -verify-diagnostics

func.func @rows_zero(%x: tensor<1x4xf32>) -> tensor<1x8xf32> {
  // expected-error @+1 {{invalid compressed matrix: 'rows' must be in [1, 4294967294], got 0}}
  %y = eie.sparse_fc %x {matrix = #eie.compressed_matrix<rows = 0, cols = 4, pes = 2, bits = 2, codebook = array<f32: 0.0, -0.5, 0.25, 1.0>, fixed_codebook = array<i16: 0, -8192, 4096, 16384>, frac_bits = 14, entries = dense<[1, 50, 35, 1, 34]> : tensor<5xi8>, col_ptrs = dense<[0, 1, 1, 2, 2, 0, 1, 1, 1, 3]> : tensor<10xi32>>} : tensor<1x4xf32> -> tensor<1x8xf32>
  return %y : tensor<1x8xf32>
}

// -----

func.func @pes_negative(%x: tensor<1x4xf32>) -> tensor<1x8xf32> {
  // expected-error @+1 {{invalid compressed matrix: 'pes' must be in [1, 4294967294], got -2}}
  %y = eie.sparse_fc %x {matrix = #eie.compressed_matrix<rows = 8, cols = 4, pes = -2, bits = 2, codebook = array<f32: 0.0, -0.5, 0.25, 1.0>, fixed_codebook = array<i16: 0, -8192, 4096, 16384>, frac_bits = 14, entries = dense<[1, 50, 35, 1, 34]> : tensor<5xi8>, col_ptrs = dense<[0, 1, 1, 2, 2, 0, 1, 1, 1, 3]> : tensor<10xi32>>} : tensor<1x4xf32> -> tensor<1x8xf32>
  return %y : tensor<1x8xf32>
}

// -----

func.func @bits_too_wide(%x: tensor<1x4xf32>) -> tensor<1x8xf32> {
  // expected-error @+1 {{invalid compressed matrix: 'bits' must be in [2, 8], got 9}}
  %y = eie.sparse_fc %x {matrix = #eie.compressed_matrix<rows = 8, cols = 4, pes = 2, bits = 9, codebook = array<f32: 0.0, -0.5, 0.25, 1.0>, fixed_codebook = array<i16: 0, -8192, 4096, 16384>, frac_bits = 14, entries = dense<[1, 50, 35, 1, 34]> : tensor<5xi8>, col_ptrs = dense<[0, 1, 1, 2, 2, 0, 1, 1, 1, 3]> : tensor<10xi32>>} : tensor<1x4xf32> -> tensor<1x8xf32>
  return %y : tensor<1x8xf32>
}

// -----

func.func @frac_bits_range(%x: tensor<1x4xf32>) -> tensor<1x8xf32> {
  // expected-error @+1 {{invalid compressed matrix: 'frac_bits' must be in [0, 15], got 16}}
  %y = eie.sparse_fc %x {matrix = #eie.compressed_matrix<rows = 8, cols = 4, pes = 2, bits = 2, codebook = array<f32: 0.0, -0.5, 0.25, 1.0>, fixed_codebook = array<i16: 0, -8192, 4096, 16384>, frac_bits = 16, entries = dense<[1, 50, 35, 1, 34]> : tensor<5xi8>, col_ptrs = dense<[0, 1, 1, 2, 2, 0, 1, 1, 1, 3]> : tensor<10xi32>>} : tensor<1x4xf32> -> tensor<1x8xf32>
  return %y : tensor<1x8xf32>
}

// -----

func.func @col_ptrs_type(%x: tensor<1x4xf32>) -> tensor<1x8xf32> {
  // expected-error @+1 {{invalid compressed matrix: 'col_ptrs' must be a 1-D tensor of i32 elements}}
  %y = eie.sparse_fc %x {matrix = #eie.compressed_matrix<rows = 8, cols = 4, pes = 2, bits = 2, codebook = array<f32: 0.0, -0.5, 0.25, 1.0>, fixed_codebook = array<i16: 0, -8192, 4096, 16384>, frac_bits = 14, entries = dense<[1, 50, 35, 1, 34]> : tensor<5xi8>, col_ptrs = dense<[0, 1, 1, 2, 2, 0, 1, 1, 1, 3]> : tensor<10xi64>>} : tensor<1x4xf32> -> tensor<1x8xf32>
  return %y : tensor<1x8xf32>
}

// -----

func.func @col_ptrs_count(%x: tensor<1x4xf32>) -> tensor<1x8xf32> {
  // expected-error @+1 {{invalid compressed matrix: 'col_ptrs' has 9 pointers, expected pes * (cols + 1) = 10}}
  %y = eie.sparse_fc %x {matrix = #eie.compressed_matrix<rows = 8, cols = 4, pes = 2, bits = 2, codebook = array<f32: 0.0, -0.5, 0.25, 1.0>, fixed_codebook = array<i16: 0, -8192, 4096, 16384>, frac_bits = 14, entries = dense<[1, 50, 35, 1, 34]> : tensor<5xi8>, col_ptrs = dense<[0, 1, 1, 2, 2, 0, 1, 1, 1]> : tensor<9xi32>>} : tensor<1x4xf32> -> tensor<1x8xf32>
  return %y : tensor<1x8xf32>
}

// -----

func.func @entries_type(%x: tensor<1x4xf32>) -> tensor<1x8xf32> {
  // expected-error @+1 {{invalid compressed matrix: 'entries' must be a 1-D tensor of i8 elements}}
  %y = eie.sparse_fc %x {matrix = #eie.compressed_matrix<rows = 8, cols = 4, pes = 2, bits = 2, codebook = array<f32: 0.0, -0.5, 0.25, 1.0>, fixed_codebook = array<i16: 0, -8192, 4096, 16384>, frac_bits = 14, entries = dense<[1, 50, 35, 1, 34]> : tensor<5xi16>, col_ptrs = dense<[0, 1, 1, 2, 2, 0, 1, 1, 1, 3]> : tensor<10xi32>>} : tensor<1x4xf32> -> tensor<1x8xf32>
  return %y : tensor<1x8xf32>
}

// -----

func.func @entries_missing_blob(%x: tensor<1x4xf32>) -> tensor<1x8xf32> {
  // expected-error @+1 {{invalid compressed matrix: 'entries' is a dense_resource without data ('missing')}}
  %y = eie.sparse_fc %x {matrix = #eie.compressed_matrix<rows = 8, cols = 4, pes = 2, bits = 2, codebook = array<f32: 0.0, -0.5, 0.25, 1.0>, fixed_codebook = array<i16: 0, -8192, 4096, 16384>, frac_bits = 14, entries = dense_resource<missing> : tensor<5xi8>, col_ptrs = dense<[0, 1, 1, 2, 2, 0, 1, 1, 1, 3]> : tensor<10xi32>>} : tensor<1x4xf32> -> tensor<1x8xf32>
  return %y : tensor<1x8xf32>
}

// -----

func.func @pointer_beyond_entries(%x: tensor<1x4xf32>) -> tensor<1x8xf32> {
  // expected-error @+1 {{invalid compressed matrix: PE 1: last column pointer is 4, beyond the 3 entries left in 'entries'}}
  %y = eie.sparse_fc %x {matrix = #eie.compressed_matrix<rows = 8, cols = 4, pes = 2, bits = 2, codebook = array<f32: 0.0, -0.5, 0.25, 1.0>, fixed_codebook = array<i16: 0, -8192, 4096, 16384>, frac_bits = 14, entries = dense<[1, 50, 35, 1, 34]> : tensor<5xi8>, col_ptrs = dense<[0, 1, 1, 2, 2, 0, 1, 1, 1, 4]> : tensor<10xi32>>} : tensor<1x4xf32> -> tensor<1x8xf32>
  return %y : tensor<1x8xf32>
}

// -----

func.func @entries_left_over(%x: tensor<1x4xf32>) -> tensor<1x8xf32> {
  // expected-error @+1 {{invalid compressed matrix: 'entries' holds 6 bytes, the column pointers account for 5}}
  %y = eie.sparse_fc %x {matrix = #eie.compressed_matrix<rows = 8, cols = 4, pes = 2, bits = 2, codebook = array<f32: 0.0, -0.5, 0.25, 1.0>, fixed_codebook = array<i16: 0, -8192, 4096, 16384>, frac_bits = 14, entries = dense<[1, 50, 35, 1, 34, 0]> : tensor<6xi8>, col_ptrs = dense<[0, 1, 1, 2, 2, 0, 1, 1, 1, 3]> : tensor<10xi32>>} : tensor<1x4xf32> -> tensor<1x8xf32>
  return %y : tensor<1x8xf32>
}

// -----

func.func @codebook_size(%x: tensor<1x4xf32>) -> tensor<1x8xf32> {
  // expected-error @+1 {{invalid compressed matrix: codebook: 3 values for 2 bits, expected 4}}
  %y = eie.sparse_fc %x {matrix = #eie.compressed_matrix<rows = 8, cols = 4, pes = 2, bits = 2, codebook = array<f32: 0.0, -0.5, 0.25>, fixed_codebook = array<i16: 0, -8192, 4096>, frac_bits = 14, entries = dense<[1, 50, 35, 1, 34]> : tensor<5xi8>, col_ptrs = dense<[0, 1, 1, 2, 2, 0, 1, 1, 1, 3]> : tensor<10xi32>>} : tensor<1x4xf32> -> tensor<1x8xf32>
  return %y : tensor<1x8xf32>
}

// -----

func.func @codebook_code0(%x: tensor<1x4xf32>) -> tensor<1x8xf32> {
  // expected-error @+1 {{invalid compressed matrix: codebook: code 0 is 0.125000, expected 0}}
  %y = eie.sparse_fc %x {matrix = #eie.compressed_matrix<rows = 8, cols = 4, pes = 2, bits = 2, codebook = array<f32: 0.125, -0.5, 0.25, 1.0>, fixed_codebook = array<i16: 2048, -8192, 4096, 16384>, frac_bits = 14, entries = dense<[1, 50, 35, 1, 34]> : tensor<5xi8>, col_ptrs = dense<[0, 1, 1, 2, 2, 0, 1, 1, 1, 3]> : tensor<10xi32>>} : tensor<1x4xf32> -> tensor<1x8xf32>
  return %y : tensor<1x8xf32>
}

// -----

func.func @codebook_nan(%x: tensor<1x4xf32>) -> tensor<1x8xf32> {
  // expected-error @+1 {{invalid compressed matrix: codebook: value of code 2 is nan, expected a finite number}}
  %y = eie.sparse_fc %x {matrix = #eie.compressed_matrix<rows = 8, cols = 4, pes = 2, bits = 2, codebook = array<f32: 0.0, -0.5, 0x7FC00000, 1.0>, fixed_codebook = array<i16: 0, -8192, 4096, 16384>, frac_bits = 14, entries = dense<[1, 50, 35, 1, 34]> : tensor<5xi8>, col_ptrs = dense<[0, 1, 1, 2, 2, 0, 1, 1, 1, 3]> : tensor<10xi32>>} : tensor<1x4xf32> -> tensor<1x8xf32>
  return %y : tensor<1x8xf32>
}

// -----

func.func @codebook_inf(%x: tensor<1x4xf32>) -> tensor<1x8xf32> {
  // expected-error @+1 {{invalid compressed matrix: codebook: value of code 3 is inf, expected a finite number}}
  %y = eie.sparse_fc %x {matrix = #eie.compressed_matrix<rows = 8, cols = 4, pes = 2, bits = 2, codebook = array<f32: 0.0, -0.5, 0.25, 0x7F800000>, fixed_codebook = array<i16: 0, -8192, 4096, 16384>, frac_bits = 14, entries = dense<[1, 50, 35, 1, 34]> : tensor<5xi8>, col_ptrs = dense<[0, 1, 1, 2, 2, 0, 1, 1, 1, 3]> : tensor<10xi32>>} : tensor<1x4xf32> -> tensor<1x8xf32>
  return %y : tensor<1x8xf32>
}

// -----

func.func @fixed_codebook_mismatch(%x: tensor<1x4xf32>) -> tensor<1x8xf32> {
  // expected-error @+1 {{invalid compressed matrix: codebook: fixed-point value of code 1 is -8191, expected -8192 (Q14 of -0.500000)}}
  %y = eie.sparse_fc %x {matrix = #eie.compressed_matrix<rows = 8, cols = 4, pes = 2, bits = 2, codebook = array<f32: 0.0, -0.5, 0.25, 1.0>, fixed_codebook = array<i16: 0, -8191, 4096, 16384>, frac_bits = 14, entries = dense<[1, 50, 35, 1, 34]> : tensor<5xi8>, col_ptrs = dense<[0, 1, 1, 2, 2, 0, 1, 1, 1, 3]> : tensor<10xi32>>} : tensor<1x4xf32> -> tensor<1x8xf32>
  return %y : tensor<1x8xf32>
}

// -----

func.func @pointer_start(%x: tensor<1x4xf32>) -> tensor<1x8xf32> {
  // expected-error @+1 {{invalid compressed matrix: PE 0: column pointer 0 is 1, expected 0}}
  %y = eie.sparse_fc %x {matrix = #eie.compressed_matrix<rows = 8, cols = 4, pes = 2, bits = 2, codebook = array<f32: 0.0, -0.5, 0.25, 1.0>, fixed_codebook = array<i16: 0, -8192, 4096, 16384>, frac_bits = 14, entries = dense<[1, 50, 35, 1, 34]> : tensor<5xi8>, col_ptrs = dense<[1, 1, 1, 2, 2, 0, 1, 1, 1, 3]> : tensor<10xi32>>} : tensor<1x4xf32> -> tensor<1x8xf32>
  return %y : tensor<1x8xf32>
}

// -----

func.func @pointer_decreasing(%x: tensor<1x4xf32>) -> tensor<1x8xf32> {
  // expected-error @+1 {{invalid compressed matrix: PE 1: column pointer 2 is 0, below pointer 1 = 1}}
  %y = eie.sparse_fc %x {matrix = #eie.compressed_matrix<rows = 8, cols = 4, pes = 2, bits = 2, codebook = array<f32: 0.0, -0.5, 0.25, 1.0>, fixed_codebook = array<i16: 0, -8192, 4096, 16384>, frac_bits = 14, entries = dense<[1, 50, 35, 1, 34]> : tensor<5xi8>, col_ptrs = dense<[0, 1, 1, 2, 2, 0, 1, 0, 1, 3]> : tensor<10xi32>>} : tensor<1x4xf32> -> tensor<1x8xf32>
  return %y : tensor<1x8xf32>
}

// -----

func.func @index_out_of_codebook(%x: tensor<1x4xf32>) -> tensor<1x8xf32> {
  // expected-error @+1 {{invalid compressed matrix: PE 0 column 0 entry 0: index 5 outside the 4-entry codebook}}
  %y = eie.sparse_fc %x {matrix = #eie.compressed_matrix<rows = 8, cols = 4, pes = 2, bits = 2, codebook = array<f32: 0.0, -0.5, 0.25, 1.0>, fixed_codebook = array<i16: 0, -8192, 4096, 16384>, frac_bits = 14, entries = dense<[5, 50, 35, 1, 34]> : tensor<5xi8>, col_ptrs = dense<[0, 1, 1, 2, 2, 0, 1, 1, 1, 3]> : tensor<10xi32>>} : tensor<1x4xf32> -> tensor<1x8xf32>
  return %y : tensor<1x8xf32>
}

// -----

func.func @padding_zero_run(%x: tensor<1x4xf32>) -> tensor<1x8xf32> {
  // expected-error @+1 {{invalid compressed matrix: PE 0 column 0 entry 0: index 0 with zero run 3}}
  %y = eie.sparse_fc %x {matrix = #eie.compressed_matrix<rows = 8, cols = 4, pes = 2, bits = 2, codebook = array<f32: 0.0, -0.5, 0.25, 1.0>, fixed_codebook = array<i16: 0, -8192, 4096, 16384>, frac_bits = 14, entries = dense<[48, 50, 35, 1, 34]> : tensor<5xi8>, col_ptrs = dense<[0, 1, 1, 2, 2, 0, 1, 1, 1, 3]> : tensor<10xi32>>} : tensor<1x4xf32> -> tensor<1x8xf32>
  return %y : tensor<1x8xf32>
}

// -----

func.func @padding_ends_column(%x: tensor<1x4xf32>) -> tensor<1x8xf32> {
  // expected-error @+1 {{invalid compressed matrix: PE 0 column 0 entry 0: padding ends the column}}
  %y = eie.sparse_fc %x {matrix = #eie.compressed_matrix<rows = 8, cols = 4, pes = 2, bits = 2, codebook = array<f32: 0.0, -0.5, 0.25, 1.0>, fixed_codebook = array<i16: 0, -8192, 4096, 16384>, frac_bits = 14, entries = dense<[-16, 50, 35, 1, 34]> : tensor<5xi8>, col_ptrs = dense<[0, 1, 1, 2, 2, 0, 1, 1, 1, 3]> : tensor<10xi32>>} : tensor<1x4xf32> -> tensor<1x8xf32>
  return %y : tensor<1x8xf32>
}

// -----

func.func @zero_run_overflow(%x: tensor<1x4xf32>) -> tensor<1x8xf32> {
  // expected-error @+1 {{invalid compressed matrix: PE 1 column 3 entry 2: local row 4 out of range, PE has 4 rows}}
  %y = eie.sparse_fc %x {matrix = #eie.compressed_matrix<rows = 8, cols = 4, pes = 2, bits = 2, codebook = array<f32: 0.0, -0.5, 0.25, 1.0>, fixed_codebook = array<i16: 0, -8192, 4096, 16384>, frac_bits = 14, entries = dense<[1, 50, 35, 1, 50]> : tensor<5xi8>, col_ptrs = dense<[0, 1, 1, 2, 2, 0, 1, 1, 1, 3]> : tensor<10xi32>>} : tensor<1x4xf32> -> tensor<1x8xf32>
  return %y : tensor<1x8xf32>
}

// -----

func.func @unused_bits(%x: tensor<1x1xf32>) -> tensor<1x1xf32> {
  // expected-error @+1 {{invalid compressed matrix: PE 0 column 0 entry 0: unused bits 8..11 are 1, expected 0}}
  %y = eie.sparse_fc %x {matrix = #eie.compressed_matrix<rows = 1, cols = 1, pes = 1, bits = 5,
    codebook = array<f32: 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0>,
    fixed_codebook = array<i16: 0, 16384, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0>,
    frac_bits = 14, entries = dense<[1, 1]> : tensor<2xi8>, col_ptrs = dense<[0, 1]> : tensor<2xi32>>} : tensor<1x1xf32> -> tensor<1x1xf32>
  return %y : tensor<1x1xf32>
}

// -----

#small = #eie.compressed_matrix<rows = 8, cols = 4, pes = 2, bits = 2, codebook = array<f32: 0.0, -0.5, 0.25, 1.0>, fixed_codebook = array<i16: 0, -8192, 4096, 16384>, frac_bits = 14, entries = dense<[1, 50, 35, 1, 34]> : tensor<5xi8>, col_ptrs = dense<[0, 1, 1, 2, 2, 0, 1, 1, 1, 3]> : tensor<10xi32>>

func.func @batch_zero(%x: tensor<0x4xf32>) -> tensor<0x8xf32> {
  // expected-error @+1 {{'eie.sparse_fc' op batch size must be positive, got 0}}
  %y = eie.sparse_fc %x {matrix = #small} : tensor<0x4xf32> -> tensor<0x8xf32>
  return %y : tensor<0x8xf32>
}

// -----

#small = #eie.compressed_matrix<rows = 8, cols = 4, pes = 2, bits = 2, codebook = array<f32: 0.0, -0.5, 0.25, 1.0>, fixed_codebook = array<i16: 0, -8192, 4096, 16384>, frac_bits = 14, entries = dense<[1, 50, 35, 1, 34]> : tensor<5xi8>, col_ptrs = dense<[0, 1, 1, 2, 2, 0, 1, 1, 1, 3]> : tensor<10xi32>>

func.func @input_features(%x: tensor<1x5xf32>) -> tensor<1x8xf32> {
  // expected-error @+1 {{'eie.sparse_fc' op input has 5 features, the matrix has 4 columns}}
  %y = eie.sparse_fc %x {matrix = #small} : tensor<1x5xf32> -> tensor<1x8xf32>
  return %y : tensor<1x8xf32>
}

// -----

#small = #eie.compressed_matrix<rows = 8, cols = 4, pes = 2, bits = 2, codebook = array<f32: 0.0, -0.5, 0.25, 1.0>, fixed_codebook = array<i16: 0, -8192, 4096, 16384>, frac_bits = 14, entries = dense<[1, 50, 35, 1, 34]> : tensor<5xi8>, col_ptrs = dense<[0, 1, 1, 2, 2, 0, 1, 1, 1, 3]> : tensor<10xi32>>

func.func @result_batch(%x: tensor<1x4xf32>) -> tensor<2x8xf32> {
  // expected-error @+1 {{'eie.sparse_fc' op result batch size 2 must match the input batch size 1}}
  %y = eie.sparse_fc %x {matrix = #small} : tensor<1x4xf32> -> tensor<2x8xf32>
  return %y : tensor<2x8xf32>
}

// -----

#small = #eie.compressed_matrix<rows = 8, cols = 4, pes = 2, bits = 2, codebook = array<f32: 0.0, -0.5, 0.25, 1.0>, fixed_codebook = array<i16: 0, -8192, 4096, 16384>, frac_bits = 14, entries = dense<[1, 50, 35, 1, 34]> : tensor<5xi8>, col_ptrs = dense<[0, 1, 1, 2, 2, 0, 1, 1, 1, 3]> : tensor<10xi32>>

func.func @result_features(%x: tensor<1x4xf32>) -> tensor<1x7xf32> {
  // expected-error @+1 {{'eie.sparse_fc' op result has 7 features, the matrix has 8 rows}}
  %y = eie.sparse_fc %x {matrix = #small} : tensor<1x4xf32> -> tensor<1x7xf32>
  return %y : tensor<1x7xf32>
}

// -----

#small = #eie.compressed_matrix<rows = 8, cols = 4, pes = 2, bits = 2, codebook = array<f32: 0.0, -0.5, 0.25, 1.0>, fixed_codebook = array<i16: 0, -8192, 4096, 16384>, frac_bits = 14, entries = dense<[1, 50, 35, 1, 34]> : tensor<5xi8>, col_ptrs = dense<[0, 1, 1, 2, 2, 0, 1, 1, 1, 3]> : tensor<10xi32>>

func.func @bias_size(%x: tensor<1x4xf32>, %b: tensor<4xf32>) -> tensor<1x8xf32> {
  // expected-error @+1 {{'eie.sparse_fc' op bias has 4 elements, the matrix has 8 rows}}
  %y = eie.sparse_fc %x bias(%b : tensor<4xf32>) {matrix = #small} : tensor<1x4xf32> -> tensor<1x8xf32>
  return %y : tensor<1x8xf32>
}

// -----

#small = #eie.compressed_matrix<rows = 8, cols = 4, pes = 2, bits = 2, codebook = array<f32: 0.0, -0.5, 0.25, 1.0>, fixed_codebook = array<i16: 0, -8192, 4096, 16384>, frac_bits = 14, entries = dense<[1, 50, 35, 1, 34]> : tensor<5xi8>, col_ptrs = dense<[0, 1, 1, 2, 2, 0, 1, 1, 1, 3]> : tensor<10xi32>>

func.func @element_type(%x: tensor<1x4xf16>) -> tensor<1x8xf32> {
  // expected-error @+1 {{operand #0 must be 2-D statically shaped tensor or memref of f32}}
  %y = eie.sparse_fc %x {matrix = #small} : tensor<1x4xf16> -> tensor<1x8xf32>
  return %y : tensor<1x8xf32>
}

// -----

#small = #eie.compressed_matrix<rows = 8, cols = 4, pes = 2, bits = 2, codebook = array<f32: 0.0, -0.5, 0.25, 1.0>, fixed_codebook = array<i16: 0, -8192, 4096, 16384>, frac_bits = 14, entries = dense<[1, 50, 35, 1, 34]> : tensor<5xi8>, col_ptrs = dense<[0, 1, 1, 2, 2, 0, 1, 1, 1, 3]> : tensor<10xi32>>

func.func @dynamic_shape(%x: tensor<?x4xf32>) -> tensor<1x8xf32> {
  // expected-error @+1 {{operand #0 must be 2-D statically shaped tensor or memref of f32}}
  %y = eie.sparse_fc %x {matrix = #small} : tensor<?x4xf32> -> tensor<1x8xf32>
  return %y : tensor<1x8xf32>
}

// -----

#small = #eie.compressed_matrix<rows = 8, cols = 4, pes = 2, bits = 2, codebook = array<f32: 0.0, -0.5, 0.25, 1.0>, fixed_codebook = array<i16: 0, -8192, 4096, 16384>, frac_bits = 14, entries = dense<[1, 50, 35, 1, 34]> : tensor<5xi8>, col_ptrs = dense<[0, 1, 1, 2, 2, 0, 1, 1, 1, 3]> : tensor<10xi32>>

func.func @formats_together(%x: tensor<1x4xf32>) -> tensor<1x8xf32> {
  // expected-error @+1 {{'eie.sparse_fc' op 'act_frac' and 'out_frac' must be given together}}
  %y = eie.sparse_fc %x {matrix = #small, act_frac = 8 : i32} : tensor<1x4xf32> -> tensor<1x8xf32>
  return %y : tensor<1x8xf32>
}

// -----

#small = #eie.compressed_matrix<rows = 8, cols = 4, pes = 2, bits = 2, codebook = array<f32: 0.0, -0.5, 0.25, 1.0>, fixed_codebook = array<i16: 0, -8192, 4096, 16384>, frac_bits = 14, entries = dense<[1, 50, 35, 1, 34]> : tensor<5xi8>, col_ptrs = dense<[0, 1, 1, 2, 2, 0, 1, 1, 1, 3]> : tensor<10xi32>>

func.func @act_frac_range(%x: tensor<1x4xf32>) -> tensor<1x8xf32> {
  // expected-error @+1 {{'eie.sparse_fc' op invalid fixed-point formats (act_frac 16, codebook frac_bits 14, out_frac 8): fixed point: activation fractional bits 16 outside [0, 15]}}
  %y = eie.sparse_fc %x {matrix = #small, act_frac = 16 : i32, out_frac = 8 : i32} : tensor<1x4xf32> -> tensor<1x8xf32>
  return %y : tensor<1x8xf32>
}

// -----

#small = #eie.compressed_matrix<rows = 8, cols = 4, pes = 2, bits = 2, codebook = array<f32: 0.0, -0.5, 0.25, 1.0>, fixed_codebook = array<i16: 0, -8192, 4096, 16384>, frac_bits = 14, entries = dense<[1, 50, 35, 1, 34]> : tensor<5xi8>, col_ptrs = dense<[0, 1, 1, 2, 2, 0, 1, 1, 1, 3]> : tensor<10xi32>>

func.func @out_frac_too_wide(%x: tensor<1x4xf32>) -> tensor<1x8xf32> {
  // expected-error @+1 {{'eie.sparse_fc' op invalid fixed-point formats (act_frac 0, codebook frac_bits 14, out_frac 15): fixed point: output fractional bits 15 exceed activation + weight fractional bits 0 + 14}}
  %y = eie.sparse_fc %x {matrix = #small, act_frac = 0 : i32, out_frac = 15 : i32} : tensor<1x4xf32> -> tensor<1x8xf32>
  return %y : tensor<1x8xf32>
}

// -----

#small = #eie.compressed_matrix<rows = 8, cols = 4, pes = 2, bits = 2, codebook = array<f32: 0.0, -0.5, 0.25, 1.0>, fixed_codebook = array<i16: 0, -8192, 4096, 16384>, frac_bits = 14, entries = dense<[1, 50, 35, 1, 34]> : tensor<5xi8>, col_ptrs = dense<[0, 1, 1, 2, 2, 0, 1, 1, 1, 3]> : tensor<10xi32>>

func.func @out_frac_negative(%x: tensor<1x4xf32>) -> tensor<1x8xf32> {
  // expected-error @+1 {{'eie.sparse_fc' op invalid fixed-point formats (act_frac 8, codebook frac_bits 14, out_frac -1): fixed point: output fractional bits -1 outside [0, 15]}}
  %y = eie.sparse_fc %x {matrix = #small, act_frac = 8 : i32, out_frac = -1 : i32} : tensor<1x4xf32> -> tensor<1x8xf32>
  return %y : tensor<1x8xf32>
}

// -----

#small = #eie.compressed_matrix<rows = 8, cols = 4, pes = 2, bits = 2, codebook = array<f32: 0.0, -0.5, 0.25, 1.0>, fixed_codebook = array<i16: 0, -8192, 4096, 16384>, frac_bits = 14, entries = dense<[1, 50, 35, 1, 34]> : tensor<5xi8>, col_ptrs = dense<[0, 1, 1, 2, 2, 0, 1, 1, 1, 3]> : tensor<10xi32>>

func.func @buffer_form_with_result(%x: memref<1x4xf32>, %y: memref<1x8xf32>) -> tensor<1x8xf32> {
  // expected-error @+1 {{'eie.sparse_fc' op writes into an output buffer and cannot also return a result}}
  %r = eie.sparse_fc %x into %y : memref<1x8xf32> {matrix = #small} : memref<1x4xf32> -> tensor<1x8xf32>
  return %r : tensor<1x8xf32>
}

// -----

#small = #eie.compressed_matrix<rows = 8, cols = 4, pes = 2, bits = 2, codebook = array<f32: 0.0, -0.5, 0.25, 1.0>, fixed_codebook = array<i16: 0, -8192, 4096, 16384>, frac_bits = 14, entries = dense<[1, 50, 35, 1, 34]> : tensor<5xi8>, col_ptrs = dense<[0, 1, 1, 2, 2, 0, 1, 1, 1, 3]> : tensor<10xi32>>

func.func @no_result(%x: tensor<1x4xf32>) {
  // expected-error @+1 {{'eie.sparse_fc' op needs a result or an output buffer}}
  eie.sparse_fc %x {matrix = #small} : tensor<1x4xf32>
  return
}

// -----

#small = #eie.compressed_matrix<rows = 8, cols = 4, pes = 2, bits = 2, codebook = array<f32: 0.0, -0.5, 0.25, 1.0>, fixed_codebook = array<i16: 0, -8192, 4096, 16384>, frac_bits = 14, entries = dense<[1, 50, 35, 1, 34]> : tensor<5xi8>, col_ptrs = dense<[0, 1, 1, 2, 2, 0, 1, 1, 1, 3]> : tensor<10xi32>>

func.func @tensor_into_buffer(%x: tensor<1x4xf32>, %y: memref<1x8xf32>) {
  // expected-error @+1 {{'eie.sparse_fc' op with an output buffer takes memref operands}}
  eie.sparse_fc %x into %y : memref<1x8xf32> {matrix = #small} : tensor<1x4xf32>
  return
}

// -----

#small = #eie.compressed_matrix<rows = 8, cols = 4, pes = 2, bits = 2, codebook = array<f32: 0.0, -0.5, 0.25, 1.0>, fixed_codebook = array<i16: 0, -8192, 4096, 16384>, frac_bits = 14, entries = dense<[1, 50, 35, 1, 34]> : tensor<5xi8>, col_ptrs = dense<[0, 1, 1, 2, 2, 0, 1, 1, 1, 3]> : tensor<10xi32>>

func.func @buffer_bias_with_result(%x: tensor<1x4xf32>, %b: memref<8xf32>) -> tensor<1x8xf32> {
  // expected-error @+1 {{'eie.sparse_fc' op with a tensor result takes tensor operands}}
  %y = eie.sparse_fc %x bias(%b : memref<8xf32>) {matrix = #small} : tensor<1x4xf32> -> tensor<1x8xf32>
  return %y : tensor<1x8xf32>
}

// -----

#small = #eie.compressed_matrix<rows = 8, cols = 4, pes = 2, bits = 2, codebook = array<f32: 0.0, -0.5, 0.25, 1.0>, fixed_codebook = array<i16: 0, -8192, 4096, 16384>, frac_bits = 14, entries = dense<[1, 50, 35, 1, 34]> : tensor<5xi8>, col_ptrs = dense<[0, 1, 1, 2, 2, 0, 1, 1, 1, 3]> : tensor<10xi32>>

func.func @buffer_output_rows(%x: memref<1x4xf32>, %y: memref<1x7xf32>) {
  // expected-error @+1 {{'eie.sparse_fc' op result has 7 features, the matrix has 8 rows}}
  eie.sparse_fc %x into %y : memref<1x7xf32> {matrix = #small} : memref<1x4xf32>
  return
}
