// RUN: eie-opt %s --eie-share-weights="bits=2" | FileCheck %s
// RUN: eie-opt %s --eie-share-weights="bits=2 init=density" | FileCheck %s
// RUN: eie-opt %s --eie-share-weights="bits=2 init=random seed=7" | FileCheck %s --check-prefix=RANDOM
// RUN: eie-opt %s --eie-share-weights="bits=2 init=random seed=7" | eie-opt --eie-share-weights="bits=2 init=random seed=7" | FileCheck %s --check-prefix=RANDOM

// Three clear clusters, {-1.5, -1.0}, {0.5, 0.75}, {2.0, 3.0}, share their means with 2 bits
// (3 non-zero values); zeros stay exactly zero.
// CHECK-LABEL: func @fc_clusters
// CHECK: %[[W:.*]] = arith.constant dense<{{\[}}[-1.250000e+00, -1.250000e+00, 0.000000e+00, 2.500000e+00], [2.500000e+00, 6.250000e-01, 6.250000e-01, 0.000000e+00]]> : tensor<2x4xf32>
// CHECK: cnn.fc ins(%{{.*}}, %[[W]] :
// RANDOM-LABEL: func @fc_clusters
// Random initial centroids may settle elsewhere, but always at the same place for one seed.
// RANDOM: arith.constant dense<{{\[}}[-1.250000e+00, -1.250000e+00, 0.000000e+00, 1.08333337], [3.000000e+00, 1.08333337, 1.08333337, 0.000000e+00]]> : tensor<2x4xf32>
func.func @fc_clusters(%x: tensor<1x4xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense<[[-1.0, -1.5, 0.0, 2.0], [3.0, 0.5, 0.75, 0.0]]> : tensor<2x4xf32>
  %i = tensor.empty() : tensor<1x2xf32>
  %y = cnn.fc ins(%x, %w : tensor<1x4xf32>, tensor<2x4xf32>) outs(%i : tensor<1x2xf32>) -> tensor<1x2xf32> loc("fc1")
  return %y : tensor<1x2xf32>
}

// A layer with at most 2^bits - 1 distinct values keeps them; convolution filters are shared too.
// CHECK-LABEL: func @conv_few_values
// CHECK: arith.constant dense<{{\[}}[{{\[}}[1.000000e+00, -2.000000e+00]]], {{\[}}[{{\[}}0.000000e+00, 1.000000e+00]]]]> : tensor<2x1x1x2xf32>
func.func @conv_few_values(%x: tensor<1x1x2x2xf32>) -> tensor<1x2x2x1xf32> {
  %f = arith.constant dense<[[[[1.0, -2.0]]], [[[0.0, 1.0]]]]> : tensor<2x1x1x2xf32>
  %i = tensor.empty() : tensor<1x2x2x1xf32>
  %y = cnn.conv2d ins(%x, %f : tensor<1x1x2x2xf32>, tensor<2x1x1x2xf32>) outs(%i : tensor<1x2x2x1xf32>) -> tensor<1x2x2x1xf32>
  return %y : tensor<1x2x2x1xf32>
}
