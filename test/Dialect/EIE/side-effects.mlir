// RUN: eie-opt %s --split-input-file --loop-invariant-code-motion | FileCheck %s

#small = #eie.compressed_matrix<rows = 8, cols = 4, pes = 2, bits = 2,
  codebook = array<f32: 0.0, -0.5, 0.25, 1.0>, fixed_codebook = array<i16: 0, -8192, 4096, 16384>,
  frac_bits = 14, entries = dense<[1, 50, 35, 1, 34]> : tensor<5xi8>,
  col_ptrs = dense<[0, 1, 1, 2, 2, 0, 1, 1, 1, 3]> : tensor<10xi32>>

// The tensor form has no side effect and is speculatable: it leaves a loop that does not change
// its operands.
// CHECK-LABEL: func.func @tensor_form_is_hoisted
// CHECK: eie.sparse_fc
// CHECK: scf.for
// CHECK-NOT: eie.sparse_fc
func.func @tensor_form_is_hoisted(%x: tensor<1x4xf32>, %init: tensor<1x8xf32>, %n: index)
    -> tensor<1x8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %init) -> tensor<1x8xf32> {
    %y = eie.sparse_fc %x {matrix = #small} : tensor<1x4xf32> -> tensor<1x8xf32>
    %s = arith.addf %acc, %y : tensor<1x8xf32>
    scf.yield %s : tensor<1x8xf32>
  }
  return %r : tensor<1x8xf32>
}

// -----

#small = #eie.compressed_matrix<rows = 8, cols = 4, pes = 2, bits = 2,
  codebook = array<f32: 0.0, -0.5, 0.25, 1.0>, fixed_codebook = array<i16: 0, -8192, 4096, 16384>,
  frac_bits = 14, entries = dense<[1, 50, 35, 1, 34]> : tensor<5xi8>,
  col_ptrs = dense<[0, 1, 1, 2, 2, 0, 1, 1, 1, 3]> : tensor<10xi32>>

// The buffer form writes its output: it stays where it is.
// CHECK-LABEL: func.func @buffer_form_stays
// CHECK: scf.for
// CHECK-NEXT: eie.sparse_fc
func.func @buffer_form_stays(%x: memref<1x4xf32>, %y: memref<1x8xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %n step %c1 {
    eie.sparse_fc %x into %y : memref<1x8xf32> {matrix = #small} : memref<1x4xf32>
  }
  return
}
