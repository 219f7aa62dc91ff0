//===- BlockingReport.cpp - The blocking model's report of a module -------===//

#include "eie/Analysis/Blocking/Model.h"
#include "eie/Analysis/Blocking/Report.h"
#include "eie/Dialect/CNN/Transforms/LayerBlocking.h"
#include "eie/Dialect/CNN/Transforms/Passes.h"

#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/ToolOutputFile.h"

namespace mlir::cnn {
#define GEN_PASS_DEF_CNNBLOCKINGREPORT
#include "eie/Dialect/CNN/Transforms/Passes.h.inc"
} // namespace mlir::cnn

using namespace mlir;
using namespace mlir::cnn;
namespace blk = ::eie::blocking;

namespace {

/// How the blocking of `op` was found, as --cnn-optimize-blocking recorded it;
/// a blocking written by hand reports no search.
blk::SearchSummary getSearchSummary(Operation *op) {
  blk::SearchSummary summary;
  auto search = op->getAttrOfType<DictionaryAttr>("cnn.blocking_search");
  if (!search)
    return summary;
  if (auto candidates = search.getAs<IntegerAttr>("candidates"))
    summary.candidates = candidates.getInt();
  if (auto seconds = search.getAs<FloatAttr>("seconds"))
    summary.seconds = seconds.getValueAsDouble();
  if (auto optimal = search.getAs<BoolAttr>("optimal"))
    summary.optimal = optimal.getValue();
  return summary;
}

} // namespace

FailureOr<llvm::json::Array>
mlir::cnn::getBlockingReports(Operation *root, const blk::Architecture &arch) {
  llvm::json::Array layers;
  WalkResult result = root->walk([&](LoopNestOpInterface op) {
    BlockingAttr attr = op.getBlockingAttr();
    blk::Layer layer = getBlockingLayer(op);
    if (!attr) {
      op->emitWarning("layer '") << layer.name << "' has no blocking to report";
      return WalkResult::advance();
    }
    FailureOr<blk::Blocking> blocking = getModelBlocking(op, attr, arch);
    if (failed(blocking))
      return WalkResult::interrupt();
    if (llvm::Error err = blk::validateBlocking(layer, arch, *blocking)) {
      op->emitError("invalid blocking of layer '")
          << layer.name << "': " << llvm::toString(std::move(err));
      return WalkResult::interrupt();
    }
    blk::Evaluation evaluation = blk::evaluate(layer, arch, *blocking);
    layers.push_back(blk::reportToJSON(layer, arch, *blocking, evaluation,
                                       getSearchSummary(op)));
    return WalkResult::advance();
  });
  if (result.wasInterrupted())
    return failure();
  return layers;
}

namespace {

struct CNNBlockingReportPass
    : cnn::impl::CNNBlockingReportBase<CNNBlockingReportPass> {
  using Base::Base;

  void runOnOperation() override {
    FailureOr<blk::Architecture> arch =
        loadArchitectureForPass(&getContext(), getArgument(), this->arch);
    if (failed(arch))
      return signalPassFailure();
    FailureOr<llvm::json::Array> layers =
        getBlockingReports(getOperation(), *arch);
    if (failed(layers))
      return signalPassFailure();
    std::string message;
    std::unique_ptr<llvm::ToolOutputFile> file =
        openOutputFile(output, &message);
    if (!file) {
      getOperation().emitError("cannot write the blocking report: ") << message;
      return signalPassFailure();
    }
    file->os() << llvm::formatv("{0:2}", llvm::json::Value(std::move(*layers)))
               << "\n";
    file->keep();
  }
};

} // namespace
