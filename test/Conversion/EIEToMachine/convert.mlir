// RUN: eie-opt %s --convert-eie-to-machine --mlir-print-debuginfo | FileCheck %s --check-prefix=DEFAULT
// RUN: env EIE_DATA_DIR=%S/Inputs eie-opt %s --convert-eie-to-machine=machine=tiny | FileCheck %s --check-prefix=TINY
// RUN: eie-opt %s --convert-eie-to-machine=machine=%S/Inputs/machine/tiny.json | FileCheck %s --check-prefix=TINY

// Two layers: the 8 x 4 matrix of test/Dialect/EIE/ops.mlir with a bias and ReLU, then a
// 2 x 8 matrix with W[0][0] = 1.0 and W[1][7] = -0.5 on one PE (column 0: (v=3, z=0); column
// 7: (v=1, z=1)).
#fc1 = #eie.compressed_matrix<rows = 8, cols = 4, pes = 2, bits = 2,
  codebook = array<f32: 0.0, -0.5, 0.25, 1.0>, fixed_codebook = array<i16: 0, -8192, 4096, 16384>,
  frac_bits = 14, entries = dense<[1, 50, 35, 1, 34]> : tensor<5xi8>,
  col_ptrs = dense<[0, 1, 1, 2, 2, 0, 1, 1, 1, 3]> : tensor<10xi32>>
#fc2 = #eie.compressed_matrix<rows = 2, cols = 8, pes = 1, bits = 2,
  codebook = array<f32: 0.0, -0.5, 0.25, 1.0>, fixed_codebook = array<i16: 0, -8192, 4096, 16384>,
  frac_bits = 14, entries = dense<[3, 17]> : tensor<2xi8>,
  col_ptrs = dense<[0, 1, 1, 1, 1, 1, 1, 1, 2]> : tensor<9xi32>>

