// RUN: eie-opt %s | eie-opt | FileCheck %s
// RUN: eie-opt %s --mlir-print-op-generic | eie-opt | FileCheck %s
// RUN: eie-opt %s --emit-bytecode | eie-opt | FileCheck %s

// CHECK-LABEL: func @conv2d_grouped_with_bias
func.func @conv2d_grouped_with_bias(%x: tensor<1x96x27x27xf32>, %w: tensor<256x48x5x5xf32>,
                                    %b: tensor<256xf32>) -> tensor<1x256x27x27xf32> {
  %init = tensor.empty() : tensor<1x256x27x27xf32>
  // CHECK: cnn.conv2d ins(%{{.*}}, %{{.*}}, %{{.*}} : tensor<1x96x27x27xf32>, tensor<256x48x5x5xf32>, tensor<256xf32>) outs(%{{.*}} : tensor<1x256x27x27xf32>) {groups = 2 : i64, padding = array<i64: 2, 2, 2, 2>} -> tensor<1x256x27x27xf32>
  %y = cnn.conv2d ins(%x, %w, %b : tensor<1x96x27x27xf32>, tensor<256x48x5x5xf32>, tensor<256xf32>)
                  outs(%init : tensor<1x256x27x27xf32>)
                  {padding = array<i64: 2, 2, 2, 2>, groups = 2 : i64} -> tensor<1x256x27x27xf32>
  return %y : tensor<1x256x27x27xf32>
}

// CHECK-LABEL: func @conv2d_strided_dilated
func.func @conv2d_strided_dilated(%x: tensor<2x3x227x227xf32>, %w: tensor<96x3x11x11xf32>) -> tensor<2x96x52x52xf32> {
  %init = tensor.empty() : tensor<2x96x52x52xf32>
  // CHECK: cnn.conv2d ins(%{{.*}}, %{{.*}} : tensor<2x3x227x227xf32>, tensor<96x3x11x11xf32>) outs(%{{.*}} : tensor<2x96x52x52xf32>) {dilations = array<i64: 2, 2>, strides = array<i64: 4, 4>}
  %y = cnn.conv2d ins(%x, %w : tensor<2x3x227x227xf32>, tensor<96x3x11x11xf32>)
                  outs(%init : tensor<2x96x52x52xf32>)
                  {strides = array<i64: 4, 4>, dilations = array<i64: 2, 2>} -> tensor<2x96x52x52xf32>
  return %y : tensor<2x96x52x52xf32>
}

// CHECK-LABEL: func @conv2d_blocking
func.func @conv2d_blocking(%x: tensor<1x16x10x10xf32>, %w: tensor<32x16x3x3xf32>) -> tensor<1x32x8x8xf32> {
  %init = tensor.empty() : tensor<1x32x8x8xf32>
  // CHECK: blocking = #cnn.blocking<[<"RF", {N = 1, K = 2, C = 1, Y = 1, X = 4, R = 3, S = 3}>, <"DRAM", {N = 1, K = 16, C = 16, Y = 8, X = 2, R = 1, S = 1}, order = [N, K, C, Y, X, R, S]>]>
  %y = cnn.conv2d ins(%x, %w : tensor<1x16x10x10xf32>, tensor<32x16x3x3xf32>)
                  outs(%init : tensor<1x32x8x8xf32>)
                  {blocking = #cnn.blocking<[
                     #cnn.level<"RF", {K = 2, X = 4, R = 3, S = 3}>,
                     <"DRAM", {K = 16, C = 16, Y = 8, X = 2}, order = [N, K, C, Y, X, R, S]>]>}
                  -> tensor<1x32x8x8xf32>
  return %y : tensor<1x32x8x8xf32>
}

// Omitted factors are 1; an empty factor list is allowed.
// CHECK-LABEL: func @blocking_defaults
// CHECK: b = #cnn.blocking<[<"RF", {N = 1, K = 1, C = 1, Y = 1, X = 1, R = 1, S = 1}>, <"DRAM", {N = 1, K = 1, C = 1, Y = 1, X = 1, R = 1, S = 1}, order = [S, R, X, Y, C, K, N]>]>
func.func @blocking_defaults() attributes {b = #cnn.blocking<[<"RF", {}>, <"DRAM", {}, order = [S, R, X, Y, C, K, N]>]>} {
  return
}

