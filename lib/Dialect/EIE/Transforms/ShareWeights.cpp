//===- ShareWeights.cpp - k-means weight sharing of layer weights ---------===//

#include "eie/Dialect/CNN/IR/CNNOps.h"
#include "eie/Dialect/EIE/Transforms/LayerWeights.h"
#include "eie/Dialect/EIE/Transforms/Passes.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FormatVariadic.h"

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

  /// Whether `layers` selects `layer` (every layer when it is empty); records
  /// the entries that select it in `used`.
  bool isSelected(const LayerWeights &layer, llvm::StringSet<> &used) {
    StringRef kind = isa<cnn::Conv2DOp>(layer.layer) ? "conv" : "fc";
    bool selected = layers.empty();
    for (const std::string &entry : layers)
      if (entry == layer.name || entry == kind) {
        used.insert(entry);
        selected = true;
      }
    return selected;
  }

  void runOnOperation() override {
    for (auto [option, bits] :
         {std::pair<StringRef, unsigned>("conv-bits", convBits),
          {"fc-bits", fcBits}})
      if (llvm::Error error = format::checkCodeBits(bits)) {
        getOperation().emitError("eie-share-weights: ")
            << option << ": " << llvm::toString(std::move(error));
        return signalPassFailure();
      }

    llvm::StringSet<> used;
    for (const LayerWeights &layer :
         collectLayerWeights(getOperation(), /*includeConv=*/true)) {
      if (!isSelected(layer, used))
        continue;
      bool conv = isa<cnn::Conv2DOp>(layer.layer);
      format::WeightSharingOptions options;
      options.bits = conv ? convBits : fcBits;
      options.init = init;
      options.seed = seed;
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

      size_t nonZeros = 0;
      std::vector<bool> usedCodes(values.size());
      for (uint8_t code : shared->codes)
        if (code != 0) {
          ++nonZeros;
          usedCodes[code] = true;
        }
      size_t distinct = llvm::count(usedCodes, true);
      mlir::emitRemark(layer.layer->getLoc())
          << llvm::formatv("shared layer '{0}': density {1:F4}, {2} bits "
                           "({3}), {4} values, {5} bytes of codes",
                           layer.name, double(nonZeros) / weights.size(),
                           options.bits, conv ? "conv-bits" : "fc-bits",
                           distinct, (nonZeros * options.bits + 7) / 8)
                 .str();
    }
    for (const std::string &entry : layers)
      if (!used.contains(entry)) {
        getOperation().emitError("eie-share-weights: layers entry '")
            << entry
            << "' selects no cnn.fc or cnn.conv2d with constant weights";
        return signalPassFailure();
      }
  }
};

} // namespace
