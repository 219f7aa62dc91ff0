// NOVECTOR: error: cnn-optimize-blocking: the architecture 'asic-3level' has no vector registers for x86-vector-isa
// BADISA: error: cnn-optimize-blocking: unknown x86-vector-isa 'neon', expected arch, avx512 or avx2

// The blockings the x86 code generator runs (--cnn-apply-blocking): a register tile of one row
// of pixels by whole 16-lane vectors with C = R = S = 1, at most 28 accumulators, and level 1
// ending with its reduction loops as R, S, C.
// AVX2-LABEL: func @conv3
// AVX2: blocking = #cnn.blocking<[<"RF", {N = 1, K = {{8|16|24|32|40|48}}, C = 1, Y = 1,
func.func @conv3(%x: tensor<1x256x13x13xf32>, %w: tensor<384x256x3x3xf32>) -> tensor<1x384x13x13xf32> {
  %i = tensor.empty() : tensor<1x384x13x13xf32>
  %y = cnn.conv2d ins(%x, %w : tensor<1x256x13x13xf32>, tensor<384x256x3x3xf32>) outs(%i : tensor<1x384x13x13xf32>)
         {padding = array<i64: 1, 1, 1, 1>} -> tensor<1x384x13x13xf32>
  return %y : tensor<1x384x13x13xf32>
}
