// RUN: eie-translate --mlir-to-eie %s -split-input-file -verify-diagnostics -o /dev/null

// The execution rules of docs/ISA.md, reported at the instruction that breaks them.
eie.program machine(pes = 1, regfile = 4, spmat = 64, ptr = 16) layers ["l"] {
  eie.host_vector @input input length 2 frac 8
  eie.host_vector @output output length 2 frac 8
  eie.spmat_section @s counts [2] data dense<[1, 1]> : tensor<2xi8>
  eie.ptr_section @p counts [3] data dense<[0, 1, 2]> : tensor<3xi16>
  eie.load_spmat @s at 0
  eie.load_ptr @p at 0
  eie.load_act @input [0, 2]
  // expected-error @+1 {{instruction 3 (run): no codebook was loaded}}
  eie.run layer 0 cols 2 colbase 0 rows 2 spmat 0 ptr 0 fa 8 fw 8 fo 8 clear writeback
  eie.sync
  eie.store_act @output [0, 2]
  eie.halt
}

// -----

eie.program machine(pes = 1, regfile = 4, spmat = 64, ptr = 16) layers [] {
  eie.host_vector @input input length 2 frac 8
  eie.host_vector @output output length 2 frac 8
  // expected-error @+1 {{instruction 0 (store.act): reads 2 destination activations but only 0}}
  eie.store_act @output [0, 2]
  eie.halt
}

// -----

eie.program machine(pes = 1, regfile = 4, spmat = 2, ptr = 16) layers [] {
  eie.host_vector @input input length 2 frac 8
  eie.host_vector @output output length 2 frac 8
  eie.spmat_section @s counts [2] data dense<[1, 1]> : tensor<2xi8>
  // expected-error @+1 {{instruction 0 (load.spmat): section 0 overflows the sparse-matrix SRAM of PE 0: address 1 + 2 entries > capacity 2}}
  eie.load_spmat @s at 1
  eie.halt
}

// -----

eie.program machine(pes = 1, regfile = 4, spmat = 64, ptr = 16) layers [] {
  eie.host_vector @input input length 2 frac 8
  eie.host_vector @output output length 2 frac 8
  eie.load_act @input [0, 2]
  // expected-error @+1 {{instruction 1 (halt): element 0 of the output host vector was never written}}
  eie.halt
}

// -----

// The machine's limits (isa::verifyStructure), at the program.
// expected-error @+1 {{'eie.program' op is not a valid EIE program: machine: 5000 PEs, expected 1..4096}}
eie.program machine(pes = 5000, regfile = 4, spmat = 64, ptr = 16) layers [] {
  eie.host_vector @input input length 2 frac 8
  eie.host_vector @output output length 2 frac 8
  eie.halt
}

// -----

eie.program machine(pes = 1, regfile = 4, spmat = 64, ptr = 16) layers [] {
  eie.host_vector @input input length 2 frac 8
  eie.host_vector @output output length 2 frac 8
  // expected-error @+1 {{'eie.spmat_section' op 'data' is dense_resource 'nowhere' without a blob}}
  eie.spmat_section @s counts [2] data dense_resource<nowhere> : tensor<2xi8>
  eie.halt
}

// -----

eie.program machine(pes = 1, regfile = 4, spmat = 64, ptr = 16) layers [] {
  eie.host_vector @input input length 2 frac 8
  eie.host_vector @output output length 2 frac 8
  // expected-error @+1 {{'eie.ptr_section' op 'data' holds 2 bytes, expected 4}}
  eie.ptr_section @p counts [2] data dense_resource<short> : tensor<2xi16>
  eie.halt
}

{-#
  dialect_resources: {
    builtin: {
      short: "0x020000000000"
    }
  }
#-}

// -----

// expected-error @+1 {{expected one eie.program to translate, found 0}}
module {
}

// -----

// expected-error @+1 {{expected one eie.program to translate, found 2}}
module {
  eie.program machine(pes = 1, regfile = 4, spmat = 64, ptr = 16) layers [] {
    eie.host_vector @input input length 2 frac 8
    eie.host_vector @output output length 2 frac 8
    eie.halt
  }
  eie.program machine(pes = 1, regfile = 4, spmat = 64, ptr = 16) layers [] {
    eie.host_vector @input input length 2 frac 8
    eie.host_vector @output output length 2 frac 8
    eie.halt
  }
}
