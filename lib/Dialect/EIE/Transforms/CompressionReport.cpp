//===- CompressionReport.cpp - Storage report of the compressed layers ----===//

#include "eie/Dialect/CNN/IR/LayerName.h"
#include "eie/Dialect/EIE/IR/EIEOps.h"
#include "eie/Dialect/EIE/Transforms/LayerWeights.h"
#include "eie/Dialect/EIE/Transforms/Passes.h"
#include "eie/Format/StorageStats.h"

#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/ToolOutputFile.h"

namespace mlir::eie {
#define GEN_PASS_DEF_EIECOMPRESSIONREPORT
#include "eie/Dialect/EIE/Transforms/Passes.h.inc"
} // namespace mlir::eie

using namespace mlir;
using namespace mlir::eie;
namespace format = ::eie::format;

namespace {

struct EIECompressionReportPass
    : mlir::eie::impl::EIECompressionReportBase<EIECompressionReportPass> {
  using Base::Base;

  void runOnOperation() override {
    std::vector<format::StorageStats> layers;
    WalkResult result = getOperation().walk([&](SparseFCOp op) {
      std::string name = cnn::getLayerName(op);
      llvm::Expected<format::CompressedMatrix> matrix =
          op.getMatrix().toCompressedMatrix();
      if (!matrix) {
        op.emitError("cannot read the matrix of layer '")
            << name << "': " << llvm::toString(matrix.takeError());
        return WalkResult::interrupt();
      }
      layers.push_back(format::computeStorageStats(*matrix, name));
      return WalkResult::advance();
    });
    if (result.wasInterrupted())
      return signalPassFailure();

    format::printStorageTable(llvm::outs(), layers);
    if (file.empty())
      return markAllAnalysesPreserved();
    llvm::json::Array json;
    for (const format::StorageStats &stats : layers)
      json.push_back(format::toJSON(stats));
    llvm::json::Object report{{"layers", std::move(json)}};
    std::string message;
    std::unique_ptr<llvm::ToolOutputFile> output =
        openOutputFile(file, &message);
    if (!output) {
      getOperation().emitError("cannot write the compression report: ")
          << message;
      return signalPassFailure();
    }
    output->os() << llvm::formatv("{0:2}", llvm::json::Value(std::move(report)))
                 << "\n";
    output->keep();
    markAllAnalysesPreserved();
  }
};

} // namespace
