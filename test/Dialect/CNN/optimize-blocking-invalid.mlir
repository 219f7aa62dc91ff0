// RUN: not eie-opt %s --cnn-optimize-blocking="arch=%S/Inputs/tiny-rf.json" -split-input-file -verify-diagnostics
// RUN: not eie-opt %s --cnn-optimize-blocking="arch=no-such-preset" 2>&1 | FileCheck %s --check-prefix=PRESET
// RUN: not eie-opt %s --cnn-optimize-blocking 2>&1 | FileCheck %s --check-prefix=NOARCH
// RUN: not eie-opt %s --cnn-optimize-blocking="arch=asic-2level objective=speed" 2>&1 | FileCheck %s --check-prefix=OBJECTIVE

// PRESET: error: cnn-optimize-blocking: unknown architecture preset 'no-such-preset'
// NOARCH: error: cnn-optimize-blocking: missing option 'arch' (an architecture JSON file or preset name)
// OBJECTIVE: for the --objective option: Cannot find option named 'speed'!

func.func @fits_nothing(%x: tensor<1x4xf32>, %w: tensor<4x4xf32>) -> tensor<1x4xf32> {
  %i = tensor.empty() : tensor<1x4xf32>
  // expected-error @+1 {{no blocking of layer 'fc1' on 'tiny-rf'}}
  %y = cnn.fc ins(%x, %w : tensor<1x4xf32>, tensor<4x4xf32>) outs(%i : tensor<1x4xf32>) -> tensor<1x4xf32> loc("fc1")
  return %y : tensor<1x4xf32>
}
