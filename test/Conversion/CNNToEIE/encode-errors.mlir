// RUN: not eie-opt %s --eie-encode="pes=0" 2>&1 | FileCheck %s --check-prefix=PES
// RUN: not eie-opt %s --eie-encode="bits=9" 2>&1 | FileCheck %s --check-prefix=BITS
// RUN: eie-opt %s --split-input-file --eie-encode="bits=2 out-frac=15" -verify-diagnostics

// PES: error: eie-encode: pes must be positive
// BITS: error: eie-encode: codebook: bits 9 outside [2, 8]

// Four distinct non-zero values do not fit a 2-bit codebook (3 non-zero codes).
func.func @not_shared(%x: tensor<1x4xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense<[[0.1, -0.8, 0.3, 0.0], [0.1, -0.8, 0.05, 0.0]]> : tensor<2x4xf32>
  %i = tensor.empty() : tensor<1x2xf32>
  // expected-error @+1 {{cannot encode layer 'not_shared.0': the weights hold more than 3 distinct non-zero values, the most a 2-bit codebook holds; share them first (--eie-share-weights="fc-bits=2")}}
  %y = cnn.fc ins(%x, %w : tensor<1x4xf32>, tensor<2x4xf32>) outs(%i : tensor<1x2xf32>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// -----

func.func @all_zero(%x: tensor<1x4xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense<0.0> : tensor<2x4xf32>
  %i = tensor.empty() : tensor<1x2xf32>
  // expected-error @+1 {{cannot encode layer 'all_zero.0': the layer has no non-zero weight}}
  %y = cnn.fc ins(%x, %w : tensor<1x4xf32>, tensor<2x4xf32>) outs(%i : tensor<1x2xf32>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// -----

func.func @nan_weight(%x: tensor<1x4xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense<[[0.5, 0.0, 0x7FC00000, 0.0], [0.5, 0.0, 0.0, 0.0]]> : tensor<2x4xf32>
  %i = tensor.empty() : tensor<1x2xf32>
  // expected-error @+1 {{cannot encode layer 'nan_weight.0': a weight is NaN}}
  %y = cnn.fc ins(%x, %w : tensor<1x4xf32>, tensor<2x4xf32>) outs(%i : tensor<1x2xf32>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// -----

func.func @infinite_weight(%x: tensor<1x4xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense<[[0.5, 0.0, 0xFF800000, 0.0], [0.5, 0.0, 0.0, 0.0]]> : tensor<2x4xf32>
  %i = tensor.empty() : tensor<1x2xf32>
  // expected-error @+1 {{cannot encode layer 'infinite_weight.0': a weight is infinite}}
  %y = cnn.fc ins(%x, %w : tensor<1x4xf32>, tensor<2x4xf32>) outs(%i : tensor<1x2xf32>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// -----

// A codebook value of 1000 needs fw = 5 (1000 * 2^5 <= 32767); out-frac 15 exceeds act-frac 8 + 5.
func.func @fixed_formats(%x: tensor<1x4xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense<[[1000.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0]]> : tensor<2x4xf32>
  %i = tensor.empty() : tensor<1x2xf32>
  // expected-error @+1 {{cannot encode layer 'fixed_formats.0': fixed point: output fractional bits 15 exceed activation + weight fractional bits 8 + 5}}
  %y = cnn.fc ins(%x, %w : tensor<1x4xf32>, tensor<2x4xf32>) outs(%i : tensor<1x2xf32>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}
