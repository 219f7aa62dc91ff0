// RUN: eie-opt %s --eie-partition --convert-eie-to-machine 2>/dev/null | FileCheck %s
// RUN: eie-opt %s --eie-partition --convert-eie-to-machine 2>/dev/null | eie-translate --mlir-to-eie | eie-translate --eie-disassemble | FileCheck %s --check-prefix=STREAM
// RUN: eie-opt %s --eie-partition --convert-eie-to-simulator="machine=%S/Inputs/machine/tiny.json" 2>/dev/null | FileCheck %s --check-prefix=SIM
// RUN: not eie-opt %s --convert-eie-to-machine 2>&1 | FileCheck %s --check-prefix=UNPARTITIONED

// A partitioned network: host code around the chain fc1, fc2 of convert.mlir.
#fc1 = #eie.compressed_matrix<rows = 8, cols = 4, pes = 2, bits = 2,
  codebook = array<f32: 0.0, -0.5, 0.25, 1.0>, fixed_codebook = array<i16: 0, -8192, 4096, 16384>,
  frac_bits = 14, entries = dense<[1, 50, 35, 1, 34]> : tensor<5xi8>,
  col_ptrs = dense<[0, 1, 1, 2, 2, 0, 1, 1, 1, 3]> : tensor<10xi32>>
#fc2 = #eie.compressed_matrix<rows = 2, cols = 8, pes = 1, bits = 2,
  codebook = array<f32: 0.0, -0.5, 0.25, 1.0>, fixed_codebook = array<i16: 0, -8192, 4096, 16384>,
  frac_bits = 14, entries = dense<[3, 17]> : tensor<2xi8>,
  col_ptrs = dense<[0, 1, 1, 1, 1, 1, 1, 1, 2]> : tensor<9xi32>>

func.func @forward(%x: tensor<1x4xf32>) -> tensor<1x2xf32> {
  %b = arith.constant dense<[0.5, -1.0, 0.0, 0.0, 0.25, 0.0, 0.0, 0.0]> : tensor<8xf32>
  %r = cnn.relu %x : tensor<1x4xf32>
  %h = eie.sparse_fc %r bias(%b : tensor<8xf32>) {matrix = #fc1, relu, act_frac = 8 : i32, out_frac = 8 : i32}
         : tensor<1x4xf32> -> tensor<1x8xf32> loc("fc1")
  %y = eie.sparse_fc %h {matrix = #fc2, act_frac = 8 : i32, out_frac = 6 : i32}
         : tensor<1x8xf32> -> tensor<1x2xf32> loc("fc2")
  %s = cnn.softmax %y : tensor<1x2xf32>
  return %s : tensor<1x2xf32>
}

// The host code stays and calls the accelerator function, which is now a declaration next to
// its program.
// CHECK-LABEL: func.func @forward(
// CHECK: cnn.relu
// CHECK-NEXT: call @forward_eie0(
// CHECK-NEXT: cnn.softmax
// CHECK: eie_isa.program machine(pes = 64, regfile = 64, spmat = 131072, ptr = 32768) layers ["fc1", "fc2"]
// CHECK: func.func private @forward_eie0(tensor<1x4xf32>) -> tensor<1x2xf32> attributes {eie.accelerator}

// eie-translate writes the stream of the whole module.
// STREAM: machine pes=64 regfile=64 spmat=131072 ptr=32768
// STREAM-COUNT-2: run layer=

// With the simulator as the accelerator, the function's body calls it on the stream.
// SIM-LABEL: func.func @forward(
// SIM: call @forward_eie0(
// SIM: memref.global "private" constant @__eie_forward_eie0_program : memref<{{[0-9]+}}xi8> = dense_resource<__eie_forward_eie0_program>
// SIM-LABEL: func.func private @forward_eie0(
// SIM-SAME: %[[X:.*]]: tensor<1x4xf32>) -> tensor<1x2xf32> {
// SIM: %[[IN:.*]] = bufferization.to_buffer %[[X]] read_only
// SIM: %[[OUT:.*]] = memref.alloc() {alignment = 64 : i64} : memref<1x2xf32>
// SIM: %[[STATUS:.*]] = call @eieSimRunProgram({{.*}}) : (memref<?xi8>, memref<?x?xf32>, memref<?x?xf32>) -> i32
// SIM: cf.assert {{.*}}, "@forward_eie0: the EIE simulator failed"
// SIM: %[[R:.*]] = bufferization.to_tensor %[[OUT]] restrict writable
// SIM: return %[[R]]
// SIM: func.func private @eieSimRunProgram(memref<?xi8>, memref<?x?xf32>, memref<?x?xf32>) -> i32 attributes {llvm.emit_c_interface}

// Without partitioning, the host code is in the way.
// UNPARTITIONED: error: 'cnn.relu' op cannot run on the EIE machine: a program is a chain of eie.sparse_fc (--eie-partition outlines the chains the machine runs)
