//===- Passes.h - Passes on the cnn dialect ---------------------*- C++ -*-===//

#ifndef EIE_DIALECT_CNN_TRANSFORMS_PASSES_H
#define EIE_DIALECT_CNN_TRANSFORMS_PASSES_H

#include "eie/Analysis/Blocking/Optimizer.h"
#include "eie/Dialect/CNN/IR/CNNOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::cnn {

/// The x86 code generator's constraints --cnn-optimize-blocking searches
/// within: none, or those of a vector ISA.
enum class BlockingVectorISA {
  None,
  /// The architecture's own vector registers.
  Arch,
  AVX512,
  AVX2,
};

#define GEN_PASS_DECL
#define GEN_PASS_REGISTRATION
#include "eie/Dialect/CNN/Transforms/Passes.h.inc"

/// Adds the pattern of --cnn-decompose-lstm-cell, for other rewrites and
/// conversions.
void populateDecomposeLSTMCellPatterns(RewritePatternSet &patterns);

} // namespace mlir::cnn

#endif // EIE_DIALECT_CNN_TRANSFORMS_PASSES_H
