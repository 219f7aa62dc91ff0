// One LSTM step through the reference path, against NumPy.
// REQUIRES: numpy
// RUN: rm -rf %t && mkdir -p %t
// RUN: %PYTHON %S/Inputs/lstm_cell.py %t
// RUN: eie-run %s -e step --input %t/x.npy --input %t/h.npy --input %t/c.npy --input %t/w.npy --input %t/b.npy \
// RUN:   --compare-to %t/h_ref.npy --compare-to %t/c_ref.npy --rtol 1e-5 --atol 1e-6 | FileCheck %s
// CHECK: result 1 vs {{.*}}h_ref.npy: {{.*}}: ok
// CHECK: result 2 vs {{.*}}c_ref.npy: {{.*}}: ok

func.func @step(%x: tensor<2x7xf32>, %h: tensor<2x5xf32>, %c: tensor<2x5xf32>, %w: tensor<20x12xf32>,
                %b: tensor<20xf32>) -> (tensor<2x5xf32>, tensor<2x5xf32>) {
  %h1, %c1 = cnn.lstm_cell %x, %h, %c, %w, %b
      : tensor<2x7xf32>, tensor<2x5xf32>, tensor<2x5xf32>, tensor<20x12xf32>, tensor<20xf32>
      -> tensor<2x5xf32>, tensor<2x5xf32>
  return %h1, %c1 : tensor<2x5xf32>, tensor<2x5xf32>
}
