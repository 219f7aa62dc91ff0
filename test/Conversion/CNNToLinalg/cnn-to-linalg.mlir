// RUN: eie-opt %s --convert-cnn-to-linalg --cse | FileCheck %s

// CHECK-DAG: #[[FC_X:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[FC_W:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG: #[[FC_Y:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG: #[[LRN_WIN:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1 + d4, d2, d3)>
// CHECK-DAG: #[[SM_FULL:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[SM_ROW:.*]] = affine_map<(d0, d1) -> (d1)>

// CHECK-LABEL: func @conv2d_bias_padding
// CHECK-SAME: (%[[X:.*]]: tensor<1x3x8x8xf32>, %[[W:.*]]: tensor<4x3x3x3xf32>, %[[B:.*]]: tensor<4xf32>)
// CHECK: %[[P:.*]] = tensor.pad %[[X]] low[0, 0, 1, 2] high[0, 0, 1, 0]
// CHECK: } : tensor<1x3x8x8xf32> to tensor<1x3x10x10xf32>
// CHECK: %[[ACC:.*]] = linalg.broadcast ins(%[[B]] : tensor<4xf32>) outs(%{{.*}} : tensor<1x4x4x8xf32>) dimensions = [0, 2, 3]
// CHECK: %[[C:.*]] = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<[2, 1]> : tensor<2xi64>}
// CHECK-SAME: ins(%[[P]], %[[W]] : tensor<1x3x10x10xf32>, tensor<4x3x3x3xf32>) outs(%[[ACC]] : tensor<1x4x4x8xf32>)
// CHECK: return %[[C]]
func.func @conv2d_bias_padding(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<4xf32>) -> tensor<1x4x4x8xf32> {
  %i = tensor.empty() : tensor<1x4x4x8xf32>
  %y = cnn.conv2d ins(%x, %w, %b : tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) outs(%i : tensor<1x4x4x8xf32>)
         {strides = array<i64: 2, 1>, padding = array<i64: 1, 2, 1, 0>} -> tensor<1x4x4x8xf32>
  return %y : tensor<1x4x4x8xf32>
}

// CHECK-LABEL: func @conv2d_grouped_dilated
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x9x9xf32>, %[[W:.*]]: tensor<6x2x3x3xf32>)
// CHECK: %[[ZERO:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<1x6x5x5xf32>)
// CHECK-DAG: %[[GX:.*]] = tensor.expand_shape %[[X]] {{\[}}[0], [1, 2], [3], [4]] output_shape [1, 2, 2, 9, 9]
// CHECK-DAG: %[[GW:.*]] = tensor.expand_shape %[[W]] {{\[}}[0, 1], [2], [3], [4]] output_shape [2, 3, 2, 3, 3]
// CHECK-DAG: %[[GACC:.*]] = tensor.expand_shape %[[ZERO]] {{\[}}[0], [1, 2], [3], [4]] output_shape [1, 2, 3, 5, 5]
// CHECK: %[[C:.*]] = linalg.conv_2d_ngchw_gfchw {dilations = dense<2> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
// CHECK-SAME: ins(%[[GX]], %[[GW]] : tensor<1x2x2x9x9xf32>, tensor<2x3x2x3x3xf32>) outs(%[[GACC]] : tensor<1x2x3x5x5xf32>)
// CHECK: tensor.collapse_shape %[[C]] {{\[}}[0], [1, 2], [3], [4]] : tensor<1x2x3x5x5xf32> into tensor<1x6x5x5xf32>
func.func @conv2d_grouped_dilated(%x: tensor<1x4x9x9xf32>, %w: tensor<6x2x3x3xf32>) -> tensor<1x6x5x5xf32> {
  %i = tensor.empty() : tensor<1x6x5x5xf32>
  %y = cnn.conv2d ins(%x, %w : tensor<1x4x9x9xf32>, tensor<6x2x3x3xf32>) outs(%i : tensor<1x6x5x5xf32>)
         {groups = 2 : i64, dilations = array<i64: 2, 2>} -> tensor<1x6x5x5xf32>
  return %y : tensor<1x6x5x5xf32>
}

