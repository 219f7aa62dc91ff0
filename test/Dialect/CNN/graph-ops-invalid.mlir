// RUN: eie-opt %s -split-input-file -verify-diagnostics

func.func @add_incompatible(%a: tensor<3x4xf32>, %b: tensor<5x4xf32>) -> tensor<3x4xf32> {
  // expected-error @+1 {{operand shapes are not broadcast-compatible: dimension 0 (aligned at the last dimension) is 3 and 5}}
  %y = cnn.add %a, %b : tensor<3x4xf32>, tensor<5x4xf32> -> tensor<3x4xf32>
  return %y : tensor<3x4xf32>
}

// -----

func.func @add_result_shape(%a: tensor<3x1xf32>, %b: tensor<4xf32>) -> tensor<3x1xf32> {
  // expected-error @+1 {{result dimension 1 is 1, expected 4 (the broadcast of 1 and 4)}}
  %y = cnn.add %a, %b : tensor<3x1xf32>, tensor<4xf32> -> tensor<3x1xf32>
  return %y : tensor<3x1xf32>
}

// -----

func.func @mul_result_rank(%a: tensor<3x4xf32>, %b: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{result rank is 1, expected 2 (the larger operand rank)}}
  %y = cnn.mul %a, %b : tensor<3x4xf32>, tensor<4xf32> -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @sub_incompatible(%a: tensor<2x3xf32>, %b: tensor<2xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{operand shapes are not broadcast-compatible: dimension 1 (aligned at the last dimension) is 3 and 2}}
  %y = cnn.sub %a, %b : tensor<2x3xf32>, tensor<2xf32> -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

