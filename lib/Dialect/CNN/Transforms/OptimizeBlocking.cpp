//===- OptimizeBlocking.cpp - Attach optimal blockings to layers ----------===//

#include "eie/Analysis/Blocking/Optimizer.h"
#include "eie/Dialect/CNN/Transforms/LayerBlocking.h"
#include "eie/Dialect/CNN/Transforms/Passes.h"

#include "mlir/IR/Builders.h"

namespace mlir::cnn {
#define GEN_PASS_DEF_CNNOPTIMIZEBLOCKING
#include "eie/Dialect/CNN/Transforms/Passes.h.inc"
} // namespace mlir::cnn

using namespace mlir;
using namespace mlir::cnn;
namespace blk = ::eie::blocking;

namespace {

struct CNNOptimizeBlockingPass
    : cnn::impl::CNNOptimizeBlockingBase<CNNOptimizeBlockingPass> {
  using Base::Base;

  LogicalResult initialize(MLIRContext *context) override {
    FailureOr<blk::Architecture> loaded =
        loadArchitectureForPass(context, getArgument(), arch);
    if (failed(loaded))
      return failure();
    architecture = std::move(*loaded);
    std::optional<blk::Objective> parsed = blk::parseObjective(objective);
    if (!parsed)
      return emitError(UnknownLoc::get(context))
             << getArgument() << ": unknown objective '" << objective
             << "', expected energy, dram or edp";
    options.objective = *parsed;
    options.maxCandidates = maxCandidates;
    options.imperfect = imperfect;
    return success();
  }

  void runOnOperation() override {
    MLIRContext *context = &getContext();
    Builder b(context);
    WalkResult result = getOperation().walk([&](LoopNestOpInterface op) {
      blk::Layer layer = getBlockingLayer(op);
      llvm::Expected<blk::SearchResult> found =
          blk::optimize(layer, architecture, options);
      if (!found) {
        op->emitError("no blocking of layer '")
            << layer.name << "' on '" << architecture.name
            << "': " << llvm::toString(found.takeError());
        return WalkResult::interrupt();
      }
      op.setBlockingAttr(
          getBlockingAttr(context, found->blocking, architecture,
                          blk::isImperfect(layer, found->blocking)));
      op->setAttr(
          "cnn.blocking_search",
          b.getDictionaryAttr({
              b.getNamedAttr("candidates",
                             b.getI64IntegerAttr(found->candidates)),
              b.getNamedAttr("optimal", b.getBoolAttr(found->optimal)),
              b.getNamedAttr("seconds", b.getF64FloatAttr(found->seconds)),
          }));
      return WalkResult::advance();
    });
    if (result.wasInterrupted())
      signalPassFailure();
  }

  blk::Architecture architecture;
  blk::SearchOptions options;
};

} // namespace
