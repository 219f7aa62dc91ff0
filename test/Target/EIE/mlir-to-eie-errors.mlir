// RUN: eie-translate --mlir-to-eie %s -split-input-file -verify-diagnostics -o /dev/null

// The execution rules of docs/ISA.md, reported at the instruction that breaks them.
eie_isa.program machine(pes = 1, regfile = 4, spmat = 64, ptr = 16) layers ["l"] {
  eie_isa.host_vector @input input length 2 frac 8
  eie_isa.host_vector @output output length 2 frac 8
  eie_isa.spmat_section @s counts [2] data dense<[1, 1]> : tensor<2xi8>
  eie_isa.ptr_section @p counts [3] data dense<[0, 1, 2]> : tensor<3xi16>
  eie_isa.load_spmat @s at 0
  eie_isa.load_ptr @p at 0
  eie_isa.load_act @input [0, 2]
  // expected-error @+1 {{instruction 3 (run): no codebook was loaded}}
  eie_isa.run layer 0 cols 2 colbase 0 rows 2 spmat 0 ptr 0 fa 8 fw 8 fo 8 clear writeback
  eie_isa.sync
  eie_isa.store_act @output [0, 2]
  eie_isa.halt
}

// -----

eie_isa.program machine(pes = 1, regfile = 4, spmat = 64, ptr = 16) layers [] {
  eie_isa.host_vector @input input length 2 frac 8
  eie_isa.host_vector @output output length 2 frac 8
  // expected-error @+1 {{instruction 0 (store.act): reads 2 destination activations but only 0}}
  eie_isa.store_act @output [0, 2]
  eie_isa.halt
}

// -----

eie_isa.program machine(pes = 1, regfile = 4, spmat = 2, ptr = 16) layers [] {
  eie_isa.host_vector @input input length 2 frac 8
  eie_isa.host_vector @output output length 2 frac 8
  eie_isa.spmat_section @s counts [2] data dense<[1, 1]> : tensor<2xi8>
  // expected-error @+1 {{instruction 0 (load.spmat): section 0 overflows the sparse-matrix SRAM of PE 0: address 1 + 2 entries > capacity 2}}
  eie_isa.load_spmat @s at 1
  eie_isa.halt
}

// -----

eie_isa.program machine(pes = 1, regfile = 4, spmat = 64, ptr = 16) layers [] {
  eie_isa.host_vector @input input length 2 frac 8
  eie_isa.host_vector @output output length 2 frac 8
  eie_isa.load_act @input [0, 2]
  // expected-error @+1 {{instruction 1 (halt): element 0 of the output host vector was never written}}
  eie_isa.halt
}

// -----

// The machine's limits (isa::verifyStructure), at the program.
// expected-error @+1 {{'eie_isa.program' op is not a valid EIE program: machine: 5000 PEs, expected 1..4096}}
eie_isa.program machine(pes = 5000, regfile = 4, spmat = 64, ptr = 16) layers [] {
  eie_isa.host_vector @input input length 2 frac 8
  eie_isa.host_vector @output output length 2 frac 8
  eie_isa.halt
}

// -----

eie_isa.program machine(pes = 1, regfile = 4, spmat = 64, ptr = 16) layers [] {
  eie_isa.host_vector @input input length 2 frac 8
  eie_isa.host_vector @output output length 2 frac 8
  // expected-error @+1 {{'eie_isa.spmat_section' op 'data' is dense_resource 'nowhere' without a blob}}
  eie_isa.spmat_section @s counts [2] data dense_resource<nowhere> : tensor<2xi8>
  eie_isa.halt
}

// -----

eie_isa.program machine(pes = 1, regfile = 4, spmat = 64, ptr = 16) layers [] {
  eie_isa.host_vector @input input length 2 frac 8
  eie_isa.host_vector @output output length 2 frac 8
  // expected-error @+1 {{'eie_isa.ptr_section' op 'data' holds 2 bytes, expected 4}}
  eie_isa.ptr_section @p counts [2] data dense_resource<short> : tensor<2xi16>
  eie_isa.halt
}

{-#
  dialect_resources: {
    builtin: {
      short: "0x020000000000"
    }
  }
#-}

// -----

// expected-error @+1 {{expected one eie_isa.program to translate, found 0}}
module {
}

// -----

// expected-error @+1 {{expected one eie_isa.program to translate, found 2}}
module {
  eie_isa.program machine(pes = 1, regfile = 4, spmat = 64, ptr = 16) layers [] {
    eie_isa.host_vector @input input length 2 frac 8
    eie_isa.host_vector @output output length 2 frac 8
    eie_isa.halt
  }
  eie_isa.program machine(pes = 1, regfile = 4, spmat = 64, ptr = 16) layers [] {
    eie_isa.host_vector @input input length 2 frac 8
    eie_isa.host_vector @output output length 2 frac 8
    eie_isa.halt
  }
}
