//===- MicroKernel.h - The register-tile code of a blocked layer -*- C++
//-*-===//

#ifndef EIE_LIB_CONVERSION_CNNTOX86_MICROKERNEL_H
#define EIE_LIB_CONVERSION_CNNTOX86_MICROKERNEL_H

#include "BlockedLayer.h"

#include "mlir/IR/PatternMatch.h"

namespace mlir::eie::x86 {

/// One loop of the levels the micro-kernel walks itself.
struct KernelLoop {
  Dim dim;
  /// Iterations of the dim the loop covers (its level's tile) and its step
  /// (the tile of the level below).
  int64_t extent;
  int64_t step;
  unsigned level;
  StringRef memory;
};

struct MicroKernelSpec {
  BlockedLayer layer;
  /// The register tile (level 0): pixels n0 x y0 x x0 by kVectors vectors of
  /// output channels.
  int64_t n0 = 1, y0 = 1, x0 = 1, kVectors = 1;
  /// The loops of levels 1..m, outermost first, in the blocking's orders.
  SmallVector<KernelLoop> loops;
  /// The loops made from outer levels that walk reduction dims: an output
  /// tile is first visited when all of them are at their first iteration
  /// and finished when all are at their last.
  SmallVector<scf::ForOp> outerReductionLoops;
  /// Apply max(x, 0) to each output tile when it is finished.
  bool relu = false;
  /// The input rows that hold data, in the coordinates of the padded input:
  /// [padTop, padTop + inputRows). A register tile of one row of pixels
  /// skips the filter rows that read the zero border above or below it
  /// (inputRows 0: no skipping).
  int64_t padTop = 0, inputRows = 0;
  /// The induction variables of the tile loops along the output rows around
  /// the kernel, each an offset within its parent tile: their sum is the
  /// row of the kernel's tile in the whole output.
  SmallVector<Value> outerRowOffsets;
};

/// Replaces `tile`, the blocked generic cut to one tile of level m, by the
/// loops of levels m..1 around a register-tile kernel in the vector dialect:
/// the accumulators stay in registers across the innermost run of reduction
/// loops, start from the bias on an output tile's first visit, and are
/// stored once per visit.
LogicalResult emitMicroKernel(RewriterBase &rewriter, linalg::GenericOp tile,
                              const MicroKernelSpec &spec);

} // namespace mlir::eie::x86

#endif // EIE_LIB_CONVERSION_CNNTOX86_MICROKERNEL_H