// CHECK-LABEL: func @fc
func.func @fc(%x: tensor<4x9216xf32>, %w: tensor<4096x9216xf32>, %b: tensor<4096xf32>) -> (tensor<4x4096xf32>, tensor<4x4096xf32>) {
  %init = tensor.empty() : tensor<4x4096xf32>
  // CHECK: cnn.fc ins(%{{.*}}, %{{.*}}, %{{.*}} : tensor<4x9216xf32>, tensor<4096x9216xf32>, tensor<4096xf32>) outs(%{{.*}} : tensor<4x4096xf32>) -> tensor<4x4096xf32>
  %y = cnn.fc ins(%x, %w, %b : tensor<4x9216xf32>, tensor<4096x9216xf32>, tensor<4096xf32>)
              outs(%init : tensor<4x4096xf32>) -> tensor<4x4096xf32>
  // CHECK: cnn.fc ins(%{{.*}}, %{{.*}} : tensor<4x9216xf32>, tensor<4096x9216xf32>) outs(%{{.*}} : tensor<4x4096xf32>) {blocking = #cnn.blocking<[<"RF", {N = 4, K = 8, C = 4, Y = 1, X = 1, R = 1, S = 1}>, <"DRAM", {N = 1, K = 512, C = 2304, Y = 1, X = 1, R = 1, S = 1}, order = [C, K, N, Y, X, R, S]>]>}
  %z = cnn.fc ins(%x, %w : tensor<4x9216xf32>, tensor<4096x9216xf32>)
              outs(%init : tensor<4x4096xf32>)
              {blocking = #cnn.blocking<[<"RF", {N = 4, K = 8, C = 4}>,
                                         <"DRAM", {K = 512, C = 2304}, order = [C, K, N, Y, X, R, S]>]>}
              -> tensor<4x4096xf32>
  return %y, %z : tensor<4x4096xf32>, tensor<4x4096xf32>
}

// CHECK-LABEL: func @pools
func.func @pools(%x: tensor<1x96x55x55xf32>) -> (tensor<1x96x27x27xf32>, tensor<1x96x28x28xf32>, tensor<1x96x55x55xf32>) {
  %i0 = tensor.empty() : tensor<1x96x27x27xf32>
  // CHECK: cnn.max_pool2d ins(%{{.*}} : tensor<1x96x55x55xf32>) outs(%{{.*}} : tensor<1x96x27x27xf32>) {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>} -> tensor<1x96x27x27xf32>
  %m = cnn.max_pool2d ins(%x : tensor<1x96x55x55xf32>) outs(%i0 : tensor<1x96x27x27xf32>)
         {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>} -> tensor<1x96x27x27xf32>
  %i1 = tensor.empty() : tensor<1x96x28x28xf32>
  // CHECK: cnn.avg_pool2d ins(%{{.*}} : tensor<1x96x55x55xf32>) outs(%{{.*}} : tensor<1x96x28x28xf32>) {count_include_pad, kernel = array<i64: 2, 2>, padding = array<i64: 1, 1, 0, 0>} -> tensor<1x96x28x28xf32>
  %a = cnn.avg_pool2d ins(%x : tensor<1x96x55x55xf32>) outs(%i1 : tensor<1x96x28x28xf32>)
         {kernel = array<i64: 2, 2>, padding = array<i64: 1, 1, 0, 0>, count_include_pad} -> tensor<1x96x28x28xf32>
  %i2 = tensor.empty() : tensor<1x96x55x55xf32>
  // CHECK: cnn.max_pool2d ins(%{{.*}} : tensor<1x96x55x55xf32>) outs(%{{.*}} : tensor<1x96x55x55xf32>) {kernel = array<i64: 3, 3>, padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>}
  %s = cnn.max_pool2d ins(%x : tensor<1x96x55x55xf32>) outs(%i2 : tensor<1x96x55x55xf32>)
         {kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, padding = array<i64: 1, 1, 1, 1>} -> tensor<1x96x55x55xf32>
  return %m, %a, %s : tensor<1x96x27x27xf32>, tensor<1x96x28x28xf32>, tensor<1x96x55x55xf32>
}

