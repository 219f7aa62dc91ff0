// RUN: eie-opt %s -split-input-file -verify-diagnostics

func.func @conv_dynamic(%x: tensor<?x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %i: tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+1 {{operand #0 must be 4-D statically shaped tensor of floats}}
  %y = cnn.conv2d ins(%x, %w : tensor<?x3x8x8xf32>, tensor<4x3x3x3xf32>) outs(%i : tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf32>
  return %y : tensor<1x4x6x6xf32>
}

// -----

func.func @conv_result_type(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %i: tensor<1x4x6x6xf32>) -> tensor<1x4x6x5xf32> {
  // expected-error @+1 {{result type 'tensor<1x4x6x5xf32>' must match the init type 'tensor<1x4x6x6xf32>'}}
  %y = cnn.conv2d ins(%x, %w : tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) outs(%i : tensor<1x4x6x6xf32>) -> tensor<1x4x6x5xf32>
  return %y : tensor<1x4x6x5xf32>
}

// -----

func.func @conv_element_type(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf16>, %i: tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+1 {{element types must all be 'f32', got 'f16'}}
  %y = cnn.conv2d ins(%x, %w : tensor<1x3x8x8xf32>, tensor<4x3x3x3xf16>) outs(%i : tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf32>
  return %y : tensor<1x4x6x6xf32>
}

// -----

func.func @conv_zero_size(%x: tensor<1x0x8x8xf32>, %w: tensor<4x0x3x3xf32>, %i: tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+1 {{operand 0 has size 0 in dimension 1, sizes must be positive}}
  %y = cnn.conv2d ins(%x, %w : tensor<1x0x8x8xf32>, tensor<4x0x3x3xf32>) outs(%i : tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf32>
  return %y : tensor<1x4x6x6xf32>
}

// -----

func.func @conv_strides_count(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %i: tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+1 {{'strides' must have 2 values [sy, sx], got 3}}
  %y = cnn.conv2d ins(%x, %w : tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) outs(%i : tensor<1x4x6x6xf32>) {strides = array<i64: 1, 1, 1>} -> tensor<1x4x6x6xf32>
  return %y : tensor<1x4x6x6xf32>
}

// -----

func.func @conv_strides_zero(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %i: tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+1 {{'strides' value 1 [sy, sx] must be positive, got 0}}
  %y = cnn.conv2d ins(%x, %w : tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) outs(%i : tensor<1x4x6x6xf32>) {strides = array<i64: 1, 0>} -> tensor<1x4x6x6xf32>
  return %y : tensor<1x4x6x6xf32>
}

// -----

func.func @conv_padding_negative(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %i: tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+1 {{'padding' value 2 [top, left, bottom, right] must be non-negative, got -1}}
  %y = cnn.conv2d ins(%x, %w : tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) outs(%i : tensor<1x4x6x6xf32>) {padding = array<i64: 0, 0, -1, 0>} -> tensor<1x4x6x6xf32>
  return %y : tensor<1x4x6x6xf32>
}

// -----

func.func @conv_dilations(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %i: tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+1 {{'dilations' value 0 [dy, dx] must be positive, got -2}}
  %y = cnn.conv2d ins(%x, %w : tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) outs(%i : tensor<1x4x6x6xf32>) {dilations = array<i64: -2, 1>} -> tensor<1x4x6x6xf32>
  return %y : tensor<1x4x6x6xf32>
}

// -----

func.func @conv_groups_zero(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %i: tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+1 {{'groups' must be positive, got 0}}
  %y = cnn.conv2d ins(%x, %w : tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) outs(%i : tensor<1x4x6x6xf32>) {groups = 0 : i64} -> tensor<1x4x6x6xf32>
  return %y : tensor<1x4x6x6xf32>
}

// -----

func.func @conv_groups_input(%x: tensor<1x3x8x8xf32>, %w: tensor<4x1x3x3xf32>, %i: tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+1 {{input channels (3) must be divisible by groups (2)}}
  %y = cnn.conv2d ins(%x, %w : tensor<1x3x8x8xf32>, tensor<4x1x3x3xf32>) outs(%i : tensor<1x4x6x6xf32>) {groups = 2 : i64} -> tensor<1x4x6x6xf32>
  return %y : tensor<1x4x6x6xf32>
}

// -----

func.func @conv_groups_output(%x: tensor<1x4x8x8xf32>, %w: tensor<5x2x3x3xf32>, %i: tensor<1x5x6x6xf32>) -> tensor<1x5x6x6xf32> {
  // expected-error @+1 {{output channels (5) must be divisible by groups (2)}}
  %y = cnn.conv2d ins(%x, %w : tensor<1x4x8x8xf32>, tensor<5x2x3x3xf32>) outs(%i : tensor<1x5x6x6xf32>) {groups = 2 : i64} -> tensor<1x5x6x6xf32>
  return %y : tensor<1x5x6x6xf32>
}

// -----

func.func @conv_filter_channels(%x: tensor<1x96x27x27xf32>, %w: tensor<256x96x5x5xf32>, %i: tensor<1x256x23x23xf32>) -> tensor<1x256x23x23xf32> {
  // expected-error @+1 {{filter dimension 1 (input channels per group) is 96, expected 48 (input channels 96 / groups 2)}}
  %y = cnn.conv2d ins(%x, %w : tensor<1x96x27x27xf32>, tensor<256x96x5x5xf32>) outs(%i : tensor<1x256x23x23xf32>) {groups = 2 : i64} -> tensor<1x256x23x23xf32>
  return %y : tensor<1x256x23x23xf32>
}

// -----

func.func @conv_bias(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<3xf32>, %i: tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+1 {{bias has 3 elements, expected 4 (output channels)}}
  %y = cnn.conv2d ins(%x, %w, %b : tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<3xf32>) outs(%i : tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf32>
  return %y : tensor<1x4x6x6xf32>
}

// -----

func.func @conv_kernel_too_large(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %i: tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+1 {{window height 9 exceeds the padded input height 8}}
  %y = cnn.conv2d ins(%x, %w : tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) outs(%i : tensor<1x4x6x6xf32>) {dilations = array<i64: 4, 1>} -> tensor<1x4x6x6xf32>
  return %y : tensor<1x4x6x6xf32>
}

// -----

func.func @conv_stride_too_large(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %i: tensor<1x4x6x1xf32>) -> tensor<1x4x6x1xf32> {
  // expected-error @+1 {{stride along width (9) exceeds the padded input width (8)}}
  %y = cnn.conv2d ins(%x, %w : tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) outs(%i : tensor<1x4x6x1xf32>) {strides = array<i64: 1, 9>} -> tensor<1x4x6x1xf32>
  return %y : tensor<1x4x6x1xf32>
}

// -----

func.func @conv_overflow(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %i: tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+1 {{the padded input or the dilated window along height overflows 64-bit integers}}
  %y = cnn.conv2d ins(%x, %w : tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) outs(%i : tensor<1x4x6x6xf32>) {dilations = array<i64: 4611686018427387904, 1>} -> tensor<1x4x6x6xf32>
  return %y : tensor<1x4x6x6xf32>
}

// -----

func.func @conv_init_shape(%x: tensor<1x3x227x227xf32>, %w: tensor<96x3x11x11xf32>, %i: tensor<1x96x56x55xf32>) -> tensor<1x96x56x55xf32> {
  // expected-error @+1 {{init dimension 2 (height) is 56, expected 55}}
  %y = cnn.conv2d ins(%x, %w : tensor<1x3x227x227xf32>, tensor<96x3x11x11xf32>) outs(%i : tensor<1x96x56x55xf32>) {strides = array<i64: 4, 4>} -> tensor<1x96x56x55xf32>
  return %y : tensor<1x96x56x55xf32>
}

// -----

func.func @conv_blocking_product(%x: tensor<1x16x10x10xf32>, %w: tensor<32x16x3x3xf32>, %i: tensor<1x32x8x8xf32>) -> tensor<1x32x8x8xf32> {
  // expected-error @+1 {{blocking factors of loop C multiply to 8, expected the loop bound 16}}
  %y = cnn.conv2d ins(%x, %w : tensor<1x16x10x10xf32>, tensor<32x16x3x3xf32>) outs(%i : tensor<1x32x8x8xf32>)
         {blocking = #cnn.blocking<[<"RF", {K = 2, X = 4, R = 3, S = 3}>,
                                    <"DRAM", {K = 16, C = 8, Y = 8, X = 2}, order = [N, K, C, Y, X, R, S]>]>}
         -> tensor<1x32x8x8xf32>
  return %y : tensor<1x32x8x8xf32>
}

// -----

func.func @fc_blocking_product(%x: tensor<1x64xf32>, %w: tensor<32x64xf32>, %i: tensor<1x32xf32>) -> tensor<1x32xf32> {
  // expected-error @+1 {{blocking factors of loop Y multiply to 2, expected the loop bound 1}}
  %y = cnn.fc ins(%x, %w : tensor<1x64xf32>, tensor<32x64xf32>) outs(%i : tensor<1x32xf32>)
         {blocking = #cnn.blocking<[<"RF", {K = 2, C = 64, Y = 2}>, <"DRAM", {K = 16}, order = [N, K, C, Y, X, R, S]>]>}
         -> tensor<1x32xf32>
  return %y : tensor<1x32xf32>
}

// -----

func.func @blocking_unknown_loop() attributes {
  // expected-error @+2 {{unknown loop 'Q', expected one of N, K, C, Y, X, R, S}}
  // expected-error @+1 {{failed to parse CNN_BlockingAttr parameter 'levels'}}
  b = #cnn.blocking<[<"RF", {Q = 2}>, <"DRAM", {K = 16}, order = [N, K, C, Y, X, R, S]>]>} {
  return
}

// -----

func.func @blocking_duplicate_factor() attributes {
  // expected-error @+2 {{loop K has two factors}}
  // expected-error @+1 {{failed to parse CNN_BlockingAttr parameter 'levels'}}
  b = #cnn.blocking<[<"RF", {K = 2, K = 3}>, <"DRAM", {K = 16}, order = [N, K, C, Y, X, R, S]>]>} {
  return
}

// -----

func.func @blocking_empty_name() attributes {
  // expected-error @+1 {{a blocking level needs a non-empty name}}
  b = #cnn.level<"", {K = 2}>} {
  return
}

// -----

func.func @blocking_zero_factor() attributes {
  // expected-error @+1 {{blocking factor of loop X at level "RF" must be positive, got 0}}
  b = #cnn.level<"RF", {X = 0}>} {
  return
}

// -----

func.func @blocking_order_duplicate() attributes {
  // expected-error @+1 {{loop K appears twice in the order of level "L2"}}
  b = #cnn.level<"L2", {K = 2}, order = [K, K, C, Y, X, R, S]>} {
  return
}

// -----

func.func @blocking_order_incomplete() attributes {
  // expected-error @+1 {{the order of level "L2" lists 3 loops, expected all 7}}
  b = #cnn.level<"L2", {K = 2}, order = [K, C, N]>} {
  return
}

// -----

func.func @blocking_one_level() attributes {
  // expected-error @+1 {{a blocking needs at least two memory levels (the innermost and DRAM), got 1}}
  b = #cnn.blocking<[<"DRAM", {K = 16}, order = [N, K, C, Y, X, R, S]>]>} {
  return
}

// -----

func.func @blocking_duplicate_names() attributes {
  // expected-error @+1 {{two blocking levels are named "RF"}}
  b = #cnn.blocking<[<"RF", {K = 2}>, <"RF", {K = 16}, order = [N, K, C, Y, X, R, S]>]>} {
  return
}

// -----

func.func @blocking_missing_order() attributes {
  // expected-error @+1 {{level "DRAM" needs a loop order (only the innermost level may omit it)}}
  b = #cnn.blocking<[<"RF", {K = 2}>, <"DRAM", {K = 16}>]>} {
  return
}

// -----

func.func @fc_result_type(%x: tensor<1x64xf32>, %w: tensor<32x64xf32>, %i: tensor<1x32xf32>) -> tensor<2x32xf32> {
  // expected-error @+1 {{result type 'tensor<2x32xf32>' must match the init type 'tensor<1x32xf32>'}}
  %y = cnn.fc ins(%x, %w : tensor<1x64xf32>, tensor<32x64xf32>) outs(%i : tensor<1x32xf32>) -> tensor<2x32xf32>
  return %y : tensor<2x32xf32>
}

// -----

func.func @fc_element_type(%x: tensor<1x64xf32>, %w: tensor<32x64xbf16>, %i: tensor<1x32xf32>) -> tensor<1x32xf32> {
  // expected-error @+1 {{element types must all be 'f32', got 'bf16'}}
  %y = cnn.fc ins(%x, %w : tensor<1x64xf32>, tensor<32x64xbf16>) outs(%i : tensor<1x32xf32>) -> tensor<1x32xf32>
  return %y : tensor<1x32xf32>
}

// -----

func.func @fc_zero_size(%x: tensor<0x64xf32>, %w: tensor<32x64xf32>, %i: tensor<0x32xf32>) -> tensor<0x32xf32> {
  // expected-error @+1 {{operand 0 has size 0 in dimension 0, sizes must be positive}}
  %y = cnn.fc ins(%x, %w : tensor<0x64xf32>, tensor<32x64xf32>) outs(%i : tensor<0x32xf32>) -> tensor<0x32xf32>
  return %y : tensor<0x32xf32>
}

// -----

func.func @fc_weight_shape(%x: tensor<1x64xf32>, %w: tensor<32x63xf32>, %i: tensor<1x32xf32>) -> tensor<1x32xf32> {
  // expected-error @+1 {{weight dimension 1 (inputs) is 63, expected 64 (input dimension 1)}}
  %y = cnn.fc ins(%x, %w : tensor<1x64xf32>, tensor<32x63xf32>) outs(%i : tensor<1x32xf32>) -> tensor<1x32xf32>
  return %y : tensor<1x32xf32>
}

// -----

func.func @fc_bias(%x: tensor<1x64xf32>, %w: tensor<32x64xf32>, %b: tensor<64xf32>, %i: tensor<1x32xf32>) -> tensor<1x32xf32> {
  // expected-error @+1 {{bias has 64 elements, expected 32 (outputs)}}
  %y = cnn.fc ins(%x, %w, %b : tensor<1x64xf32>, tensor<32x64xf32>, tensor<64xf32>) outs(%i : tensor<1x32xf32>) -> tensor<1x32xf32>
  return %y : tensor<1x32xf32>
}

// -----

func.func @fc_init(%x: tensor<1x64xf32>, %w: tensor<32x64xf32>, %i: tensor<1x16xf32>) -> tensor<1x16xf32> {
  // expected-error @+1 {{init dimension 1 (outputs) is 16, expected 32}}
  %y = cnn.fc ins(%x, %w : tensor<1x64xf32>, tensor<32x64xf32>) outs(%i : tensor<1x16xf32>) -> tensor<1x16xf32>
  return %y : tensor<1x16xf32>
}

// -----

func.func @pool_result_type(%x: tensor<1x4x8x8xf32>, %i: tensor<1x4x4x4xf32>) -> tensor<1x4x4x5xf32> {
  // expected-error @+1 {{all of {init, result} have same type}}
  %y = cnn.max_pool2d ins(%x : tensor<1x4x8x8xf32>) outs(%i : tensor<1x4x4x4xf32>) {kernel = array<i64: 2, 2>} -> tensor<1x4x4x5xf32>
  return %y : tensor<1x4x4x5xf32>
}

// -----

func.func @pool_element_type(%x: tensor<1x4x8x8xf16>, %i: tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error @+1 {{element types must all be 'f16', got 'f32'}}
  %y = cnn.avg_pool2d ins(%x : tensor<1x4x8x8xf16>) outs(%i : tensor<1x4x4x4xf32>) {kernel = array<i64: 2, 2>} -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// -----

func.func @pool_zero_size(%x: tensor<1x4x0x8xf32>, %i: tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error @+1 {{operand 0 has size 0 in dimension 2, sizes must be positive}}
  %y = cnn.max_pool2d ins(%x : tensor<1x4x0x8xf32>) outs(%i : tensor<1x4x4x4xf32>) {kernel = array<i64: 2, 2>} -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// -----

func.func @pool_kernel_count(%x: tensor<1x4x8x8xf32>, %i: tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error @+1 {{'kernel' must have 2 values [kh, kw], got 1}}
  %y = cnn.max_pool2d ins(%x : tensor<1x4x8x8xf32>) outs(%i : tensor<1x4x4x4xf32>) {kernel = array<i64: 2>} -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// -----

func.func @pool_kernel_zero(%x: tensor<1x4x8x8xf32>, %i: tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error @+1 {{'kernel' value 0 [kh, kw] must be positive, got 0}}
  %y = cnn.max_pool2d ins(%x : tensor<1x4x8x8xf32>) outs(%i : tensor<1x4x4x4xf32>) {kernel = array<i64: 0, 2>, strides = array<i64: 2, 2>} -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// -----

func.func @pool_strides(%x: tensor<1x4x8x8xf32>, %i: tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error @+1 {{'strides' value 0 [sy, sx] must be positive, got -2}}
  %y = cnn.max_pool2d ins(%x : tensor<1x4x8x8xf32>) outs(%i : tensor<1x4x4x4xf32>) {kernel = array<i64: 2, 2>, strides = array<i64: -2, 2>} -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// -----

func.func @pool_padding_count(%x: tensor<1x4x8x8xf32>, %i: tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error @+1 {{'padding' must have 4 values [top, left, bottom, right], got 2}}
  %y = cnn.avg_pool2d ins(%x : tensor<1x4x8x8xf32>) outs(%i : tensor<1x4x4x4xf32>) {kernel = array<i64: 2, 2>, padding = array<i64: 1, 1>} -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// -----

func.func @pool_padding_kernel(%x: tensor<1x4x8x8xf32>, %i: tensor<1x4x5x4xf32>) -> tensor<1x4x5x4xf32> {
  // expected-error @+1 {{padding value 0 (2) must be smaller than the kernel (2)}}
  %y = cnn.max_pool2d ins(%x : tensor<1x4x8x8xf32>) outs(%i : tensor<1x4x5x4xf32>) {kernel = array<i64: 2, 2>, padding = array<i64: 2, 0, 0, 0>} -> tensor<1x4x5x4xf32>
  return %y : tensor<1x4x5x4xf32>
}

// -----

func.func @pool_window(%x: tensor<1x4x2x8xf32>, %i: tensor<1x4x1x2xf32>) -> tensor<1x4x1x2xf32> {
  // expected-error @+1 {{window height 3 exceeds the padded input height 2}}
  %y = cnn.max_pool2d ins(%x : tensor<1x4x2x8xf32>) outs(%i : tensor<1x4x1x2xf32>) {kernel = array<i64: 3, 3>} -> tensor<1x4x1x2xf32>
  return %y : tensor<1x4x1x2xf32>
}

// -----

func.func @pool_stride_too_large(%x: tensor<1x4x8x8xf32>, %i: tensor<1x4x1x4xf32>) -> tensor<1x4x1x4xf32> {
  // expected-error @+1 {{stride along height (10) exceeds the padded input height (8)}}
  %y = cnn.max_pool2d ins(%x : tensor<1x4x8x8xf32>) outs(%i : tensor<1x4x1x4xf32>) {kernel = array<i64: 2, 2>, strides = array<i64: 10, 2>} -> tensor<1x4x1x4xf32>
  return %y : tensor<1x4x1x4xf32>
}

// -----

func.func @pool_init(%x: tensor<1x96x55x55xf32>, %i: tensor<1x96x27x28xf32>) -> tensor<1x96x27x28xf32> {
  // expected-error @+1 {{init dimension 3 (width) is 28, expected 27}}
  %y = cnn.max_pool2d ins(%x : tensor<1x96x55x55xf32>) outs(%i : tensor<1x96x27x28xf32>) {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>} -> tensor<1x96x27x28xf32>
  return %y : tensor<1x96x27x28xf32>
}

// -----

func.func @relu_integer(%x: tensor<4xi32>) -> tensor<4xi32> {
  // expected-error @+1 {{operand #0 must be statically shaped tensor of floats}}
  %y = cnn.relu %x : tensor<4xi32>
  return %y : tensor<4xi32>
}

// -----

func.func @lrn_even_size(%x: tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32> {
  // expected-error @+1 {{'size' must be odd and positive, got 4}}
  %y = cnn.lrn %x {size = 4 : i64} : tensor<1x8x4x4xf32>
  return %y : tensor<1x8x4x4xf32>
}

// -----

func.func @lrn_beta(%x: tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32> {
  // expected-error @+1 {{'beta' must be non-negative, got -7.500000e-01}}
  %y = cnn.lrn %x {size = 5 : i64, beta = -0.75 : f32} : tensor<1x8x4x4xf32>
  return %y : tensor<1x8x4x4xf32>
}

// -----

func.func @lrn_alpha(%x: tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32> {
  // expected-error @+1 {{'alpha' must be non-negative, got -1.000000e+00}}
  %y = cnn.lrn %x {size = 5 : i64, alpha = -1.0 : f32} : tensor<1x8x4x4xf32>
  return %y : tensor<1x8x4x4xf32>
}

// -----

func.func @lrn_k(%x: tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32> {
  // expected-error @+1 {{'k' must be positive, got 0.000000e+00}}
  %y = cnn.lrn %x {size = 5 : i64, k = 0.0 : f32} : tensor<1x8x4x4xf32>
  return %y : tensor<1x8x4x4xf32>
}

// -----

func.func @lrn_zero_size(%x: tensor<1x0x4x4xf32>) -> tensor<1x0x4x4xf32> {
  // expected-error @+1 {{operand 0 has size 0 in dimension 1, sizes must be positive}}
  %y = cnn.lrn %x {size = 5 : i64} : tensor<1x0x4x4xf32>
  return %y : tensor<1x0x4x4xf32>
}

// -----

func.func @flatten_element_type(%x: tensor<1x2x3xf32>) -> tensor<1x6xf16> {
  // expected-error @+1 {{element types must all be 'f32', got 'f16'}}
  %y = cnn.flatten %x : tensor<1x2x3xf32> -> tensor<1x6xf16>
  return %y : tensor<1x6xf16>
}

// -----

func.func @flatten_rank(%x: tensor<6xf32>) -> tensor<1x6xf32> {
  // expected-error @+1 {{input must have rank 2 or more, got 1}}
  %y = cnn.flatten %x : tensor<6xf32> -> tensor<1x6xf32>
  return %y : tensor<1x6xf32>
}

// -----

func.func @flatten_overflow(%x: tensor<100000x100000x100000x100000x100000xf32>) -> tensor<100000x10xf32> {
  // expected-error @+1 {{the flattened size overflows 64-bit integers}}
  %y = cnn.flatten %x : tensor<100000x100000x100000x100000x100000xf32> -> tensor<100000x10xf32>
  return %y : tensor<100000x10xf32>
}

// -----

func.func @flatten_shape(%x: tensor<1x256x6x6xf32>) -> tensor<1x9000xf32> {
  // expected-error @+1 {{init dimension 1 (flattened) is 9000, expected 9216}}
  %y = cnn.flatten %x : tensor<1x256x6x6xf32> -> tensor<1x9000xf32>
  return %y : tensor<1x9000xf32>
}

// -----

func.func @softmax_axis(%x: tensor<2x10xf32>) -> tensor<2x10xf32> {
  // expected-error @+1 {{'axis' must be in [0, 2), got 2}}
  %y = cnn.softmax %x {axis = 2 : i64} : tensor<2x10xf32>
  return %y : tensor<2x10xf32>
}

// -----

func.func @lstm_hidden(%x: tensor<1x8xf32>, %h: tensor<2x4xf32>, %c: tensor<1x4xf32>, %w: tensor<16x12xf32>) -> (tensor<1x4xf32>, tensor<1x4xf32>) {
  // expected-error @+1 {{hidden state has shape 2x4, expected 1x4 (batch x hidden)}}
  %h1, %c1 = cnn.lstm_cell %x, %h, %c, %w : tensor<1x8xf32>, tensor<2x4xf32>, tensor<1x4xf32>, tensor<16x12xf32> -> tensor<1x4xf32>, tensor<1x4xf32>
  return %h1, %c1 : tensor<1x4xf32>, tensor<1x4xf32>
}

// -----

func.func @lstm_cell_state(%x: tensor<1x8xf32>, %h: tensor<1x4xf32>, %c: tensor<1x5xf32>, %w: tensor<16x12xf32>) -> (tensor<1x4xf32>, tensor<1x4xf32>) {
  // expected-error @+1 {{cell state has shape 1x5, expected 1x4 (batch x hidden)}}
  %h1, %c1 = cnn.lstm_cell %x, %h, %c, %w : tensor<1x8xf32>, tensor<1x4xf32>, tensor<1x5xf32>, tensor<16x12xf32> -> tensor<1x4xf32>, tensor<1x4xf32>
  return %h1, %c1 : tensor<1x4xf32>, tensor<1x4xf32>
}

// -----

func.func @lstm_result(%x: tensor<1x8xf32>, %h: tensor<1x4xf32>, %c: tensor<1x4xf32>, %w: tensor<16x12xf32>) -> (tensor<1x4xf32>, tensor<1x3xf32>) {
  // expected-error @+1 {{result 1 (next cell state) has shape 1x3, expected 1x4 (batch x hidden)}}
  %h1, %c1 = cnn.lstm_cell %x, %h, %c, %w : tensor<1x8xf32>, tensor<1x4xf32>, tensor<1x4xf32>, tensor<16x12xf32> -> tensor<1x4xf32>, tensor<1x3xf32>
  return %h1, %c1 : tensor<1x4xf32>, tensor<1x3xf32>
}

// -----

func.func @lstm_weights(%x: tensor<1x8xf32>, %h: tensor<1x4xf32>, %c: tensor<1x4xf32>, %w: tensor<16x8xf32>) -> (tensor<1x4xf32>, tensor<1x4xf32>) {
  // expected-error @+1 {{weights have shape 16x8, expected 16x12 (4 * hidden x (inputs + hidden))}}
  %h1, %c1 = cnn.lstm_cell %x, %h, %c, %w : tensor<1x8xf32>, tensor<1x4xf32>, tensor<1x4xf32>, tensor<16x8xf32> -> tensor<1x4xf32>, tensor<1x4xf32>
  return %h1, %c1 : tensor<1x4xf32>, tensor<1x4xf32>
}

// -----

func.func @lstm_bias(%x: tensor<1x8xf32>, %h: tensor<1x4xf32>, %c: tensor<1x4xf32>, %w: tensor<16x12xf32>, %b: tensor<4xf32>) -> (tensor<1x4xf32>, tensor<1x4xf32>) {
  // expected-error @+1 {{bias has 4 elements, expected 16 (4 * hidden)}}
  %h1, %c1 = cnn.lstm_cell %x, %h, %c, %w, %b : tensor<1x8xf32>, tensor<1x4xf32>, tensor<1x4xf32>, tensor<16x12xf32>, tensor<4xf32> -> tensor<1x4xf32>, tensor<1x4xf32>
  return %h1, %c1 : tensor<1x4xf32>, tensor<1x4xf32>
}

// -----

func.func @lstm_element_type(%x: tensor<1x8xf32>, %h: tensor<1x4xf16>, %c: tensor<1x4xf32>, %w: tensor<16x12xf32>) -> (tensor<1x4xf32>, tensor<1x4xf32>) {
  // expected-error @+1 {{element types must all be 'f32', got 'f16'}}
  %h1, %c1 = cnn.lstm_cell %x, %h, %c, %w : tensor<1x8xf32>, tensor<1x4xf16>, tensor<1x4xf32>, tensor<16x12xf32> -> tensor<1x4xf32>, tensor<1x4xf32>
  return %h1, %c1 : tensor<1x4xf32>, tensor<1x4xf32>
}