func.func @div_result_shape(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<1x3xf32> {
  // expected-error @+1 {{result dimension 0 is 1, expected 2 (the broadcast of 2 and 1)}}
  %y = cnn.div %a, %b : tensor<2x3xf32>, tensor<3xf32> -> tensor<1x3xf32>
  return %y : tensor<1x3xf32>
}

// -----

func.func @mul_element_type(%a: tensor<4xf32>, %b: tensor<4xf16>) -> tensor<4xf32> {
  // expected-error @+1 {{element types must all be 'f32', got 'f16'}}
  %y = cnn.mul %a, %b : tensor<4xf32>, tensor<4xf16> -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @add_dynamic(%a: tensor<?xf32>, %b: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{operand #0 must be statically shaped tensor of floats}}
  %y = cnn.add %a, %b : tensor<?xf32>, tensor<4xf32> -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @concat_axis(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'axis' must be in [0, 2), got 2}}
  %y = cnn.concat %a {axis = 2 : i64} : tensor<2x3xf32> -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

func.func @concat_other_dim(%a: tensor<2x3xf32>, %b: tensor<2x4xf32>) -> tensor<4x3xf32> {
  // expected-error @+1 {{input 1 has size 4 in dimension 1, expected 3 (the result's)}}
  %y = cnn.concat %a, %b {axis = 0 : i64} : tensor<2x3xf32>, tensor<2x4xf32> -> tensor<4x3xf32>
  return %y : tensor<4x3xf32>
}

// -----

func.func @concat_sum(%a: tensor<2x3xf32>, %b: tensor<2x3xf32>) -> tensor<5x3xf32> {
  // expected-error @+1 {{result dimension 0 is 5, expected the sum of the inputs' sizes along it}}
  %y = cnn.concat %a, %b {axis = 0 : i64} : tensor<2x3xf32>, tensor<2x3xf32> -> tensor<5x3xf32>
  return %y : tensor<5x3xf32>
}

// -----

func.func @concat_rank(%a: tensor<2x3xf32>, %b: tensor<6xf32>) -> tensor<4x3xf32> {
  // expected-error @+1 {{input 1 has rank 1, expected 2 (the result's)}}
  %y = cnn.concat %a, %b {axis = 0 : i64} : tensor<2x3xf32>, tensor<6xf32> -> tensor<4x3xf32>
  return %y : tensor<4x3xf32>
}

// -----

func.func @concat_empty() -> tensor<4x3xf32> {
  // expected-error @+1 {{needs at least one input}}
  %y = "cnn.concat"() {axis = 0 : i64} : () -> tensor<4x3xf32>
  return %y : tensor<4x3xf32>
}

// -----

func.func @batch_norm_channels(%x: tensor<2x3x4x4xf32>, %s: tensor<3xf32>, %b: tensor<4xf32>) -> tensor<2x3x4x4xf32> {
  // expected-error @+1 {{bias has 4 elements, expected 3 (input dimension 1, channels)}}
  %y = cnn.batch_norm %x, %s, %b, %s, %s : tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<4xf32>, tensor<3xf32>, tensor<3xf32> -> tensor<2x3x4x4xf32>
  return %y : tensor<2x3x4x4xf32>
}

// -----

func.func @batch_norm_epsilon(%x: tensor<2x3xf32>, %s: tensor<3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'epsilon' must be non-negative, got -1}}
  %y = cnn.batch_norm %x, %s, %s, %s, %s {epsilon = -1.0 : f32} : tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32> -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

func.func @batch_norm_rank(%x: tensor<3xf32>, %s: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{input must have rank 2 or more (N x C x ...), got 1}}
  %y = cnn.batch_norm %x, %s, %s, %s, %s : tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32> -> tensor<3xf32>
  return %y : tensor<3xf32>
}

// -----

func.func @batch_norm_result(%x: tensor<2x3xf32>, %s: tensor<3xf32>) -> tensor<3x2xf32> {
  // expected-error @+1 {{result type 'tensor<3x2xf32>' must match the input type 'tensor<2x3xf32>'}}
  %y = cnn.batch_norm %x, %s, %s, %s, %s : tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32> -> tensor<3x2xf32>
  return %y : tensor<3x2xf32>
}

// -----

func.func @matmul_inner(%a: tensor<3x4xf32>, %b: tensor<5x6xf32>) -> tensor<3x6xf32> {
  // expected-error @+1 {{contracted dimensions differ: lhs has 4 columns, rhs 5 rows}}
  %y = cnn.matmul %a, %b : tensor<3x4xf32>, tensor<5x6xf32> -> tensor<3x6xf32>
  return %y : tensor<3x6xf32>
}

// -----

func.func @matmul_batch(%a: tensor<2x3x4xf32>, %b: tensor<3x4x6xf32>) -> tensor<2x3x6xf32> {
  // expected-error @+1 {{batch dimension 0 differs: 2 (lhs), 3 (rhs), 2 (result)}}
  %y = cnn.matmul %a, %b : tensor<2x3x4xf32>, tensor<3x4x6xf32> -> tensor<2x3x6xf32>
  return %y : tensor<2x3x6xf32>
}

// -----

func.func @matmul_rank(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{operands must have rank 2 or more, got 1}}
  %y = cnn.matmul %a, %b : tensor<4xf32>, tensor<4xf32> -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @matmul_result(%a: tensor<3x4xf32>, %b: tensor<4x6xf32>) -> tensor<3x5xf32> {
  // expected-error @+1 {{result matrix is 3x5, expected 3x6}}
  %y = cnn.matmul %a, %b : tensor<3x4xf32>, tensor<4x6xf32> -> tensor<3x5xf32>
  return %y : tensor<3x5xf32>
}

// -----

func.func @transpose_not_permutation(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'permutation' must be a permutation of [0, 2), got 0 at position 1}}
  %y = cnn.transpose %a {permutation = array<i64: 0, 0>} : tensor<2x3xf32> -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

func.func @transpose_shape(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{result dimension 0 is 2, expected 3 (input dimension 1)}}
  %y = cnn.transpose %a {permutation = array<i64: 1, 0>} : tensor<2x3xf32> -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

func.func @transpose_size(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'permutation' has 3 entries, expected 2 (the input rank)}}
  %y = cnn.transpose %a {permutation = array<i64: 0, 1, 2>} : tensor<2x3xf32> -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

func.func @reshape_count(%a: tensor<2x3xf32>) -> tensor<7xf32> {
  // expected-error @+1 {{the input has 6 elements, the result 7}}
  %y = cnn.reshape %a : tensor<2x3xf32> -> tensor<7xf32>
  return %y : tensor<7xf32>
}
