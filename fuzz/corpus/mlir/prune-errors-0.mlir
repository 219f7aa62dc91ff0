// Padding-aware pruning (pes > 0) reports the same layer errors.

// ZERO: error: eie-prune: density is 0.000000e+00, expected a value in (0, 1]
// ABOVE: error: eie-prune: density is 1.500000e+00, expected a value in (0, 1]
// MALFORMED: error: eie-prune: layer-density entry 'fc1' is not name:density
// NEGATIVE: error: eie-prune: density of layer 'fc1' is -5.000000e-01, expected a value in (0, 1]
// TWICE: error: eie-prune: layer 'fc1' has two layer-density entries
// UNKNOWN: error: eie-prune: layer-density names layer 'fc9', which is no cnn.fc or cnn.conv2d with constant weights
// NAN: error: loc("nan"): cannot prune layer 'nan': prune: weight 1 is nan, expected a finite number
// NOWEIGHT: error: loc("tiny"): cannot prune layer 'tiny': prune: density 0.01 of 8 weights keeps no weight
// NEGPES: for the --pes option: '-1' value invalid for uint argument!

func.func @layers(%x: tensor<1x4xf32>) -> (tensor<1x2xf32>, tensor<1x2xf32>, tensor<1x2xf32>) {
  %i = tensor.empty() : tensor<1x2xf32>
  %w = arith.constant dense<[[0.1, -0.8, 0.3, 0.0], [0.5, -0.2, 0.05, 0.9]]> : tensor<2x4xf32>
  %y1 = cnn.fc ins(%x, %w : tensor<1x4xf32>, tensor<2x4xf32>) outs(%i : tensor<1x2xf32>) -> tensor<1x2xf32> loc("fc1")
  // NaN at index 1.
  %n = arith.constant dense<[[0.1, 0x7FC00000, 0.3, 0.0], [0.5, -0.2, 0.05, 0.9]]> : tensor<2x4xf32>
  %y2 = cnn.fc ins(%x, %n : tensor<1x4xf32>, tensor<2x4xf32>) outs(%i : tensor<1x2xf32>) -> tensor<1x2xf32> loc("nan")
  // round(0.01 * 8) = 0 weights kept.
  %y3 = cnn.fc ins(%x, %w : tensor<1x4xf32>, tensor<2x4xf32>) outs(%i : tensor<1x2xf32>) -> tensor<1x2xf32> loc("tiny")
  return %y1, %y2, %y3 : tensor<1x2xf32>, tensor<1x2xf32>, tensor<1x2xf32>
}
