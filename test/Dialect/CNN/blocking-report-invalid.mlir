// RUN: eie-opt %s --cnn-blocking-report="arch=asic-2level output=%t.json" -split-input-file -verify-diagnostics
// RUN: not eie-opt %s --cnn-blocking-report="arch=asic-2level output=%t-dir/no/such/file.json" -split-input-file 2>&1 | FileCheck %s --check-prefix=OUTPUT
// OUTPUT: error: cannot write the blocking report

func.func @unblocked(%x: tensor<1x4xf32>, %w: tensor<4x4xf32>) -> tensor<1x4xf32> {
  %i = tensor.empty() : tensor<1x4xf32>
  // expected-warning @+1 {{layer 'unblocked.0' has no blocking to report}}
  %y = cnn.fc ins(%x, %w : tensor<1x4xf32>, tensor<4x4xf32>) outs(%i : tensor<1x4xf32>) -> tensor<1x4xf32>
  return %y : tensor<1x4xf32>
}

// -----

func.func @three_levels(%x: tensor<1x4xf32>, %w: tensor<4x4xf32>) -> tensor<1x4xf32> {
  %i = tensor.empty() : tensor<1x4xf32>
  // expected-error @+1 {{the blocking has 3 levels, the architecture 'asic-2level' has 2}}
  %y = cnn.fc ins(%x, %w : tensor<1x4xf32>, tensor<4x4xf32>) outs(%i : tensor<1x4xf32>)
         {blocking = #cnn.blocking<[<"RF", {K = 4}>, <"SRAM", {C = 4}, order = [N, K, C, Y, X, R, S]>,
                                    <"DRAM", {}, order = [N, K, C, Y, X, R, S]>]>} -> tensor<1x4xf32>
  return %y : tensor<1x4xf32>
}

// -----

func.func @level_names(%x: tensor<1x4xf32>, %w: tensor<4x4xf32>) -> tensor<1x4xf32> {
  %i = tensor.empty() : tensor<1x4xf32>
  // expected-error @+1 {{blocking level "L1" does not match the architecture's level "RF"}}
  %y = cnn.fc ins(%x, %w : tensor<1x4xf32>, tensor<4x4xf32>) outs(%i : tensor<1x4xf32>)
         {blocking = #cnn.blocking<[<"L1", {K = 4}>, <"DRAM", {C = 4}, order = [N, K, C, Y, X, R, S]>]>} -> tensor<1x4xf32>
  return %y : tensor<1x4xf32>
}

// -----

func.func @over_capacity(%x: tensor<1x256xf32>, %w: tensor<256x256xf32>) -> tensor<1x256xf32> {
  %i = tensor.empty() : tensor<1x256xf32>
  // expected-error @+1 {{invalid blocking of layer 'over_capacity.0'}}
  %y = cnn.fc ins(%x, %w : tensor<1x256xf32>, tensor<256x256xf32>) outs(%i : tensor<1x256xf32>)
         {blocking = #cnn.blocking<[<"RF", {K = 256, C = 256}>, <"DRAM", {}, order = [N, K, C, Y, X, R, S]>]>} -> tensor<1x256xf32>
  return %y : tensor<1x256xf32>
}