// CHECK-LABEL: func @fc
// CHECK-SAME: (%[[X:.*]]: tensor<2x16xf32>, %[[W:.*]]: tensor<8x16xf32>, %[[B:.*]]: tensor<8xf32>)
// CHECK: %[[ACC:.*]] = linalg.broadcast ins(%[[B]] : tensor<8xf32>) outs(%{{.*}} : tensor<2x8xf32>) dimensions = [0]
// CHECK: linalg.generic {indexing_maps = [#[[FC_X]], #[[FC_W]], #[[FC_Y]]], iterator_types = ["parallel", "parallel", "reduction"]}
// CHECK-SAME: ins(%[[X]], %[[W]] : tensor<2x16xf32>, tensor<8x16xf32>) outs(%[[ACC]] : tensor<2x8xf32>)
// CHECK: %[[M:.*]] = arith.mulf
// CHECK: %[[A:.*]] = arith.addf %{{.*}}, %[[M]]
// CHECK: linalg.yield %[[A]]
func.func @fc(%x: tensor<2x16xf32>, %w: tensor<8x16xf32>, %b: tensor<8xf32>) -> tensor<2x8xf32> {
  %i = tensor.empty() : tensor<2x8xf32>
  %y = cnn.fc ins(%x, %w, %b : tensor<2x16xf32>, tensor<8x16xf32>, tensor<8xf32>) outs(%i : tensor<2x8xf32>) -> tensor<2x8xf32>
  return %y : tensor<2x8xf32>
}

