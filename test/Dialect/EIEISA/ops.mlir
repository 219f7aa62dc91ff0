// RUN: eie-opt %s | eie-opt | FileCheck %s
// RUN: eie-opt %s --mlir-print-op-generic | eie-opt | FileCheck %s
// RUN: eie-opt %s --emit-bytecode | eie-opt | FileCheck %s

// A 4 x 2 layer on 2 PEs (docs/EIEBackend.md): W = [[1, 0], [0, -0.5], [0, 1], [-0.5, 0]] with
// codes 1 = 1.0 and 2 = -0.5 in Q7, biases [1, -0.5, 0, 0.25] in Q8. PE 0 owns rows 0 and 2,
// PE 1 rows 1 and 3; each entry packs v | z << 4.
// CHECK-LABEL: eie_isa.program machine(pes = 2, regfile = 4, spmat = 64, ptr = 16) layers ["hand"] {
// CHECK-NEXT: eie_isa.host_vector @input input length 2 frac 8
// CHECK-NEXT: eie_isa.host_vector @output output length 4 frac 8
// CHECK-NEXT: eie_isa.codebook_section @codebook0 [0, 128, -64, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
// CHECK-NEXT: eie_isa.spmat_section @spmat1 counts [2, 2] data dense<[1, 17, 18, 2]> : tensor<4xi8>
// CHECK-NEXT: eie_isa.ptr_section @ptr2 counts [3, 3] data dense<[0, 1, 2, 0, 1, 2]> : tensor<6xi16>
// CHECK-NEXT: eie_isa.bias_section @bias3 counts [2, 2] data dense<[256, 0, -128, 64]> : tensor<4xi16>
// CHECK-NEXT: eie_isa.load_codebook @codebook0
// CHECK-NEXT: eie_isa.load_spmat @spmat1 at 0
// CHECK-NEXT: eie_isa.load_ptr @ptr2 at 0
// CHECK-NEXT: eie_isa.load_bias @bias3
// CHECK-NEXT: eie_isa.load_act @input[0, 2]
// CHECK-NEXT: eie_isa.run layer 0 cols 2 colbase 0 rows 4 spmat 0 ptr 0 fa 8 fw 7 fo 8 clear bias writeback relu
// CHECK-NEXT: eie_isa.sync
// CHECK-NEXT: eie_isa.store_act @output[0, 4]
// CHECK-NEXT: eie_isa.halt
// CHECK-NEXT: }
eie_isa.program machine(pes = 2, regfile = 4, spmat = 64, ptr = 16) layers ["hand"] {
  eie_isa.host_vector @input input length 2 frac 8
  eie_isa.host_vector @output output length 4 frac 8
  eie_isa.codebook_section @codebook0 [0, 128, -64, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
  eie_isa.spmat_section @spmat1 counts [2, 2] data dense<[1, 17, 18, 2]> : tensor<4xi8>
  eie_isa.ptr_section @ptr2 counts [3, 3] data dense<[0, 1, 2, 0, 1, 2]> : tensor<6xi16>
  eie_isa.bias_section @bias3 counts [2, 2] data dense<[256, 0, -128, 64]> : tensor<4xi16>
  eie_isa.load_codebook @codebook0
  eie_isa.load_spmat @spmat1 at 0
  eie_isa.load_ptr @ptr2 at 0
  eie_isa.load_bias @bias3
  eie_isa.load_act @input [0, 2]
  eie_isa.run layer 0 cols 2 colbase 0 rows 4 spmat 0 ptr 0 fa 8 fw 7 fo 8 clear bias writeback relu
  eie_isa.sync
  eie_isa.store_act @output [0, 4]
  eie_isa.halt
}

// Two layers through a scratch vector, passes without flags, swap, dense_resource payloads and
// empty images. Ops keep their order; sections may follow the instructions that use them.
// CHECK-LABEL: eie_isa.program machine(pes = 1, regfile = 2, spmat = 131072, ptr = 32768) layers ["a", "b"] {
// CHECK-NEXT: eie_isa.host_vector @input input length 2 frac 0
// CHECK-NEXT: eie_isa.host_vector @scratch1 scratch length 2 frac 15
// CHECK-NEXT: eie_isa.host_vector @output output length 1 frac 0
// CHECK-NEXT: eie_isa.codebook_section @codebook0 [0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
// CHECK-NEXT: eie_isa.spmat_section @spmat1 counts [2] data dense_resource<blob_entries> : tensor<2xi8>
// CHECK-NEXT: eie_isa.bias_section @empty counts [0] data dense<> : tensor<0xi16>
// CHECK-NEXT: eie_isa.load_act @input[1, 1]
// CHECK-NEXT: eie_isa.run layer 1 cols 1 colbase 1 rows 2 spmat 4 ptr 8 fa 0 fw 0 fo 0 clear
// CHECK-NEXT: eie_isa.run layer 1 cols 1 colbase 0 rows 2 spmat 4 ptr 8 fa 0 fw 0 fo 0{{$}}
// CHECK-NEXT: eie_isa.run layer 1 cols 1 colbase 0 rows 2 spmat 4 ptr 8 fa 0 fw 0 fo 0 writeback
// CHECK-NEXT: eie_isa.sync
// CHECK-NEXT: eie_isa.swap
// CHECK-NEXT: eie_isa.store_act @scratch1[0, 2]
// CHECK-NEXT: eie_isa.ptr_section @ptr2 counts [3] data dense<[0, 1, 2]> : tensor<3xi16>
// CHECK-NEXT: eie_isa.halt
// CHECK: blob_entries: "0x0100000001020000"
eie_isa.program machine(pes = 1, regfile = 2, spmat = 131072, ptr = 32768) layers ["a", "b"] {
  eie_isa.host_vector @input input length 2 frac 0
  eie_isa.host_vector @scratch1 scratch length 2 frac 15
  eie_isa.host_vector @output output length 1 frac 0
  eie_isa.codebook_section @codebook0 [0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
  eie_isa.spmat_section @spmat1 counts [2] data dense_resource<blob_entries> : tensor<2xi8>
  eie_isa.bias_section @empty counts [0] data dense<> : tensor<0xi16>
  eie_isa.load_act @input [1, 1]
  eie_isa.run layer 1 cols 1 colbase 1 rows 2 spmat 4 ptr 8 fa 0 fw 0 fo 0 clear
  eie_isa.run layer 1 cols 1 colbase 0 rows 2 spmat 4 ptr 8 fa 0 fw 0 fo 0
  eie_isa.run layer 1 cols 1 colbase 0 rows 2 spmat 4 ptr 8 fa 0 fw 0 fo 0 writeback
  eie_isa.sync
  eie_isa.swap
  eie_isa.store_act @scratch1 [0, 2]
  eie_isa.ptr_section @ptr2 counts [3] data dense<[0, 1, 2]> : tensor<3xi16>
  eie_isa.halt
}

{-#
  dialect_resources: {
    builtin: {
      blob_entries: "0x0100000001020000"
    }
  }
#-}
