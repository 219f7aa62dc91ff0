// RUN: eie-opt %s --cnn-optimize-blocking="arch=x86-avx512 x86-vector-isa=arch" -split-input-file | FileCheck %s
// RUN: eie-opt %s --cnn-optimize-blocking="arch=x86-avx512 x86-vector-isa=avx2" -split-input-file | FileCheck %s --check-prefix=AVX2
// RUN: not eie-opt %s --cnn-optimize-blocking="arch=asic-3level x86-vector-isa=arch" 2>&1 | FileCheck %s --check-prefix=NOVECTOR
// RUN: not eie-opt %s --cnn-optimize-blocking="arch=x86-avx512 x86-vector-isa=neon" 2>&1 | FileCheck %s --check-prefix=BADISA

// NOVECTOR: error: cnn-optimize-blocking: the architecture 'asic-3level' has no vector registers for x86-vector-isa
// BADISA: for the --x86-vector-isa option: Cannot find option named 'neon'!

// The blockings the x86 code generator runs (--cnn-apply-blocking): a register tile of one row
// of pixels by whole 16-lane vectors with C = R = S = 1, at most 28 accumulators, and level 1
// ending with its reduction loops as R, S, C.
// CHECK-LABEL: func @conv3
// CHECK: blocking = #cnn.blocking<[<"RF", {N = 1, K = {{16|32|48|64|80|96|112}}, C = 1, Y = 1, X = {{[0-9]+}}, R = 1, S = 1}>,
// CHECK-SAME: <"L1d", {{.*}}, order = [{{[NKYX, ]*}}R, S, C]>
// CHECK-SAME: cnn.blocking_search = {candidates = {{[0-9]+}} : i64, optimal = true
// AVX2-LABEL: func @conv3
// AVX2: blocking = #cnn.blocking<[<"RF", {N = 1, K = {{8|16|24|32|40|48}}, C = 1, Y = 1,
func.func @conv3(%x: tensor<1x256x13x13xf32>, %w: tensor<384x256x3x3xf32>) -> tensor<1x384x13x13xf32> {
  %i = tensor.empty() : tensor<1x384x13x13xf32>
  %y = cnn.conv2d ins(%x, %w : tensor<1x256x13x13xf32>, tensor<384x256x3x3xf32>) outs(%i : tensor<1x384x13x13xf32>)
         {padding = array<i64: 1, 1, 1, 1>} -> tensor<1x384x13x13xf32>
  return %y : tensor<1x384x13x13xf32>
}

// -----

// 1000 outputs are not whole vectors: K is padded to 1008, an imperfect blocking along K.
// CHECK-LABEL: func @fc8
// CHECK: blocking = #cnn.blocking<[<"RF", {N = 1, K = {{[0-9]+}}, C = 1, Y = 1, X = 1, R = 1, S = 1}>, {{.*}}], imperfect>
func.func @fc8(%x: tensor<1x4096xf32>, %w: tensor<1000x4096xf32>) -> tensor<1x1000xf32> {
  %i = tensor.empty() : tensor<1x1000xf32>
  %y = cnn.fc ins(%x, %w : tensor<1x4096xf32>, tensor<1000x4096xf32>) outs(%i : tensor<1x1000xf32>) -> tensor<1x1000xf32>
  return %y : tensor<1x1000xf32>
}

// -----

// Groups of 3 output channels are not whole vectors: no blocking, the reference lowering runs it.
// CHECK-LABEL: func @partial_vector_groups
// CHECK-NOT: blocking =
func.func @partial_vector_groups(%x: tensor<1x8x6x6xf32>, %w: tensor<12x2x3x3xf32>) -> tensor<1x12x4x4xf32> {
  %i = tensor.empty() : tensor<1x12x4x4xf32>
  %y = cnn.conv2d ins(%x, %w : tensor<1x8x6x6xf32>, tensor<12x2x3x3xf32>) outs(%i : tensor<1x12x4x4xf32>)
         {groups = 4 : i64} -> tensor<1x12x4x4xf32>
  return %y : tensor<1x12x4x4xf32>
}
