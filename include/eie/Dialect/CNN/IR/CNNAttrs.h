//===- CNNAttrs.h - Attributes of the cnn dialect ---------------*- C++ -*-===//

#ifndef EIE_DIALECT_CNN_IR_CNNATTRS_H
#define EIE_DIALECT_CNN_IR_CNNATTRS_H

#include "mlir/IR/Attributes.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectImplementation.h"

#include "eie/Dialect/CNN/IR/CNNEnums.h.inc"

namespace mlir::cnn {
/// The number of loops of the convolution nest (N, K, C, Y, X, R, S).
inline constexpr unsigned kNumLoopDims = 7;
} // namespace mlir::cnn

#define GET_ATTRDEF_CLASSES
#include "eie/Dialect/CNN/IR/CNNAttrs.h.inc"

#endif // EIE_DIALECT_CNN_IR_CNNATTRS_H