// CHECK-LABEL: func @fc_blocking_dropped
// CHECK-NOT: blocking
// CHECK: linalg.generic
func.func @fc_blocking_dropped(%x: tensor<1x16xf32>, %w: tensor<8x16xf32>) -> tensor<1x8xf32> {
  %i = tensor.empty() : tensor<1x8xf32>
  %y = cnn.fc ins(%x, %w : tensor<1x16xf32>, tensor<8x16xf32>) outs(%i : tensor<1x8xf32>)
         {blocking = #cnn.blocking<[<"RF", {K = 2, C = 16}>, <"DRAM", {K = 4}, order = [N, K, C, Y, X, R, S]>]>}
         -> tensor<1x8xf32>
  return %y : tensor<1x8xf32>
}

// CHECK-LABEL: func @max_pool2d_padded
// CHECK: %[[NEG:.*]] = arith.constant 0xFF800000 : f32
// CHECK: %[[P:.*]] = tensor.pad %{{.*}} low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK: tensor.yield %[[NEG]]
// CHECK: %[[INIT:.*]] = linalg.fill ins(%[[NEG]] : f32) outs(%{{.*}} : tensor<1x2x4x4xf32>)
// CHECK: %[[WIN:.*]] = tensor.empty() : tensor<3x3xf32>
// CHECK: linalg.pooling_nchw_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
// CHECK-SAME: ins(%[[P]], %[[WIN]] : tensor<1x2x10x10xf32>, tensor<3x3xf32>) outs(%[[INIT]] : tensor<1x2x4x4xf32>)
func.func @max_pool2d_padded(%x: tensor<1x2x8x8xf32>) -> tensor<1x2x4x4xf32> {
  %i = tensor.empty() : tensor<1x2x4x4xf32>
  %y = cnn.max_pool2d ins(%x : tensor<1x2x8x8xf32>) outs(%i : tensor<1x2x4x4xf32>)
         {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>} -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}

// CHECK-LABEL: func @avg_pool2d_unpadded
// CHECK: %[[SUM:.*]] = linalg.pooling_nchw_sum {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
// CHECK: %[[FOUR:.*]] = arith.constant 4.000000e+00 : f32
// CHECK: linalg.generic {{.*}} ins(%[[SUM]] : tensor<1x2x4x4xf32>)
// CHECK: arith.divf %{{.*}}, %[[FOUR]]
func.func @avg_pool2d_unpadded(%x: tensor<1x2x8x8xf32>) -> tensor<1x2x4x4xf32> {
  %i = tensor.empty() : tensor<1x2x4x4xf32>
  %y = cnn.avg_pool2d ins(%x : tensor<1x2x8x8xf32>) outs(%i : tensor<1x2x4x4xf32>) {kernel = array<i64: 2, 2>} -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}

// The divisor counts only the window positions inside the input.
// CHECK-LABEL: func @avg_pool2d_excluding_padding
// CHECK: linalg.pooling_nchw_sum
// CHECK: linalg.generic
// CHECK: linalg.index 2 : index
// CHECK: arith.maxsi
// CHECK: arith.minsi
// CHECK: linalg.index 3 : index
// CHECK: arith.sitofp
// CHECK: arith.divf
func.func @avg_pool2d_excluding_padding(%x: tensor<1x2x8x8xf32>) -> tensor<1x2x8x8xf32> {
  %i = tensor.empty() : tensor<1x2x8x8xf32>
  %y = cnn.avg_pool2d ins(%x : tensor<1x2x8x8xf32>) outs(%i : tensor<1x2x8x8xf32>)
         {kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, padding = array<i64: 1, 1, 1, 1>} -> tensor<1x2x8x8xf32>
  return %y : tensor<1x2x8x8xf32>
}

// CHECK-LABEL: func @avg_pool2d_including_padding
// CHECK: linalg.pooling_nchw_sum
// CHECK: %[[NINE:.*]] = arith.constant 9.000000e+00 : f32
// CHECK-NOT: linalg.index
// CHECK: arith.divf %{{.*}}, %[[NINE]]
func.func @avg_pool2d_including_padding(%x: tensor<1x2x8x8xf32>) -> tensor<1x2x8x8xf32> {
  %i = tensor.empty() : tensor<1x2x8x8xf32>
  %y = cnn.avg_pool2d ins(%x : tensor<1x2x8x8xf32>) outs(%i : tensor<1x2x8x8xf32>)
         {kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, padding = array<i64: 1, 1, 1, 1>, count_include_pad} -> tensor<1x2x8x8xf32>
  return %y : tensor<1x2x8x8xf32>
}

// CHECK-LABEL: func @relu
// CHECK: linalg.generic
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f16
// CHECK: arith.maximumf %{{.*}}, %[[ZERO]] : f16
func.func @relu(%x: tensor<3x5xf16>) -> tensor<3x5xf16> {
  %y = cnn.relu %x : tensor<3x5xf16>
  return %y : tensor<3x5xf16>
}

// CHECK-LABEL: func @lrn
// CHECK: %[[SQ:.*]] = linalg.generic
// CHECK: arith.mulf
// CHECK: %[[P:.*]] = tensor.pad %[[SQ]] low[0, 1, 0, 0] high[0, 1, 0, 0]
// CHECK: linalg.generic {indexing_maps = [#[[LRN_WIN]], {{.*}}], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]}
// CHECK-SAME: ins(%[[P]], %{{.*}} : tensor<1x4x2x2xf32>, tensor<3xf32>)
// CHECK: linalg.generic
// CHECK: math.powf
// CHECK: arith.divf
func.func @lrn(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %y = cnn.lrn %x {size = 3 : i64, k = 2.0 : f32} : tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// CHECK-LABEL: func @flatten
// CHECK: tensor.collapse_shape %{{.*}} {{\[}}[0], [1, 2, 3]] : tensor<2x3x4x5xf32> into tensor<2x60xf32>
func.func @flatten(%x: tensor<2x3x4x5xf32>) -> tensor<2x60xf32> {
  %y = cnn.flatten %x : tensor<2x3x4x5xf32> -> tensor<2x60xf32>
  return %y : tensor<2x60xf32>
}

// CHECK-LABEL: func @softmax_axis0
// CHECK: %[[MAX:.*]] = linalg.generic {indexing_maps = [#[[SM_FULL]], #[[SM_ROW]]], iterator_types = ["reduction", "parallel"]}
// CHECK: arith.maximumf
// CHECK: %[[EXP:.*]] = linalg.generic {indexing_maps = [#[[SM_FULL]], #[[SM_ROW]], #[[SM_FULL]]], iterator_types = ["parallel", "parallel"]}
// CHECK: arith.subf
// CHECK: math.exp
// CHECK: %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[SM_FULL]], #[[SM_ROW]]], iterator_types = ["reduction", "parallel"]}
// CHECK: arith.addf
// CHECK: linalg.generic {{.*}} ins(%[[EXP]], %[[SUM]] : tensor<3x4xf32>, tensor<4xf32>)
// CHECK: arith.divf
func.func @softmax_axis0(%x: tensor<3x4xf32>) -> tensor<3x4xf32> {
  %y = cnn.softmax %x {axis = 0 : i64} : tensor<3x4xf32>
  return %y : tensor<3x4xf32>
}

// CHECK-LABEL: func @lstm_cell
// CHECK-SAME: (%[[X:.*]]: tensor<1x3xf32>, %[[H:.*]]: tensor<1x2xf32>, %[[C:.*]]: tensor<1x2xf32>, %[[W:.*]]: tensor<8x5xf32>, %[[B:.*]]: tensor<8xf32>)
// CHECK: %[[XH0:.*]] = tensor.insert_slice %[[X]] into %{{.*}}[0, 0] [1, 3] [1, 1] : tensor<1x3xf32> into tensor<1x5xf32>
// CHECK: %[[XH:.*]] = tensor.insert_slice %[[H]] into %[[XH0]][0, 3] [1, 2] [1, 1] : tensor<1x2xf32> into tensor<1x5xf32>
// CHECK: %[[Z0:.*]] = linalg.broadcast ins(%[[B]] : tensor<8xf32>)
// CHECK: %[[Z:.*]] = linalg.generic {{.*}} ins(%[[XH]], %[[W]] : tensor<1x5xf32>, tensor<8x5xf32>) outs(%[[Z0]] : tensor<1x8xf32>)
// CHECK-DAG: %[[I:.*]] = tensor.extract_slice %[[Z]][0, 0] [1, 2] [1, 1]
// CHECK-DAG: %[[F:.*]] = tensor.extract_slice %[[Z]][0, 2] [1, 2] [1, 1]
// CHECK-DAG: %[[G:.*]] = tensor.extract_slice %[[Z]][0, 4] [1, 2] [1, 1]
// CHECK-DAG: %[[O:.*]] = tensor.extract_slice %[[Z]][0, 6] [1, 2] [1, 1]
// CHECK: %[[R:.*]]:2 = linalg.generic {{.*}} ins(%[[I]], %[[F]], %[[G]], %[[O]], %[[C]] : {{.*}}) outs(%{{.*}}, %{{.*}} : tensor<1x2xf32>, tensor<1x2xf32>)
// CHECK: math.tanh
// CHECK: return %[[R]]#0, %[[R]]#1
func.func @lstm_cell(%x: tensor<1x3xf32>, %h: tensor<1x2xf32>, %c: tensor<1x2xf32>, %w: tensor<8x5xf32>, %b: tensor<8xf32>) -> (tensor<1x2xf32>, tensor<1x2xf32>) {
  %h1, %c1 = cnn.lstm_cell %x, %h, %c, %w, %b : tensor<1x3xf32>, tensor<1x2xf32>, tensor<1x2xf32>, tensor<8x5xf32>, tensor<8xf32> -> tensor<1x2xf32>, tensor<1x2xf32>
  return %h1, %c1 : tensor<1x2xf32>, tensor<1x2xf32>
}
