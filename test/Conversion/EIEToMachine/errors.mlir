// RUN: eie-opt %s --convert-eie-to-machine -split-input-file -verify-diagnostics

#m = #eie.compressed_matrix<rows = 2, cols = 8, pes = 1, bits = 2,
  codebook = array<f32: 0.0, -0.5, 0.25, 1.0>, fixed_codebook = array<i16: 0, -8192, 4096, 16384>,
  frac_bits = 14, entries = dense<[3, 17]> : tensor<2xi8>,
  col_ptrs = dense<[0, 1, 1, 1, 1, 1, 1, 1, 2]> : tensor<9xi32>>

func.func @batch(%x: tensor<2x8xf32>) -> tensor<2x2xf32> {
  // expected-error @+1 {{'eie.sparse_fc' op runs a batch of 2, the EIE machine runs one input vector}}
  %y = eie.sparse_fc %x {matrix = #m, act_frac = 8 : i32, out_frac = 8 : i32} : tensor<2x8xf32> -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}

// -----

#m = #eie.compressed_matrix<rows = 2, cols = 8, pes = 1, bits = 2,
  codebook = array<f32: 0.0, -0.5, 0.25, 1.0>, fixed_codebook = array<i16: 0, -8192, 4096, 16384>,
  frac_bits = 14, entries = dense<[3, 17]> : tensor<2xi8>,
  col_ptrs = dense<[0, 1, 1, 1, 1, 1, 1, 1, 2]> : tensor<9xi32>>

func.func @float_only(%x: tensor<1x8xf32>) -> tensor<1x2xf32> {
  // expected-error @+1 {{'eie.sparse_fc' op needs 'act_frac' and 'out_frac': the EIE machine computes in 16-bit fixed point}}
  %y = eie.sparse_fc %x {matrix = #m} : tensor<1x8xf32> -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// -----

#m = #eie.compressed_matrix<rows = 2, cols = 8, pes = 1, bits = 2,
  codebook = array<f32: 0.0, -0.5, 0.25, 1.0>, fixed_codebook = array<i16: 0, -8192, 4096, 16384>,
  frac_bits = 14, entries = dense<[3, 17]> : tensor<2xi8>,
  col_ptrs = dense<[0, 1, 1, 1, 1, 1, 1, 1, 2]> : tensor<9xi32>>

func.func @bias_without_data(%x: tensor<1x8xf32>) -> tensor<1x2xf32> {
  %b = arith.constant dense_resource<elided> : tensor<2xf32>
  // expected-error @+1 {{'eie.sparse_fc' op bias must be an f32 constant with data: the EIE program holds the bias values}}
  %y = eie.sparse_fc %x bias(%b : tensor<2xf32>) {matrix = #m, act_frac = 8 : i32, out_frac = 8 : i32} : tensor<1x8xf32> -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// -----

#m = #eie.compressed_matrix<rows = 2, cols = 8, pes = 1, bits = 2,
  codebook = array<f32: 0.0, -0.5, 0.25, 1.0>, fixed_codebook = array<i16: 0, -8192, 4096, 16384>,
  frac_bits = 14, entries = dense<[3, 17]> : tensor<2xi8>,
  col_ptrs = dense<[0, 1, 1, 1, 1, 1, 1, 1, 2]> : tensor<9xi32>>

func.func @other_op(%x: tensor<1x8xf32>) -> tensor<1x2xf32> {
  %y = eie.sparse_fc %x {matrix = #m, act_frac = 8 : i32, out_frac = 8 : i32} : tensor<1x8xf32> -> tensor<1x2xf32>
  // expected-error @+1 {{'cnn.relu' op cannot run on the EIE machine: a program is a chain of eie.sparse_fc}}
  %r = cnn.relu %y : tensor<1x2xf32>
  return %r : tensor<1x2xf32>
}

// -----

#m = #eie.compressed_matrix<rows = 2, cols = 8, pes = 1, bits = 2,
  codebook = array<f32: 0.0, -0.5, 0.25, 1.0>, fixed_codebook = array<i16: 0, -8192, 4096, 16384>,
  frac_bits = 14, entries = dense<[3, 17]> : tensor<2xi8>,
  col_ptrs = dense<[0, 1, 1, 1, 1, 1, 1, 1, 2]> : tensor<9xi32>>

// expected-error @+1 {{'func.func' op must take one input and return one result to run on the EIE machine}}
func.func @two_inputs(%x: tensor<1x8xf32>, %z: tensor<1x8xf32>) -> tensor<1x2xf32> {
  %y = eie.sparse_fc %x {matrix = #m, act_frac = 8 : i32, out_frac = 8 : i32} : tensor<1x8xf32> -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// -----

#m = #eie.compressed_matrix<rows = 2, cols = 8, pes = 1, bits = 2,
  codebook = array<f32: 0.0, -0.5, 0.25, 1.0>, fixed_codebook = array<i16: 0, -8192, 4096, 16384>,
  frac_bits = 14, entries = dense<[3, 17]> : tensor<2xi8>,
  col_ptrs = dense<[0, 1, 1, 1, 1, 1, 1, 1, 2]> : tensor<9xi32>>

func.func @not_a_chain(%x: tensor<1x8xf32>) -> tensor<1x2xf32> {
  %y = eie.sparse_fc %x {matrix = #m, act_frac = 8 : i32, out_frac = 8 : i32} : tensor<1x8xf32> -> tensor<1x2xf32>
  // expected-error @+1 {{'eie.sparse_fc' op must take the previous layer's result as input to run on the EIE machine (a chain of layers)}}
  %z = eie.sparse_fc %x {matrix = #m, act_frac = 8 : i32, out_frac = 8 : i32} : tensor<1x8xf32> -> tensor<1x2xf32>
  return %z : tensor<1x2xf32>
}

// -----

#m = #eie.compressed_matrix<rows = 2, cols = 8, pes = 1, bits = 2,
  codebook = array<f32: 0.0, -0.5, 0.25, 1.0>, fixed_codebook = array<i16: 0, -8192, 4096, 16384>,
  frac_bits = 14, entries = dense<[3, 17]> : tensor<2xi8>,
  col_ptrs = dense<[0, 1, 1, 1, 1, 1, 1, 1, 2]> : tensor<9xi32>>

func.func @wrong_input(%x: tensor<1x8xf32>) -> tensor<1x2xf32> {
  %c = arith.constant dense<1.0> : tensor<1x8xf32>
  // expected-error @+1 {{'eie.sparse_fc' op must take the function's argument as input to run on the EIE machine (a chain of layers)}}
  %y = eie.sparse_fc %c {matrix = #m, act_frac = 8 : i32, out_frac = 8 : i32} : tensor<1x8xf32> -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// -----

#m = #eie.compressed_matrix<rows = 8, cols = 8, pes = 1, bits = 2,
  codebook = array<f32: 0.0, -0.5, 0.25, 1.0>, fixed_codebook = array<i16: 0, -8192, 4096, 16384>,
  frac_bits = 14, entries = dense<[3, 17]> : tensor<2xi8>,
  col_ptrs = dense<[0, 1, 1, 1, 1, 1, 1, 1, 2]> : tensor<9xi32>>

func.func @returns_input(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %y = eie.sparse_fc %x {matrix = #m, act_frac = 8 : i32, out_frac = 8 : i32} : tensor<1x8xf32> -> tensor<1x8xf32>
  %z = eie.sparse_fc %y {matrix = #m, act_frac = 8 : i32, out_frac = 8 : i32} : tensor<1x8xf32> -> tensor<1x8xf32>
  // expected-error @+1 {{'func.return' op must return the result of the last eie.sparse_fc of the chain}}
  return %x : tensor<1x8xf32>
}
