// RUN: eie-opt %s -split-input-file -verify-diagnostics

// expected-error @+1 {{attribute 'pes' failed to satisfy constraint: 64-bit signless integer attribute whose value is positive whose maximum value is 4294967295}}
eie_isa.program machine(pes = 0, regfile = 4, spmat = 64, ptr = 16) layers [] {
  eie_isa.halt
}

// -----

eie_isa.program machine(pes = 1, regfile = 4, spmat = 64, ptr = 16) layers [] {
  eie_isa.host_vector @input input length 2 frac 8
  eie_isa.host_vector @output output length 2 frac 8
  // expected-error @+1 {{'func.func' op cannot be part of an eie_isa.program, which holds host vectors, sections and instructions only}}
  func.func @f() {
    return
  }
  eie_isa.halt
}

// -----

eie_isa.program machine(pes = 1, regfile = 4, spmat = 64, ptr = 16) layers [] {
  eie_isa.host_vector @input input length 2 frac 8
  eie_isa.host_vector @output output length 2 frac 8
  // expected-error @+1 {{'eie_isa.halt' op must be the last op of the program}}
  eie_isa.halt
  eie_isa.sync
}

// -----

// expected-error @+1 {{'eie_isa.program' op has 1 input and 0 output host vectors, expected one of each}}
eie_isa.program machine(pes = 1, regfile = 4, spmat = 64, ptr = 16) layers [] {
  eie_isa.host_vector @input input length 2 frac 8
  eie_isa.halt
}

// -----

// expected-error @+1 {{'eie_isa.program' op has 2 input and 1 output host vectors, expected one of each}}
eie_isa.program machine(pes = 1, regfile = 4, spmat = 64, ptr = 16) layers [] {
  eie_isa.host_vector @input input length 2 frac 8
  eie_isa.host_vector @input2 input length 2 frac 8
  eie_isa.host_vector @output output length 2 frac 8
  eie_isa.halt
}

// -----

// expected-error @+1 {{'eie_isa.program' op must end with eie_isa.halt}}
eie_isa.program machine(pes = 1, regfile = 4, spmat = 64, ptr = 16) layers [] {
  eie_isa.host_vector @input input length 2 frac 8
  eie_isa.host_vector @output output length 2 frac 8
  eie_isa.sync
}

// -----

// expected-error @+1 {{'eie_isa.program' op must end with eie_isa.halt}}
eie_isa.program machine(pes = 1, regfile = 4, spmat = 64, ptr = 16) layers [] {
}

// -----

// expected-error @+1 {{'eie_isa.halt' op expects parent op 'eie_isa.program'}}
eie_isa.halt

// -----

eie_isa.program machine(pes = 1, regfile = 4, spmat = 64, ptr = 16) layers [] {
  // expected-error @+1 {{attribute 'frac' failed to satisfy constraint: 64-bit signless integer attribute whose value is non-negative whose maximum value is 15}}
  eie_isa.host_vector @input input length 2 frac 16
  eie_isa.host_vector @output output length 2 frac 8
  eie_isa.halt
}

// -----

eie_isa.program machine(pes = 1, regfile = 4, spmat = 64, ptr = 16) layers [] {
  // expected-error @+1 {{attribute 'length' failed to satisfy constraint: 64-bit signless integer attribute whose value is positive}}
  eie_isa.host_vector @input input length 0 frac 8
  eie_isa.host_vector @output output length 2 frac 8
  eie_isa.halt
}

// -----

eie_isa.program machine(pes = 1, regfile = 4, spmat = 64, ptr = 16) layers [] {
  // expected-note @+1 {{see existing symbol definition here}}
  eie_isa.host_vector @input input length 2 frac 8
  // expected-error @+1 {{redefinition of symbol named 'input'}}
  eie_isa.host_vector @input output length 2 frac 8
  eie_isa.halt
}

// -----

eie_isa.program machine(pes = 1, regfile = 4, spmat = 64, ptr = 16) layers [] {
  eie_isa.host_vector @input input length 2 frac 8
  eie_isa.host_vector @output output length 2 frac 8
  // expected-error @+1 {{'eie_isa.codebook_section' op holds 3 values, a codebook has 16}}
  eie_isa.codebook_section @c [0, 1, 2]
  eie_isa.halt
}

// -----

eie_isa.program machine(pes = 2, regfile = 4, spmat = 64, ptr = 16) layers [] {
  eie_isa.host_vector @input input length 2 frac 8
  eie_isa.host_vector @output output length 2 frac 8
  // expected-error @+1 {{'eie_isa.spmat_section' op has 1 images, the program has 2 PEs}}
  eie_isa.spmat_section @s counts [1] data dense<[1]> : tensor<1xi8>
  eie_isa.halt
}

