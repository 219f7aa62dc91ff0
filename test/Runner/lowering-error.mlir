// A function the pipeline cannot lower (a TOSA op, which does not bufferize): its diagnostic, then a summary.
// RUN: not eie-run %s 2>&1 | FileCheck %s
// CHECK: error:
// CHECK: eie-run: error: lowering @main to the LLVM dialect failed

func.func @main() -> tensor<4xf32> {
  %x = arith.constant dense<-1.0> : tensor<4xf32>
  %r = tosa.abs %x : (tensor<4xf32>) -> tensor<4xf32>
  return %r : tensor<4xf32>
}
