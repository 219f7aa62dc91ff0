//===- CNNInterfaces.h - Interfaces of the cnn dialect ----------*- C++ -*-===//

#ifndef EIE_DIALECT_CNN_IR_CNNINTERFACES_H
#define EIE_DIALECT_CNN_IR_CNNINTERFACES_H

#include "eie/Dialect/CNN/IR/CNNAttrs.h"
#include "mlir/IR/OpDefinition.h"

namespace mlir::cnn::detail {
/// Checks that the blocking attached to a loop-nest op (if any) covers its loop
/// bounds.
LogicalResult verifyLoopNestOp(Operation *op);
} // namespace mlir::cnn::detail

#include "eie/Dialect/CNN/IR/CNNInterfaces.h.inc"

#endif // EIE_DIALECT_CNN_IR_CNNINTERFACES_H
