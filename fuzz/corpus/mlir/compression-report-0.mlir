// The example matrix of ops.mlir: 5 non-zeros and no padding in 5 one-byte entries, 2 PEs x 5
// 16-bit pointers (20 bytes), a 4-value 16-bit codebook (8 bytes): 33 bytes against 128 dense.
// The v stream (1, 2, 3, 1, 2) and the z stream (0, 3, 2, 0, 2) Huffman-code to 8 bits each.

// TABLE: layer shape PEs bits nnz density B/nnz pad/nnz ptrB/nnz ratio huffB/nz huffRat
// TABLE-NEXT: fc6 8x4 2 2 5 15.62% 6.600 0.000 4.000 3.9x 6.000 4.3x
// TABLE-NEXT: eie.sparse_fc#1 8x4 2 2 5

// JSON: "layers": [
// JSON: "bits": 2,
// JSON: "codebook_bytes": 8,
// JSON: "dense_fp32_bytes": 128,
// JSON: "entry_bytes": 5,
// JSON: "huffman_v_bits": 8,
// JSON: "huffman_z_bits": 8,
// JSON: "name": "fc6",
// JSON: "non_zeros": 5,
// JSON: "padding_entries": 0,
// JSON: "pointer_bytes": 20,
// JSON: "total_bytes": 33
// JSON: "name": "eie.sparse_fc#1",

// The IR is unchanged.
// IR-LABEL: func @layers
// IR-COUNT-2: eie.sparse_fc

#small = #eie.compressed_matrix<rows = 8, cols = 4, pes = 2, bits = 2,
  codebook = array<f32: 0.0, -0.5, 0.25, 1.0>, fixed_codebook = array<i16: 0, -8192, 4096, 16384>,
  frac_bits = 14, entries = dense<[1, 50, 35, 1, 34]> : tensor<5xi8>,
  col_ptrs = dense<[0, 1, 1, 2, 2, 0, 1, 1, 1, 3]> : tensor<10xi32>>

func.func @layers(%x: tensor<1x4xf32>) -> (tensor<1x8xf32>, tensor<1x8xf32>) {
  %y = eie.sparse_fc %x {matrix = #small} : tensor<1x4xf32> -> tensor<1x8xf32> loc("fc6")
  %z = eie.sparse_fc %x {matrix = #small} : tensor<1x4xf32> -> tensor<1x8xf32>
  return %y, %z : tensor<1x8xf32>, tensor<1x8xf32>
}
