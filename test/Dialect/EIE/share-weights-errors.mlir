// RUN: not eie-opt %s --eie-share-weights="fc-bits=1" 2>&1 | FileCheck %s --check-prefix=BITS1
// RUN: not eie-opt %s --eie-share-weights="conv-bits=9" 2>&1 | FileCheck %s --check-prefix=BITS9
// RUN: not eie-opt %s --eie-share-weights="init=kmeans++" 2>&1 | FileCheck %s --check-prefix=INIT
// RUN: not eie-opt %s --eie-share-weights="layers=fc9" 2>&1 | FileCheck %s --check-prefix=LAYERS
// RUN: eie-opt %s --split-input-file --eie-share-weights -verify-diagnostics

// BITS1: error: eie-share-weights: fc-bits: codebook: bits 1 outside [2, 8]
// BITS9: error: eie-share-weights: conv-bits: codebook: bits 9 outside [2, 8]
// INIT: for the --init option: Cannot find option named 'kmeans++'!
// LAYERS: error: eie-share-weights: layers entry 'fc9' selects no cnn.fc or cnn.conv2d with constant weights

func.func @all_zero(%x: tensor<1x4xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense<0.0> : tensor<2x4xf32>
  %i = tensor.empty() : tensor<1x2xf32>
  // expected-error @+1 {{cannot share the weights of layer 'all_zero.0': share weights: the layer's 8 weights are all zero}}
  %y = cnn.fc ins(%x, %w : tensor<1x4xf32>, tensor<2x4xf32>) outs(%i : tensor<1x2xf32>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// -----

func.func @infinite(%x: tensor<1x4xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense<[[0.1, -0.8, 0x7F800000, 0.0], [0.5, -0.2, 0.05, 0.9]]> : tensor<2x4xf32>
  %i = tensor.empty() : tensor<1x2xf32>
  // expected-error @+1 {{cannot share the weights of layer 'infinite.0': share weights: weight 2 is inf, expected a finite number}}
  %y = cnn.fc ins(%x, %w : tensor<1x4xf32>, tensor<2x4xf32>) outs(%i : tensor<1x2xf32>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}
