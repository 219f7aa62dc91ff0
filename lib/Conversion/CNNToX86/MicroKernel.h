//===- MicroKernel.h - The register-tile code of a blocked layer -*- C++ -*-===//

#ifndef EIE_LIB_CONVERSION_CNNTOX86_MICROKERNEL_H
#define EIE_LIB_CONVERSION_CNNTOX86_MICROKERNEL_H

#include "BlockedLayer.h"

#include "mlir/IR/PatternMatch.h"

namespace mlir::eie::x86 {

struct MicroKernelSpec {
  BlockedLayer layer;
  /// The register tile (level 0): pixels n0 x y0 x x0 by kVectors vectors of
  /// output channels.
  int64_t n0 = 1, y0 = 1, x0 = 1, kVectors = 1;
  /// Level 1's memory name and loops, outermost first (the blocking's order).
  StringRef level1Name;
  SmallVector<cnn::LoopDim, cnn::kNumLoopDims> level1Order;
  /// The loops made from outer levels that walk reduction dims: an output
  /// tile is first visited when all of them are at their first iteration
  /// and finished when all are at their last.
  SmallVector<scf::ForOp> outerReductionLoops;
  /// Apply max(x, 0) to each output tile when it is finished.
  bool relu = false;
};

/// Replaces `tile`, the blocked generic cut to one tile of level 1, by the
/// level-1 loops around a register-tile kernel in the vector dialect: the
/// accumulators stay in registers across the innermost run of reduction
/// loops, start from the bias on an output tile's first visit, and are
/// stored once per visit.
LogicalResult emitMicroKernel(RewriterBase &rewriter, linalg::GenericOp tile,
                              const MicroKernelSpec &spec);

} // namespace mlir::eie::x86

#endif // EIE_LIB_CONVERSION_CNNTOX86_MICROKERNEL_H
