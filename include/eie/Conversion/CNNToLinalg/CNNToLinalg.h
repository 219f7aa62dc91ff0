//===- CNNToLinalg.h - Lower cnn ops to linalg on tensors -------*- C++ -*-===//

#ifndef EIE_CONVERSION_CNNTOLINALG_CNNTOLINALG_H
#define EIE_CONVERSION_CNNTOLINALG_CNNTOLINALG_H

namespace mlir {
class RewritePatternSet;
namespace eie {

/// Adds the patterns that rewrite every cnn op into linalg/tensor/arith/math
/// ops on tensors, for compilers that run them in a conversion of their own.
void populateCNNToLinalgConversionPatterns(RewritePatternSet &patterns);

} // namespace eie
} // namespace mlir

#endif // EIE_CONVERSION_CNNTOLINALG_CNNTOLINALG_H
