// What the machine cannot run: the program builder's message at the layer, and bad machine
// descriptions at the module.
// RUN: not eie-opt %s --convert-eie-to-machine -split-input-file 2>&1 | FileCheck %s
// RUN: not eie-opt %s --convert-eie-to-machine=machine=%S/Inputs/machine/one-entry.json -split-input-file 2>&1 | FileCheck %s --check-prefix=SMALL
// RUN: not eie-opt %s --convert-eie-to-machine=machine=%t.none.json 2>&1 | FileCheck %s --check-prefix=MISSING
// RUN: not eie-opt %s --convert-eie-to-machine=machine=nosuch 2>&1 | FileCheck %s --check-prefix=NAME
// RUN: not eie-opt %s --convert-eie-to-machine=machine=%S/Inputs/bad-machine.json 2>&1 | FileCheck %s --check-prefix=BAD

// MISSING: error: --convert-eie-to-machine: machine description '{{.*}}none.json' does not exist
// NAME: error: --convert-eie-to-machine: no machine description named 'nosuch' (no file {{.*}}nosuch.json)
// BAD: error: --convert-eie-to-machine: {{.*}}bad-machine.json{{.*}}registers

// CHECK: error: loc("wide"): cannot run on the EIE machine: layer 'wide': a 5-bit codebook; the EIE machine decodes 4-bit codes
func.func @wide_codebook(%x: tensor<1x1xf32>) -> tensor<1x2xf32> {
  %y = eie.sparse_fc %x {matrix = #eie.compressed_matrix<rows = 2, cols = 1, pes = 1, bits = 5,
    codebook = array<f32: 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0, 14.0, 15.0,
                          16.0, 17.0, 18.0, 19.0, 20.0, 21.0, 22.0, 23.0, 24.0, 25.0, 26.0, 27.0, 28.0, 29.0, 30.0, 31.0>,
    fixed_codebook = array<i16: 0, 1024, 2048, 3072, 4096, 5120, 6144, 7168, 8192, 9216, 10240, 11264, 12288, 13312, 14336, 15360,
                                16384, 17408, 18432, 19456, 20480, 21504, 22528, 23552, 24576, 25600, 26624, 27648, 28672, 29696, 30720, 31744>,
    frac_bits = 10, entries = dense<[31, 0, 1, 0]> : tensor<4xi8>,
    col_ptrs = dense<[0, 2]> : tensor<2xi32>>, act_frac = 4 : i32, out_frac = 4 : i32} : tensor<1x1xf32> -> tensor<1x2xf32> loc("wide")
  return %y : tensor<1x2xf32>
}

// -----

#m = #eie.compressed_matrix<rows = 8, cols = 8, pes = 1, bits = 2,
  codebook = array<f32: 0.0, -0.5, 0.25, 1.0>, fixed_codebook = array<i16: 0, -8192, 4096, 16384>,
  frac_bits = 14, entries = dense<[3, 17]> : tensor<2xi8>,
  col_ptrs = dense<[0, 1, 1, 1, 1, 1, 1, 1, 2]> : tensor<9xi32>>

// CHECK: error: loc("second"): cannot run on the EIE machine: layer 'second': input format Q8, but layer 'first' writes Q6
func.func @formats_differ(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %y = eie.sparse_fc %x {matrix = #m, act_frac = 8 : i32, out_frac = 6 : i32} : tensor<1x8xf32> -> tensor<1x8xf32> loc("first")
  %z = eie.sparse_fc %y {matrix = #m, act_frac = 8 : i32, out_frac = 8 : i32} : tensor<1x8xf32> -> tensor<1x8xf32> loc("second")
  return %z : tensor<1x8xf32>
}

// -----

// Column 0 holds two entries (rows 0 and 5) in the one PE; a pass of the one-entry machine
// holds one.
// SMALL: error: loc("big"): cannot run on the EIE machine: layer 'big': column 0 needs 2 entries in PE 0, a pass holds at most 1
#fc1 = #eie.compressed_matrix<rows = 8, cols = 4, pes = 2, bits = 2,
  codebook = array<f32: 0.0, -0.5, 0.25, 1.0>, fixed_codebook = array<i16: 0, -8192, 4096, 16384>,
  frac_bits = 14, entries = dense<[1, 50, 35, 1, 34]> : tensor<5xi8>,
  col_ptrs = dense<[0, 1, 1, 2, 2, 0, 1, 1, 1, 3]> : tensor<10xi32>>

func.func @column_too_long(%x: tensor<1x4xf32>) -> tensor<1x8xf32> {
  %y = eie.sparse_fc %x {matrix = #fc1, act_frac = 8 : i32, out_frac = 8 : i32} : tensor<1x4xf32> -> tensor<1x8xf32> loc("big")
  return %y : tensor<1x8xf32>
}