func.func @forward(%x: tensor<1x4xf32>) -> tensor<1x2xf32> {
  // Q8 biases: 0.5 -> 128, -1.0 -> -256, 0.00390625 -> 1, 0.001953125 (half an LSB) -> 1.
  %b = arith.constant dense<[0.5, -1.0, 0.0, 0.0, 0.00390625, 0.0, 0.001953125, 0.0]> : tensor<8xf32>
  %h = eie.sparse_fc %x bias(%b : tensor<8xf32>) {matrix = #fc1, relu, act_frac = 8 : i32, out_frac = 8 : i32}
         : tensor<1x4xf32> -> tensor<1x8xf32> loc("fc1")
  %y = eie.sparse_fc %h {matrix = #fc2, act_frac = 8 : i32, out_frac = 6 : i32}
         : tensor<1x8xf32> -> tensor<1x2xf32> loc("fc2")
  return %y : tensor<1x2xf32>
}

// Functions without eie.sparse_fc stay.
func.func @other(%x: tensor<2xf32>) -> tensor<2xf32> {
  return %x : tensor<2xf32>
}

// On the contract's machine every image is resident and the 8 activations stay on chip (swap).
// DEFAULT-NOT: func.func @forward
// DEFAULT: eie_isa.program machine(pes = 64, regfile = 64, spmat = 131072, ptr = 32768) layers ["fc1", "fc2"] {
// DEFAULT-NEXT: eie_isa.host_vector @input input length 4 frac 8
// DEFAULT-NEXT: eie_isa.host_vector @output output length 2 frac 6
// DEFAULT-NEXT: eie_isa.codebook_section @codebook0 [0, -8192, 4096, 16384, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
// DEFAULT-NEXT: eie_isa.bias_section @bias1 counts [1, 1, 1, 1, 1, 1, 1, 1{{(, 0)+}}] data dense_resource<bias1> : tensor<8xi16>
// DEFAULT-NEXT: eie_isa.spmat_section @spmat2 counts [1, 1, 0, 0, 0, 1, 1, 1{{(, 0)+}}] data dense_resource<spmat2> : tensor<5xi8>
// DEFAULT-NEXT: eie_isa.ptr_section @ptr3 counts [5{{(, 5)+}}] data dense_resource<ptr3> : tensor<320xi16>
// DEFAULT-NEXT: eie_isa.codebook_section @codebook4 [0, -8192, 4096, 16384, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
// DEFAULT-NEXT: eie_isa.spmat_section @spmat5 counts [1, 1{{(, 0)+}}] data dense_resource<spmat5> : tensor<2xi8>
// DEFAULT-NEXT: eie_isa.ptr_section @ptr6 counts [9{{(, 9)+}}] data dense_resource<ptr6> : tensor<576xi16>
// DEFAULT-NEXT: eie_isa.load_spmat @spmat2 at 0
// DEFAULT-NEXT: eie_isa.load_ptr @ptr3 at 0
// DEFAULT-NEXT: eie_isa.load_spmat @spmat5 at 8
// DEFAULT-NEXT: eie_isa.load_ptr @ptr6 at 5
// DEFAULT-NEXT: eie_isa.load_codebook @codebook0
// DEFAULT-NEXT: eie_isa.load_bias @bias1
// DEFAULT-NEXT: eie_isa.load_act @input[0, 4]
// DEFAULT-NEXT: eie_isa.run layer 0 cols 4 colbase 0 rows 8 spmat 0 ptr 0 fa 8 fw 14 fo 8 clear bias writeback relu loc(#[[FC1:loc[0-9]*]])
// DEFAULT-NEXT: eie_isa.sync
// DEFAULT-NEXT: eie_isa.swap
// DEFAULT-NEXT: eie_isa.load_codebook @codebook4
// DEFAULT-NEXT: eie_isa.run layer 1 cols 8 colbase 0 rows 2 spmat 8 ptr 5 fa 8 fw 14 fo 6 clear writeback loc(#[[FC2:loc[0-9]*]])
// DEFAULT-NEXT: eie_isa.sync
// DEFAULT-NEXT: eie_isa.store_act @output[0, 2]
// DEFAULT-NEXT: eie_isa.halt
// DEFAULT: func.func @other
// DEFAULT: #[[FC1]] = loc("fc1")
// DEFAULT: #[[FC2]] = loc("fc2")
// The biases in row order (one per PE): 128, -256, 0, 0, 1, 0, 1, 0.
// DEFAULT: bias1: "0x02000000800000FF000000000100000001000000"

// With 2 PEs and 2-entry register files (4 activations per file), fc1's 8 rows are two chunks
// and fc2's 8 columns two batches that go through a scratch vector; the SRAMs are too small
// for every image at once, so each pass loads its own.
// TINY: eie_isa.program machine(pes = 2, regfile = 2, spmat = 64, ptr = 16) layers ["fc1", "fc2"] {
// TINY-NEXT: eie_isa.host_vector @input input length 4 frac 8
// TINY-NEXT: eie_isa.host_vector @output output length 2 frac 6
// TINY-NEXT: eie_isa.host_vector @scratch2 scratch length 8 frac 8
// TINY: eie_isa.load_codebook @codebook0
// TINY-NEXT: eie_isa.load_bias @bias1
// TINY-NEXT: eie_isa.load_act @input[0, 4]
// TINY-NEXT: eie_isa.load_spmat @spmat2 at 0
// TINY-NEXT: eie_isa.load_ptr @ptr3 at 0
// TINY-NEXT: eie_isa.run layer 0 cols 4 colbase 0 rows 4 spmat 0 ptr 0 fa 8 fw 14 fo 8 clear bias writeback relu
// TINY-NEXT: eie_isa.sync
// TINY-NEXT: eie_isa.store_act @scratch2[0, 4]
// TINY-NEXT: eie_isa.load_bias @bias4
// TINY-NEXT: eie_isa.load_spmat @spmat5 at 0
// TINY-NEXT: eie_isa.load_ptr @ptr6 at 0
// TINY-NEXT: eie_isa.run layer 0 cols 4 colbase 0 rows 4 spmat 0 ptr 0 fa 8 fw 14 fo 8 clear bias writeback relu
// TINY-NEXT: eie_isa.sync
// TINY-NEXT: eie_isa.store_act @scratch2[4, 4]
// TINY-NEXT: eie_isa.load_codebook @codebook7
// TINY-NEXT: eie_isa.load_act @scratch2[0, 4]
// TINY-NEXT: eie_isa.load_spmat @spmat8 at 0
// TINY-NEXT: eie_isa.load_ptr @ptr9 at 0
// TINY-NEXT: eie_isa.run layer 1 cols 4 colbase 0 rows 2 spmat 0 ptr 0 fa 8 fw 14 fo 6 clear
// TINY-NEXT: eie_isa.sync
// TINY-NEXT: eie_isa.load_act @scratch2[4, 4]
// TINY-NEXT: eie_isa.load_spmat @spmat10 at 0
// TINY-NEXT: eie_isa.load_ptr @ptr11 at 0
// TINY-NEXT: eie_isa.run layer 1 cols 4 colbase 0 rows 2 spmat 0 ptr 0 fa 8 fw 14 fo 6 writeback
// TINY-NEXT: eie_isa.sync
// TINY-NEXT: eie_isa.store_act @output[0, 2]
// TINY-NEXT: eie_isa.halt
// TINY: func.func @other