// -----

eie_isa.program machine(pes = 2, regfile = 4, spmat = 64, ptr = 16) layers [] {
  eie_isa.host_vector @input input length 2 frac 8
  eie_isa.host_vector @output output length 2 frac 8
  // expected-error @+1 {{'eie_isa.ptr_section' op image of PE 1 has a negative size -1}}
  eie_isa.ptr_section @p counts [2, -1] data dense<[0]> : tensor<1xi16>
  eie_isa.halt
}

// -----

eie_isa.program machine(pes = 2, regfile = 4, spmat = 64, ptr = 16) layers [] {
  eie_isa.host_vector @input input length 2 frac 8
  eie_isa.host_vector @output output length 2 frac 8
  // expected-error @+1 {{'eie_isa.bias_section' op 'data' must be a 1-D tensor of i16 elements, got 'tensor<2xi32>'}}
  eie_isa.bias_section @b counts [1, 1] data dense<[1, 2]> : tensor<2xi32>
  eie_isa.halt
}

// -----

eie_isa.program machine(pes = 2, regfile = 4, spmat = 64, ptr = 16) layers [] {
  eie_isa.host_vector @input input length 2 frac 8
  eie_isa.host_vector @output output length 2 frac 8
  // expected-error @+1 {{'eie_isa.spmat_section' op 'data' must be a 1-D tensor of i8 elements, got 'tensor<1x2xi8>'}}
  eie_isa.spmat_section @s counts [1, 1] data dense<[[1, 2]]> : tensor<1x2xi8>
  eie_isa.halt
}

// -----

eie_isa.program machine(pes = 2, regfile = 4, spmat = 64, ptr = 16) layers [] {
  eie_isa.host_vector @input input length 2 frac 8
  eie_isa.host_vector @output output length 2 frac 8
  // expected-error @+1 {{'eie_isa.ptr_section' op 'data' has 3 column pointers, the images' counts add up to 4}}
  eie_isa.ptr_section @p counts [2, 2] data dense<[0, 1, 0]> : tensor<3xi16>
  eie_isa.halt
}

// -----

eie_isa.program machine(pes = 1, regfile = 4, spmat = 64, ptr = 16) layers [] {
  eie_isa.host_vector @input input length 2 frac 8
  eie_isa.host_vector @output output length 2 frac 8
  // expected-error @+1 {{'eie_isa.load_codebook' op refers to @missing, which the program does not declare}}
  eie_isa.load_codebook @missing
  eie_isa.halt
}

// -----

eie_isa.program machine(pes = 1, regfile = 4, spmat = 64, ptr = 16) layers [] {
  eie_isa.host_vector @input input length 2 frac 8
  eie_isa.host_vector @output output length 2 frac 8
  eie_isa.ptr_section @p counts [2] data dense<[0, 1]> : tensor<2xi16>
  // expected-error @+1 {{'eie_isa.load_spmat' op refers to @p, a 'eie_isa.ptr_section', expected a 'eie_isa.spmat_section'}}
  eie_isa.load_spmat @p at 0
  eie_isa.halt
}

// -----

eie_isa.program machine(pes = 1, regfile = 4, spmat = 64, ptr = 16) layers [] {
  eie_isa.host_vector @input input length 2 frac 8
  eie_isa.host_vector @output output length 2 frac 8
  eie_isa.spmat_section @s counts [1] data dense<[1]> : tensor<1xi8>
  // expected-error @+1 {{'eie_isa.load_ptr' op refers to @s, a 'eie_isa.spmat_section', expected a 'eie_isa.ptr_section'}}
  eie_isa.load_ptr @s at 0
  eie_isa.halt
}

// -----

eie_isa.program machine(pes = 1, regfile = 4, spmat = 64, ptr = 16) layers [] {
  eie_isa.host_vector @input input length 2 frac 8
  eie_isa.host_vector @output output length 2 frac 8
  // expected-error @+1 {{'eie_isa.load_bias' op refers to @input, a 'eie_isa.host_vector', expected a 'eie_isa.bias_section'}}
  eie_isa.load_bias @input
  eie_isa.halt
}

// -----

eie_isa.program machine(pes = 1, regfile = 4, spmat = 64, ptr = 16) layers [] {
  eie_isa.host_vector @input input length 2 frac 8
  eie_isa.host_vector @output output length 2 frac 8
  eie_isa.codebook_section @c [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]
  // expected-error @+1 {{'eie_isa.load_act' op refers to @c, a 'eie_isa.codebook_section', expected a 'eie_isa.host_vector'}}
  eie_isa.load_act @c [0, 1]
  eie_isa.halt
}

