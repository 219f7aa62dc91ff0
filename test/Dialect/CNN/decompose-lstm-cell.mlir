// RUN: eie-opt %s --cnn-decompose-lstm-cell --mlir-print-debuginfo --mlir-print-local-scope | FileCheck %s

// CHECK-LABEL: func @step
// CHECK: %[[XH0:.*]] = tensor.insert_slice %arg0 into %{{.*}}[0, 0] [2, 3] [1, 1]
// CHECK: %[[XH:.*]] = tensor.insert_slice %arg1 into %[[XH0]][0, 3] [2, 4] [1, 1]
// CHECK: %[[Z:.*]] = cnn.fc ins(%[[XH]], %arg3, %arg4 : tensor<2x7xf32>, tensor<16x7xf32>, tensor<16xf32>) outs(%{{.*}} : tensor<2x16xf32>) -> tensor<2x16xf32> loc("lstm1")
// CHECK-DAG: %[[I:.*]] = tensor.extract_slice %[[Z]][0, 0] [2, 4] [1, 1]
// CHECK-DAG: %[[F:.*]] = tensor.extract_slice %[[Z]][0, 4] [2, 4] [1, 1]
// CHECK-DAG: %[[G:.*]] = tensor.extract_slice %[[Z]][0, 8] [2, 4] [1, 1]
// CHECK-DAG: %[[O:.*]] = tensor.extract_slice %[[Z]][0, 12] [2, 4] [1, 1]
// CHECK: %[[R:.*]]:2 = linalg.generic {{.*}} ins(%[[I]], %[[F]], %[[G]], %[[O]], %arg2 : {{.*}})
// CHECK-NOT: cnn.lstm_cell
// CHECK: return %[[R]]#0, %[[R]]#1
func.func @step(%x: tensor<2x3xf32>, %h: tensor<2x4xf32>, %c: tensor<2x4xf32>, %w: tensor<16x7xf32>,
                %b: tensor<16xf32>) -> (tensor<2x4xf32>, tensor<2x4xf32>) {
  %h1, %c1 = cnn.lstm_cell %x, %h, %c, %w, %b
      : tensor<2x3xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<16x7xf32>, tensor<16xf32>
      -> tensor<2x4xf32>, tensor<2x4xf32> loc("lstm1")
  return %h1, %c1 : tensor<2x4xf32>, tensor<2x4xf32>
}
