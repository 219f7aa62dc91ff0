// Padding-aware pruning (pes > 0) of a 40x1 cnn.fc at density 0.1 (4 weights): 10 at row 0,
// 9 at row 20, 8 at row 39, 0.5 at row 5, 0.01 * (row + 1) elsewhere.
//
// One PE: keeping 10 and 9 alone leaves 19 zeros before row 20, which --eie-encode would pad;
// the largest of rows 4..16 (a fill before row 4 would leave 16 zeros), 0.5 at row 5, is kept
// instead. 8 would need a second fill and does not fit; the top-up takes the largest weight
// that ends the column within 16 rows of row 20: 0.37 at row 36.
// Two PEs (rows 1, 3, ... in PE 1): 10, 9 and 8 are kept; 8 is PE 1's local row 19, after 19
// zeros of PE 1, so the largest of PE 1's local rows 3..15 (rows 7..31), 0.32 at row 31, fills.
// Plain pruning keeps the 4 largest, and PE 1 then needs a padding entry between rows 5 and 39.
// Convolutions are never encoded in EIE's format: plain pruning, and the plain remark.

// REMARK: remark: loc("fc"): pruned layer 'fc' to density 0.1000 (4 of 40 weights kept, 1 of them in place of padding)
// REMARK: remark: loc("conv"): pruned layer 'conv' to density 0.2500 (1 of 4 weights kept)
// REMARK-NOT: remark

// PES1-LABEL: func @fc
// PES1: arith.constant dense<{{\[\[}}1.000000e+01], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [5.000000e-01], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [9.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [3.700000e-01], [0.000000e+00], [0.000000e+00], [0.000000e+00]]> : tensor<40x1xf32>
// PES1-LABEL: func @conv
// PES1: arith.constant dense<{{\[\[\[\[}}0.000000e+00, 0.000000e+00]]], {{\[\[\[}}3.000000e+00, 0.000000e+00]]]]>

// PES2: arith.constant dense<{{\[\[}}1.000000e+01], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [9.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [3.200000e-01], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [8.000000e+00]]> : tensor<40x1xf32>

// PLAIN: arith.constant dense<{{\[\[}}1.000000e+01], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [5.000000e-01], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [9.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [0.000000e+00], [8.000000e+00]]> : tensor<40x1xf32>

// REPORT: layer shape PEs bits nnz density B/nnz pad/nnz ptrB/nnz
// REPORT-NEXT: fc 40x1 2 4 4 10.00% 11.000 0.000 2.000
// PLAIN-REPORT: layer shape PEs bits nnz density B/nnz pad/nnz ptrB/nnz
// PLAIN-REPORT-NEXT: fc 40x1 2 4 4 10.00% 11.250 0.250 2.000

func.func @fc(%x: tensor<1x1xf32>) -> tensor<1x40xf32> {
  %w = arith.constant dense<[[10.0], [0.02], [0.03], [0.04], [0.05], [0.5], [0.07], [0.08], [0.09], [0.1], [0.11], [0.12], [0.13], [0.14], [0.15], [0.16], [0.17], [0.18], [0.19], [0.2], [9.0], [0.22], [0.23], [0.24], [0.25], [0.26], [0.27], [0.28], [0.29], [0.3], [0.31], [0.32], [0.33], [0.34], [0.35], [0.36], [0.37], [0.38], [0.39], [8.0]]> : tensor<40x1xf32>
  %i = tensor.empty() : tensor<1x40xf32>
  %y = cnn.fc ins(%x, %w : tensor<1x1xf32>, tensor<40x1xf32>) outs(%i : tensor<1x40xf32>) -> tensor<1x40xf32> loc("fc")
  return %y : tensor<1x40xf32>
}
func.func @conv(%x: tensor<1x1x2x2xf32>) -> tensor<1x2x2x1xf32> {
  %f = arith.constant dense<[[[[1.0, -2.0]]], [[[3.0, 0.5]]]]> : tensor<2x1x1x2xf32>
  %i = tensor.empty() : tensor<1x2x2x1xf32>
  %y = cnn.conv2d ins(%x, %f : tensor<1x1x2x2xf32>, tensor<2x1x1x2xf32>) outs(%i : tensor<1x2x2x1xf32>) -> tensor<1x2x2x1xf32> loc("conv")
  return %y : tensor<1x2x2x1xf32>
}
