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
    int64_t total = blocking.getTotalFactor(dim);
    if (total != bounds[i])
      return op->emitOpError("blocking factors of loop ")
             << stringifyLoopDim(dim) << " multiply to " << total
             << ", expected the loop bound " << bounds[i];
  }
  return success();
}
