// RUN: eie-opt %s --eie-scalar-resources-to-literals -split-input-file -verify-diagnostics | FileCheck %s
// RUN: eie-opt %s --cnn-to-llvm -split-input-file -verify-diagnostics | FileCheck %s --check-prefix=LLVM

// One-element resources become literals; a larger one stays a resource.

// CHECK-LABEL: func.func @scalars
// CHECK-DAG:     arith.constant dense<1.000000e+00> : tensor<f32>
// CHECK-DAG:     arith.constant dense<-2> : tensor<1x1xi16>
// CHECK-DAG:     arith.constant dense_resource<pair> : tensor<2xf32>
// LLVM-LABEL: llvm.func @scalars
func.func @scalars() -> (tensor<f32>, tensor<1x1xi16>, tensor<2xf32>) {
  %a = arith.constant dense_resource<one> : tensor<f32>
  %b = arith.constant dense_resource<minus_two> : tensor<1x1xi16>
  %c = arith.constant dense_resource<pair> : tensor<2xf32>
  return %a, %b, %c : tensor<f32>, tensor<1x1xi16>, tensor<2xf32>
}
{-#
  dialect_resources: {
    builtin: {
      one: "0x040000000000803F",
      minus_two: "0x02000000FEFF",
      pair: "0x040000000000803F00000040"
    }
  }
#-}

// -----

func.func @missing() -> tensor<f32> {
  // expected-error @+1 {{dense_resource<nowhere> has no data}}
  %a = arith.constant dense_resource<nowhere> : tensor<f32>
  return %a : tensor<f32>
}

// -----

func.func @wrong_size() -> tensor<1xf32> {
  // expected-error @+1 {{dense_resource<short> has 2 bytes, not one element of 'f32'}}
  %a = arith.constant dense_resource<short> : tensor<1xf32>
  return %a : tensor<1xf32>
}
{-#
  dialect_resources: {
    builtin: {
      short: "0x040000000000"
    }
  }
#-}
