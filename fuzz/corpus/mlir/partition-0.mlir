// The 8 x 4 and 2 x 8 matrices of convert-eie-to-machine's test.
#fc1 = #eie.compressed_matrix<rows = 8, cols = 4, pes = 2, bits = 2,
  codebook = array<f32: 0.0, -0.5, 0.25, 1.0>, fixed_codebook = array<i16: 0, -8192, 4096, 16384>,
  frac_bits = 14, entries = dense<[1, 50, 35, 1, 34]> : tensor<5xi8>,
  col_ptrs = dense<[0, 1, 1, 2, 2, 0, 1, 1, 1, 3]> : tensor<10xi32>>
#fc2 = #eie.compressed_matrix<rows = 2, cols = 8, pes = 1, bits = 2,
  codebook = array<f32: 0.0, -0.5, 0.25, 1.0>, fixed_codebook = array<i16: 0, -8192, 4096, 16384>,
  frac_bits = 14, entries = dense<[3, 17]> : tensor<2xi8>,
  col_ptrs = dense<[0, 1, 1, 1, 1, 1, 1, 1, 2]> : tensor<9xi32>>

// Host code before and after a chain of two layers: the chain, with its bias constant and its
// fused ReLU, becomes @host_around_eie0; the host code calls it.
// REMARK: remark: loc("fc1"): layers 'fc1', 'fc2' run on the EIE machine as @host_around_eie0
func.func @host_around(%x: tensor<1x4xf32>) -> tensor<1x2xf32> {
  %b = arith.constant dense<[0.5, -1.0, 0.0, 0.0, 0.25, 0.0, 0.0, 0.0]> : tensor<8xf32>
  %r = cnn.relu %x : tensor<1x4xf32>
  %h = eie.sparse_fc %r bias(%b : tensor<8xf32>) {matrix = #fc1, relu, act_frac = 8 : i32, out_frac = 8 : i32}
         : tensor<1x4xf32> -> tensor<1x8xf32> loc("fc1")
  %y = eie.sparse_fc %h {matrix = #fc2, act_frac = 8 : i32, out_frac = 8 : i32}
         : tensor<1x8xf32> -> tensor<1x2xf32> loc("fc2")
  %s = cnn.softmax %y : tensor<1x2xf32>
  return %s : tensor<1x2xf32>
}

// A chain ends where the formats differ (the machine does not rescale) and where a result has
// another user: each of these layers runs alone.
// REMARK: remark: loc("a"): layers 'a' run on the EIE machine as @breaks_eie0
// REMARK: remark: loc("b"): layers 'b' run on the EIE machine as @breaks_eie1
// REMARK: remark: loc("c"): layers 'c' run on the EIE machine as @breaks_eie2
// REMARK: remark: loc("d"): layers 'd' run on the EIE machine as @breaks_eie3
func.func @breaks(%x: tensor<1x4xf32>) -> (tensor<1x2xf32>, tensor<1x8xf32>, tensor<1x2xf32>) {
  %a = eie.sparse_fc %x {matrix = #fc1, act_frac = 8 : i32, out_frac = 6 : i32}
         : tensor<1x4xf32> -> tensor<1x8xf32> loc("a")
  %b = eie.sparse_fc %a {matrix = #fc2, act_frac = 8 : i32, out_frac = 8 : i32}
         : tensor<1x8xf32> -> tensor<1x2xf32> loc("b")
  %c = eie.sparse_fc %x {matrix = #fc1, act_frac = 8 : i32, out_frac = 8 : i32}
         : tensor<1x4xf32> -> tensor<1x8xf32> loc("c")
  %d = eie.sparse_fc %c {matrix = #fc2, act_frac = 8 : i32, out_frac = 8 : i32}
         : tensor<1x8xf32> -> tensor<1x2xf32> loc("d")
  return %b, %c, %d : tensor<1x2xf32>, tensor<1x8xf32>, tensor<1x2xf32>
}

// Layers the machine cannot run stay host code: a batch of 2, no fixed-point formats, a bias
// that is not a constant, 5-bit codes.
func.func @not_for_the_machine(%x: tensor<2x4xf32>, %v: tensor<1x4xf32>, %b: tensor<8xf32>)
    -> (tensor<2x8xf32>, tensor<1x8xf32>, tensor<1x8xf32>, tensor<1x8xf32>) {
  %0 = eie.sparse_fc %x {matrix = #fc1, act_frac = 8 : i32, out_frac = 8 : i32}
         : tensor<2x4xf32> -> tensor<2x8xf32>
  %1 = eie.sparse_fc %v {matrix = #fc1} : tensor<1x4xf32> -> tensor<1x8xf32>
  %2 = eie.sparse_fc %v bias(%b : tensor<8xf32>) {matrix = #fc1, act_frac = 8 : i32, out_frac = 8 : i32}
         : tensor<1x4xf32> -> tensor<1x8xf32>
  %3 = eie.sparse_fc %v {matrix = #eie.compressed_matrix<rows = 8, cols = 4, pes = 1, bits = 5,
           codebook = array<f32: 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
                                 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0>,
           fixed_codebook = array<i16: 0, 16384, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                       0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0>,
           frac_bits = 14, entries = dense<[1, 0]> : tensor<2xi8>,
           col_ptrs = dense<[0, 1, 1, 1, 1]> : tensor<5xi32>>, act_frac = 8 : i32, out_frac = 8 : i32}
         : tensor<1x4xf32> -> tensor<1x8xf32>
  return %0, %1, %2, %3 : tensor<2x8xf32>, tensor<1x8xf32>, tensor<1x8xf32>, tensor<1x8xf32>
}
// REMARK-NOT: remark
