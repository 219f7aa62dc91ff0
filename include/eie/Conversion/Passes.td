//===- Passes.td - Conversion passes -----------------------*- tablegen -*-===//

#ifndef EIE_CONVERSION_PASSES_TD
#define EIE_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertCNNToLinalg : Pass<"convert-cnn-to-linalg"> {
  let summary = "Lower cnn ops to linalg, tensor, arith and math on tensors";
  let description = [{
    The reference lowering of the `cnn` dialect: every op becomes upstream ops on tensors, so
    that any `cnn` program can be bufferized and compiled by the upstream pipeline
    (`--cnn-to-llvm`). It defines what each op computes for the faster back-ends.

    - `cnn.conv2d`: `tensor.pad` (zeros), the bias broadcast into the destination
      (`linalg.broadcast`, or `linalg.fill` with zero), then `linalg.conv_2d_nchw_fchw`, or
      `linalg.conv_2d_ngchw_gfchw` between `tensor.expand_shape`/`collapse_shape` for groups.
    - `cnn.fc`: the bias broadcast, then a `linalg.generic` contraction over the inputs.
    - `cnn.max_pool2d` / `cnn.avg_pool2d`: `tensor.pad` (-inf or 0), `linalg.pooling_nchw_max`
      or `linalg.pooling_nchw_sum`, and for the average a division by the window's element
      count (computed per output position when padding is excluded).
    - `cnn.relu`, `cnn.lrn`, `cnn.softmax`, `cnn.lstm_cell`: `linalg.generic` ops with `arith`
      and `math` bodies; `cnn.flatten`: `tensor.collapse_shape`.

    A `#cnn.blocking` does not change what is computed and is dropped here; the blocked x86
    path consumes it before this pass.

    ```mlir
    // eie-opt --convert-cnn-to-linalg
    %y = cnn.relu %x : tensor<4xf32>
    // becomes
    %e = tensor.empty() : tensor<4xf32>
    %y = linalg.generic {...} ins(%x : tensor<4xf32>) outs(%e : tensor<4xf32>) {
    ^bb0(%in: f32, %out: f32):
      %m = arith.maximumf %in, %cst : f32
      linalg.yield %m : f32
    } -> tensor<4xf32>
    ```
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

#endif // EIE_CONVERSION_PASSES_TD
