// eie_isa.program -> binary -> eie_isa.program is the identity, in both directions.
// RUN: eie-translate --mlir-to-eie %s -o %t.eie
// RUN: eie-translate --eie-to-mlir %t.eie -o %t.1.mlir
// RUN: eie-translate --mlir-to-eie %t.1.mlir -o %t.2.eie
// RUN: cmp %t.eie %t.2.eie
// RUN: eie-translate --eie-to-mlir %t.2.eie -o %t.2.mlir
// RUN: diff %t.1.mlir %t.2.mlir
// RUN: eie-opt %t.1.mlir --emit-bytecode -o %t.mlirbc
// RUN: eie-translate --mlir-to-eie %t.mlirbc -o %t.3.eie
// RUN: cmp %t.eie %t.3.eie
// RUN: FileCheck %s --check-prefix=IMPORT < %t.1.mlir
// RUN: eie-translate --eie-disassemble %t.eie | FileCheck %s --check-prefix=DIS

// The layer of test/Dialect/EIEISA/ops.mlir: y = relu(W x + b) with
// W = [[1, 0], [0, -0.5], [0, 1], [-0.5, 0]], b = [1, -0.5, 0, 0.25] on 2 PEs
// (roundtrip-simulate.test runs it).

// IMPORT: eie_isa.program machine(pes = 2, regfile = 4, spmat = 64, ptr = 16) layers ["hand"] {
// IMPORT-NEXT: eie_isa.host_vector @input input length 2 frac 8
// IMPORT-NEXT: eie_isa.host_vector @output output length 4 frac 8
// IMPORT-NEXT: eie_isa.codebook_section @codebook0 [0, 128, -64, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
// IMPORT-NEXT: eie_isa.spmat_section @spmat1 counts [2, 2] data dense_resource<spmat1> : tensor<4xi8>
// IMPORT-NEXT: eie_isa.ptr_section @ptr2 counts [3, 3] data dense_resource<ptr2> : tensor<6xi16>
// IMPORT-NEXT: eie_isa.bias_section @bias3 counts [2, 2] data dense_resource<bias3> : tensor<4xi16>
// IMPORT-NEXT: eie_isa.load_codebook @codebook0
// IMPORT-NEXT: eie_isa.load_spmat @spmat1 at 0
// IMPORT-NEXT: eie_isa.load_ptr @ptr2 at 0
// IMPORT-NEXT: eie_isa.load_bias @bias3
// IMPORT-NEXT: eie_isa.load_act @input[0, 2]
// IMPORT-NEXT: eie_isa.run layer 0 cols 2 colbase 0 rows 4 spmat 0 ptr 0 fa 8 fw 7 fo 8 clear bias writeback relu
// IMPORT-NEXT: eie_isa.sync
// IMPORT-NEXT: eie_isa.store_act @output[0, 4]
// IMPORT-NEXT: eie_isa.halt
// IMPORT: spmat1: "0x0100000001111202"
// IMPORT-NEXT: ptr2: "0x02000000000001000200000001000200"
// IMPORT-NEXT: bias3: "0x020000000001000080FF4000"

// DIS: machine pes=2 regfile=4 spmat=64 ptr=16
// DIS-NEXT: host 0 input length=2 frac=8
// DIS-NEXT: host 1 output length=4 frac=8
// DIS-NEXT: layer 0 "hand"
// DIS-NEXT: section 0 codebook values=[0, 128, -64, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
// DIS-NEXT: section 1 spmat total=4 per-pe-min=2 per-pe-max=2
// DIS-NEXT: section 2 pointers total=6 per-pe-min=3 per-pe-max=3
// DIS-NEXT: section 3 bias total=4 per-pe-min=2 per-pe-max=2
// DIS-NEXT: 0: load.codebook section=0
// DIS-NEXT: 1: load.spmat section=1 addr=0
// DIS-NEXT: 2: load.ptr section=2 addr=0
// DIS-NEXT: 3: load.bias section=3
// DIS-NEXT: 4: load.act host=0 offset=0 count=2
// DIS-NEXT: 5: run layer=0 "hand" cols=2 colbase=0 rows=4 spmat=0 ptr=0 fa=8 fw=7 fo=8 clear bias writeback relu
// DIS-NEXT: 6: sync
// DIS-NEXT: 7: store.act host=1 offset=0 count=4
// DIS-NEXT: 8: halt

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