// CHECK-LABEL: func @elementwise
func.func @elementwise(%x: tensor<1x96x55x55xf32>, %v: tensor<2x1000xf16>) -> (tensor<1x96x55x55xf32>, tensor<1x290400xf32>, tensor<2x1000xf16>, tensor<2x1000xf16>) {
  // CHECK: cnn.relu %{{.*}} : tensor<1x96x55x55xf32>
  %r = cnn.relu %x : tensor<1x96x55x55xf32>
  // Attributes equal to their defaults are not printed.
  // CHECK: cnn.lrn %{{.*}} {k = 2.000000e+00 : f32, size = 5 : i64} : tensor<1x96x55x55xf32>
  %l = cnn.lrn %r {size = 5 : i64, alpha = 1.0e-4 : f32, beta = 0.75 : f32, k = 2.0 : f32} : tensor<1x96x55x55xf32>
  // CHECK: cnn.lrn %{{.*}} {alpha = 2.000000e-04 : f32, beta = 5.000000e-01 : f32, size = 3 : i64} : tensor<1x96x55x55xf32>
  %n = cnn.lrn %l {size = 3 : i64, alpha = 2.0e-4 : f32, beta = 0.5 : f32} : tensor<1x96x55x55xf32>
  // CHECK: cnn.flatten %{{.*}} : tensor<1x96x55x55xf32> -> tensor<1x290400xf32>
  %f = cnn.flatten %n : tensor<1x96x55x55xf32> -> tensor<1x290400xf32>
  // CHECK: cnn.softmax %{{.*}} : tensor<2x1000xf16>
  %s = cnn.softmax %v : tensor<2x1000xf16>
  // CHECK: cnn.softmax %{{.*}} {axis = 0 : i64} : tensor<2x1000xf16>
  %t = cnn.softmax %v {axis = 0 : i64} : tensor<2x1000xf16>
  return %n, %f, %s, %t : tensor<1x96x55x55xf32>, tensor<1x290400xf32>, tensor<2x1000xf16>, tensor<2x1000xf16>
}

// CHECK-LABEL: func @lstm_cell
func.func @lstm_cell(%x: tensor<1x600xf32>, %h: tensor<1x600xf32>, %c: tensor<1x600xf32>,
                     %w: tensor<2400x1200xf32>, %b: tensor<2400xf32>) -> (tensor<1x600xf32>, tensor<1x600xf32>) {
  // CHECK: cnn.lstm_cell %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} : tensor<1x600xf32>, tensor<1x600xf32>, tensor<1x600xf32>, tensor<2400x1200xf32>, tensor<2400xf32> -> tensor<1x600xf32>, tensor<1x600xf32>
  %h1, %c1 = cnn.lstm_cell %x, %h, %c, %w, %b
      : tensor<1x600xf32>, tensor<1x600xf32>, tensor<1x600xf32>, tensor<2400x1200xf32>, tensor<2400xf32>
      -> tensor<1x600xf32>, tensor<1x600xf32>
  // CHECK: cnn.lstm_cell %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} : tensor<1x600xf32>, tensor<1x600xf32>, tensor<1x600xf32>, tensor<2400x1200xf32> -> tensor<1x600xf32>, tensor<1x600xf32>
  %h2, %c2 = cnn.lstm_cell %x, %h1, %c1, %w
      : tensor<1x600xf32>, tensor<1x600xf32>, tensor<1x600xf32>, tensor<2400x1200xf32>
      -> tensor<1x600xf32>, tensor<1x600xf32>
  return %h2, %c2 : tensor<1x600xf32>, tensor<1x600xf32>
}
