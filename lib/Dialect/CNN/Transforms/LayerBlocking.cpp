//===- LayerBlocking.cpp - cnn layers and the blocking model --------------===//

#include "eie/Dialect/CNN/Transforms/LayerBlocking.h"

#include "eie/Dialect/CNN/IR/LayerName.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"

using namespace mlir;
using namespace mlir::cnn;
namespace blk = ::eie::blocking;

static_assert(static_cast<unsigned>(LoopDim::S) == blk::S &&
                  kNumLoopDims == blk::kNumLoops,
              "the dialect and the model number the loops alike");

blk::Layer mlir::cnn::getBlockingLayer(LoopNestOpInterface op) {
  blk::Layer layer;
  layer.name = getLayerName(op.getOperation());
  llvm::copy(op.getLoopBounds(), layer.bounds.begin());
  SmallVector<int64_t, 2> strides = op.getLoopStrides();
  layer.strideY = strides[0];
  layer.strideX = strides[1];
  return layer;
}

BlockingAttr mlir::cnn::getBlockingAttr(MLIRContext *context,
                                        const blk::Blocking &blocking,
                                        const blk::Architecture &arch,
                                        bool imperfect) {
  SmallVector<BlockingLevelAttr> levels;
  for (unsigned i = 0; i < blocking.numLevels(); ++i) {
    SmallVector<LoopDim, kNumLoopDims> order;
    // The innermost level's order changes no access count: leave it out.
    if (i > 0)
      for (blk::Loop loop : blocking.orders[i])
        order.push_back(static_cast<LoopDim>(loop));
    levels.push_back(BlockingLevelAttr::get(context, arch.levels[i].name,
                                            blocking.factors[i], order));
  }
  return BlockingAttr::get(context, levels, imperfect);
}

FailureOr<blk::Blocking>
mlir::cnn::getModelBlocking(Operation *op, BlockingAttr attr,
                            const blk::Architecture &arch) {
  ArrayRef<BlockingLevelAttr> levels = attr.getLevels();
  if (levels.size() != arch.numLevels())
    return op->emitError("the blocking has ")
           << levels.size() << " levels, the architecture '" << arch.name
           << "' has " << arch.numLevels();
  blk::Blocking blocking;
  for (auto [level, memory] : llvm::zip(levels, arch.levels)) {
    if (level.getName() != memory.name)
      return op->emitError("blocking level \"")
             << level.getName()
             << "\" does not match the architecture's level \"" << memory.name
             << "\"";
    blk::LoopVector factors;
    llvm::copy(level.getFactors(), factors.begin());
    blocking.factors.push_back(factors);
    blk::LoopOrder order = blk::defaultOrder();
    for (auto [i, dim] : llvm::enumerate(level.getOrder()))
      order[i] = static_cast<blk::Loop>(dim);
    blocking.orders.push_back(order);
  }
  return blocking;
}

FailureOr<blk::Architecture>
mlir::cnn::loadArchitectureForPass(MLIRContext *context, StringRef passName,
                                   StringRef fileOrPreset) {
  auto fail = [&](const Twine &message) {
    return emitError(UnknownLoc::get(context)) << passName << ": " << message;
  };
  if (fileOrPreset.empty())
    return fail(
        "missing option 'arch' (an architecture JSON file or preset name)");
  llvm::Expected<blk::Architecture> arch = blk::loadArchitecture(fileOrPreset);
  if (!arch)
    return fail(llvm::toString(arch.takeError()));
  return std::move(*arch);
}
