//===- ShareWeights.cpp - k-means weight sharing of layer weights ---------===//

#include "eie/Dialect/EIE/Transforms/LayerWeights.h"
#include "eie/Dialect/EIE/Transforms/Passes.h"
#include "eie/Format/WeightSharing.h"

namespace mlir::eie {
#define GEN_PASS_DEF_EIESHAREWEIGHTS
#include "eie/Dialect/EIE/Transforms/Passes.h.inc"
} // namespace mlir::eie

using namespace mlir;
using namespace mlir::eie;
namespace format = ::eie::format;

namespace {

struct EIEShareWeightsPass
    : mlir::eie::impl::EIEShareWeightsBase<EIEShareWeightsPass> {
  using Base::Base;

  void runOnOperation() override {
    if (llvm::Error error = format::checkCodeBits(bits)) {
      getOperation().emitError("eie-share-weights: ")
          << llvm::toString(std::move(error));
      return signalPassFailure();
    }
    std::optional<format::CentroidInit> centroidInit =
        format::parseCentroidInit(init);
    if (!centroidInit) {
      getOperation().emitError("eie-share-weights: unknown init '")
          << init << "', expected linear, density or random";
      return signalPassFailure();
    }
    format::WeightSharingOptions options;
    options.bits = bits;
    options.init = *centroidInit;
    options.seed = seed;

    for (const LayerWeights &layer :
         collectLayerWeights(getOperation(), /*includeConv=*/true)) {
      std::vector<float> weights = readWeights(layer.value);
      llvm::Expected<format::SharedWeights> shared =
          format::shareWeights(weights, options);
      if (!shared) {
        layer.layer->emitError("cannot share the weights of layer '")
            << layer.name << "': " << llvm::toString(shared.takeError());
        return signalPassFailure();
      }
      const std::vector<float> &values = shared->codebook.values;
      for (auto [weight, code] : llvm::zip_equal(weights, shared->codes))
        weight = values[code];
      replaceWeights(layer, weights);
    }
  }
};

} // namespace
