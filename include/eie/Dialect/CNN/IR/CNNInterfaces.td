//===- CNNInterfaces.td - Interfaces of the cnn dialect ----*- tablegen -*-===//

#ifndef EIE_DIALECT_CNN_IR_CNNINTERFACES_TD
#define EIE_DIALECT_CNN_IR_CNNINTERFACES_TD

include "mlir/IR/OpBase.td"

def CNN_LoopNestOpInterface : OpInterface<"LoopNestOpInterface"> {
  let cppNamespace = "::mlir::cnn";
  let description = [{
    A layer that is an instance of the seven-loop convolution nest of
    shared/contracts/BLOCKING.md (N, K, C, Y, X, R, S with strides sy, sx), and so can carry a
    `#cnn.blocking`. The blocking model and optimizer see layers only through this interface.
    The verifier checks that an attached blocking's factors multiply to the loop bounds.
  }];
  let methods = [
    InterfaceMethod<"The bounds of the loops N, K, C, Y, X, R, S, in that order.",
      "::llvm::SmallVector<int64_t, 7>", "getLoopBounds">,
    InterfaceMethod<"The strides (sy, sx) of the input window.",
      "::llvm::SmallVector<int64_t, 2>", "getLoopStrides">,
    InterfaceMethod<"The blocking attached to the layer, or null.",
      "::mlir::cnn::BlockingAttr", "getBlockingAttr">,
    InterfaceMethod<"Attaches a blocking to the layer (null removes it).",
      "void", "setBlockingAttr", (ins "::mlir::cnn::BlockingAttr":$blocking)>,
  ];
  let verify = [{ return ::mlir::cnn::detail::verifyLoopNestOp($_op); }];
}

#endif // EIE_DIALECT_CNN_IR_CNNINTERFACES_TD
