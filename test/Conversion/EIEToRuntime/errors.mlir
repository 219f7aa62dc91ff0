// RUN: not eie-opt %s --convert-eie-to-runtime="mode=double" 2>&1 | FileCheck %s --check-prefix=MODE
// RUN: not eie-opt %s --convert-eie-to-runtime="threads=0" 2>&1 | FileCheck %s --check-prefix=THREADS
// RUN: not eie-opt %s --convert-eie-to-runtime="threads=65" 2>&1 | FileCheck %s --check-prefix=THREADS65
// RUN: not eie-opt %s --convert-eie-to-runtime="activation-density=1.5" 2>&1 | FileCheck %s --check-prefix=DENSITY
// RUN: not eie-opt %s --convert-eie-to-runtime="kernel=panels-sse" 2>&1 | FileCheck %s --check-prefix=KERNEL
// RUN: not eie-opt %s --convert-eie-to-runtime="kernel=panels-avx512:48x4" 2>&1 | FileCheck %s --check-prefix=WIDTH
// RUN: not eie-opt %s --convert-eie-to-runtime="kernel=panels-avx512:32x6/cols" 2>&1 | FileCheck %s --check-prefix=LEFTOVER
// RUN: eie-opt %s --split-input-file --convert-eie-to-runtime="mode=fixed" -verify-diagnostics

// MODE: for the --mode option: Cannot find option named 'double'!
// THREADS: error: convert-eie-to-runtime: threads is 0, expected 1 to 64
// THREADS65: error: convert-eie-to-runtime: threads is 65, expected 1 to 64
// DENSITY: error: convert-eie-to-runtime: activation-density is 1.500000e+00, expected a value in (0, 1], or 0 for each layer's first input's
// KERNEL: error: convert-eie-to-runtime: kernel 'panels-sse' names no kernel variant; expected one of columns-portable, columns-avx2, columns-avx512, panels-avx2, panels-avx512 (a panels variant may add its panel width or shape: panels-avx512:64x6)
// WIDTH: error: convert-eie-to-runtime: kernel 'panels-avx512:48x4': the panel width is one of 32, 64, 128
// LEFTOVER: error: convert-eie-to-runtime: kernel 'panels-avx512:32x6/cols': the leftover goes to /walk or /rows

func.func @float_only(%x: memref<1x4xf32>, %y: memref<1x8xf32>) {
  // expected-error @+1 {{fixed mode needs the layer's 'act_frac' and 'out_frac'}}
  eie.sparse_fc %x into %y : memref<1x8xf32> {matrix = #eie.compressed_matrix<rows = 8, cols = 4, pes = 2, bits = 2,
    codebook = array<f32: 0.0, -0.5, 0.25, 1.0>, fixed_codebook = array<i16: 0, -8192, 4096, 16384>,
    frac_bits = 14, entries = dense<[1, 50, 35, 1, 34]> : tensor<5xi8>,
    col_ptrs = dense<[0, 1, 1, 2, 2, 0, 1, 1, 1, 3]> : tensor<10xi32>>} : memref<1x4xf32>
  return
}

// -----

func.func @on_tensors(%x: tensor<1x4xf32>) -> tensor<1x8xf32> {
  // expected-error @+1 {{convert-eie-to-runtime runs on buffers: bufferize the layer first (one-shot-bufferize, as the eie-sparse-to-llvm pipeline does)}}
  %y = eie.sparse_fc %x {matrix = #eie.compressed_matrix<rows = 8, cols = 4, pes = 2, bits = 2,
    codebook = array<f32: 0.0, -0.5, 0.25, 1.0>, fixed_codebook = array<i16: 0, -8192, 4096, 16384>,
    frac_bits = 14, entries = dense<[1, 50, 35, 1, 34]> : tensor<5xi8>,
    col_ptrs = dense<[0, 1, 1, 2, 2, 0, 1, 1, 1, 3]> : tensor<10xi32>>, act_frac = 8 : i32, out_frac = 8 : i32}
    : tensor<1x4xf32> -> tensor<1x8xf32>
  return %y : tensor<1x8xf32>
}
