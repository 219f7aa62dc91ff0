// RUN: eie-opt %s --eie-share-weights="fc-bits=2 conv-bits=2" | FileCheck %s
// RUN: eie-opt %s --eie-share-weights="fc-bits=2 conv-bits=2 init=density" | FileCheck %s
// RUN: eie-opt %s --eie-share-weights="fc-bits=2 conv-bits=2 init=random seed=7" | FileCheck %s --check-prefix=RANDOM
// RUN: eie-opt %s --eie-share-weights="fc-bits=2 conv-bits=2 init=random seed=7" | eie-opt --eie-share-weights="fc-bits=2 conv-bits=2 init=random seed=7" | FileCheck %s --check-prefix=RANDOM

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

// An already shared layer (at most 2^bits - 1 distinct values, as PyTorch's retraining exports it)
// keeps its values bit for bit, even beside values that make k-means' prefix-sum means inexact.
// CHECK-LABEL: func @already_shared
// CHECK: arith.constant dense<{{\[}}[-1.000000e+10, 3.000000e-03, 1.000000e+10, 0.000000e+00, 3.000000e-03]]> : tensor<1x5xf32>
// RANDOM-LABEL: func @already_shared
// RANDOM: arith.constant dense<{{\[}}[-1.000000e+10, 3.000000e-03, 1.000000e+10, 0.000000e+00, 3.000000e-03]]> : tensor<1x5xf32>
func.func @already_shared(%x: tensor<1x5xf32>) -> tensor<1x1xf32> {
  %w = arith.constant dense<[[-1.0e10, 3.0e-3, 1.0e10, 0.0, 3.0e-3]]> : tensor<1x5xf32>
  %i = tensor.empty() : tensor<1x1xf32>
  %y = cnn.fc ins(%x, %w : tensor<1x5xf32>, tensor<1x5xf32>) outs(%i : tensor<1x1xf32>) -> tensor<1x1xf32> loc("shared")
  return %y : tensor<1x1xf32>
}

// Selection and bits per kind: by default conv layers get 8 bits and fc layers 4, each with a
// one-line remark (no op printed); `layers` picks kinds and names.
// RUN: eie-opt %s --eie-share-weights 2>&1 >/dev/null | FileCheck %s --check-prefix=DEFAULT --implicit-check-not=note:
// RUN: eie-opt %s --eie-share-weights="layers=conv" 2>&1 >/dev/null | FileCheck %s --check-prefix=CONV
// RUN: eie-opt %s --eie-share-weights="layers=sel_fc2,conv fc-bits=2" 2>&1 >/dev/null | FileCheck %s --check-prefix=NAMED
// RUN: eie-opt %s --eie-share-weights="layers=sel_fc2 fc-bits=2" 2>/dev/null | FileCheck %s --check-prefix=ONLY-FC2
// DEFAULT: remark: {{.*}}shared layer 'sel_fc1': density 0.7500, 4 bits (fc-bits), 6 values, 3 bytes of codes
// DEFAULT: remark: {{.*}}shared layer 'sel_conv': density 0.7500, 8 bits (conv-bits), 3 values, 3 bytes of codes
// DEFAULT: remark: {{.*}}shared layer 'sel_fc2': density 0.7500, 4 bits (fc-bits), 6 values, 3 bytes of codes
// CONV-NOT: sel_fc1
// CONV: remark: {{.*}}shared layer 'sel_conv': density 0.7500, 8 bits (conv-bits)
// CONV-NOT: sel_fc2
// NAMED-NOT: sel_fc1
// NAMED: remark: {{.*}}shared layer 'sel_conv': density 0.7500, 8 bits (conv-bits)
// NAMED: remark: {{.*}}shared layer 'sel_fc2': density 0.7500, 2 bits (fc-bits), 3 values, 2 bytes of codes
// ONLY-FC2-LABEL: func @select
// ONLY-FC2: arith.constant dense<{{\[}}[1.000000e+00, 2.000000e+00, 3.000000e+00, 0.000000e+00], [4.000000e+00, 5.000000e+00, 6.000000e+00, 0.000000e+00]]>
// ONLY-FC2: arith.constant dense<{{\[}}[1.500000e+00, 1.500000e+00, 3.500000e+00, 3.500000e+00, 5.500000e+00, 5.500000e+00, 0.000000e+00, 0.000000e+00]]>
func.func @select(%x: tensor<1x4xf32>, %xc: tensor<1x1x2x2xf32>) -> (tensor<1x2xf32>, tensor<1x2x2x1xf32>, tensor<1x1xf32>) {
  %w1 = arith.constant dense<[[1.0, 2.0, 3.0, 0.0], [4.0, 5.0, 6.0, 0.0]]> : tensor<2x4xf32>
  %f = arith.constant dense<[[[[1.0, 2.0]]], [[[0.0, 4.0]]]]> : tensor<2x1x1x2xf32>
  %w2 = arith.constant dense<[[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 0.0, 0.0]]> : tensor<1x8xf32>
  %i1 = tensor.empty() : tensor<1x2xf32>
  %y1 = cnn.fc ins(%x, %w1 : tensor<1x4xf32>, tensor<2x4xf32>) outs(%i1 : tensor<1x2xf32>) -> tensor<1x2xf32> loc("sel_fc1")
  %ic = tensor.empty() : tensor<1x2x2x1xf32>
  %yc = cnn.conv2d ins(%xc, %f : tensor<1x1x2x2xf32>, tensor<2x1x1x2xf32>) outs(%ic : tensor<1x2x2x1xf32>) -> tensor<1x2x2x1xf32> loc("sel_conv")
  %x8 = tensor.empty() : tensor<1x8xf32>
  %i2 = tensor.empty() : tensor<1x1xf32>
  %y2 = cnn.fc ins(%x8, %w2 : tensor<1x8xf32>, tensor<1x8xf32>) outs(%i2 : tensor<1x1xf32>) -> tensor<1x1xf32> loc("sel_fc2")
  return %y1, %yc, %y2 : tensor<1x2xf32>, tensor<1x2x2x1xf32>, tensor<1x1xf32>
}