// -----

eie_isa.program machine(pes = 1, regfile = 4, spmat = 64, ptr = 16) layers [] {
  eie_isa.host_vector @input input length 2 frac 8
  eie_isa.host_vector @output output length 2 frac 8
  // expected-error @+1 {{'eie_isa.load_act' op moves elements [1, 3) of @input, which has 2}}
  eie_isa.load_act @input [1, 2]
  eie_isa.halt
}

// -----

eie_isa.program machine(pes = 1, regfile = 4, spmat = 64, ptr = 16) layers [] {
  eie_isa.host_vector @input input length 2 frac 8
  eie_isa.host_vector @output output length 2 frac 8
  // expected-error @+1 {{'eie_isa.store_act' op moves elements [4294967295, 4294967296) of @output, which has 2}}
  eie_isa.store_act @output [4294967295, 1]
  eie_isa.halt
}

// -----

eie_isa.program machine(pes = 1, regfile = 4, spmat = 64, ptr = 16) layers [] {
  eie_isa.host_vector @input input length 2 frac 8
  eie_isa.host_vector @output output length 2 frac 8
  // expected-error @+1 {{attribute 'count' failed to satisfy constraint: 64-bit signless integer attribute whose value is positive}}
  eie_isa.store_act @output [0, 0]
  eie_isa.halt
}

// -----

eie_isa.program machine(pes = 1, regfile = 4, spmat = 64, ptr = 16) layers [] {
  eie_isa.host_vector @input input length 2 frac 8
  eie_isa.host_vector @output output length 2 frac 8
  // expected-error @+1 {{attribute 'address' failed to satisfy constraint: 64-bit signless integer attribute whose value is non-negative whose maximum value is 4294967295}}
  eie_isa.load_spmat @s at 4294967296
  eie_isa.halt
}

// -----

eie_isa.program machine(pes = 1, regfile = 4, spmat = 64, ptr = 16) layers ["l"] {
  eie_isa.host_vector @input input length 2 frac 8
  eie_isa.host_vector @output output length 2 frac 8
  // expected-error @+1 {{'eie_isa.run' op runs layer 1, the program names 1 layers}}
  eie_isa.run layer 1 cols 2 colbase 0 rows 2 spmat 0 ptr 0 fa 8 fw 8 fo 8 clear writeback
  eie_isa.halt
}

// -----

eie_isa.program machine(pes = 1, regfile = 4, spmat = 64, ptr = 16) layers ["l"] {
  eie_isa.host_vector @input input length 2 frac 8
  eie_isa.host_vector @output output length 2 frac 8
  // expected-error @+1 {{'eie_isa.run' op output format Q15 exceeds the product format Q10 (fo <= fa + fw)}}
  eie_isa.run layer 0 cols 2 colbase 0 rows 2 spmat 0 ptr 0 fa 5 fw 5 fo 15 clear writeback
  eie_isa.halt
}

// -----

eie_isa.program machine(pes = 1, regfile = 4, spmat = 64, ptr = 16) layers ["l"] {
  eie_isa.host_vector @input input length 2 frac 8
  eie_isa.host_vector @output output length 2 frac 8
  // expected-error @+1 {{'eie_isa.run' op the bias flag needs the clear flag}}
  eie_isa.run layer 0 cols 2 colbase 0 rows 2 spmat 0 ptr 0 fa 8 fw 8 fo 8 bias writeback
  eie_isa.halt
}

// -----

eie_isa.program machine(pes = 1, regfile = 4, spmat = 64, ptr = 16) layers ["l"] {
  eie_isa.host_vector @input input length 2 frac 8
  eie_isa.host_vector @output output length 2 frac 8
  // expected-error @+1 {{'eie_isa.run' op the relu flag needs the writeback flag}}
  eie_isa.run layer 0 cols 2 colbase 0 rows 2 spmat 0 ptr 0 fa 8 fw 8 fo 8 clear relu
  eie_isa.halt
}

// -----

eie_isa.program machine(pes = 1, regfile = 4, spmat = 64, ptr = 16) layers ["l"] {
  eie_isa.host_vector @input input length 2 frac 8
  eie_isa.host_vector @output output length 2 frac 8
  // expected-error @+1 {{attribute 'rows' failed to satisfy constraint: 64-bit signless integer attribute whose value is positive}}
  eie_isa.run layer 0 cols 2 colbase 0 rows 0 spmat 0 ptr 0 fa 8 fw 8 fo 8 clear relu
  eie_isa.halt
}
