//===- CNNInterfaces.cpp - Interfaces of the cnn dialect ------------------===//

#include "eie/Dialect/CNN/IR/CNNInterfaces.h"

using namespace mlir;
using namespace mlir::cnn;

#include "eie/Dialect/CNN/IR/CNNInterfaces.cpp.inc"

LogicalResult mlir::cnn::detail::verifyLoopNestOp(Operation *op) {
  auto loopNest = cast<LoopNestOpInterface>(op);
  BlockingAttr blocking = loopNest.getBlockingAttr();
  if (!blocking)
    return success();
  SmallVector<int64_t, 7> bounds = loopNest.getLoopBounds();
  for (unsigned i = 0; i < kNumLoopDims; ++i) {
    auto dim = static_cast<LoopDim>(i);
    if (!blocking.getImperfect()) {
      int64_t total = blocking.getTotalFactor(dim);
      if (total != bounds[i])
        return op->emitOpError("blocking factors of loop ")
               << stringifyLoopDim(dim) << " multiply to " << total
               << ", expected the loop bound " << bounds[i];
      continue;
    }
    // Imperfect: each level iterates at most over the tiles that cover the
    // bound (no tile wholly past it), and all levels together cover it. The
    // innermost level's factor is a tile size, which may pass the bound: a
    // padded tile (K in whole vectors for the x86 code generator).
    int64_t below = 1;
    for (auto [index, level] : llvm::enumerate(blocking.getLevels())) {
      int64_t most = (bounds[i] + below - 1) / below;
      if (index > 0 && level.getFactor(dim) > most)
        return op->emitOpError("imperfect blocking factor ")
               << level.getFactor(dim) << " of loop " << stringifyLoopDim(dim)
               << " at level \"" << level.getName() << "\" exceeds ceil("
               << bounds[i] << " / " << below << ") = " << most
               << ", the tiles needed to cover the bound";
      below *= level.getFactor(dim);
    }
    if (below < bounds[i])
      return op->emitOpError("imperfect blocking factors of loop ")
             << stringifyLoopDim(dim) << " multiply to " << below
             << ", fewer than the loop bound " << bounds[i];
  }
  return success();
}
