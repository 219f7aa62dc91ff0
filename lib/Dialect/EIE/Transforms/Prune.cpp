//===- Prune.cpp - Magnitude pruning of constant layer weights ------------===//

#include "eie/Dialect/CNN/IR/CNNOps.h"
#include "eie/Dialect/EIE/Transforms/LayerWeights.h"
#include "eie/Dialect/EIE/Transforms/Passes.h"
#include "eie/Format/Pruning.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FormatVariadic.h"

namespace mlir::eie {
#define GEN_PASS_DEF_EIEPRUNE
#include "eie/Dialect/EIE/Transforms/Passes.h.inc"
} // namespace mlir::eie

using namespace mlir;
using namespace mlir::eie;

namespace {

bool isValidDensity(double density) { return density > 0 && density <= 1; }

struct EIEPrunePass : mlir::eie::impl::EIEPruneBase<EIEPrunePass> {
  using Base::Base;

  /// Parses `layer-density` into `densities`; reports a malformed entry.
  LogicalResult parseLayerDensities(llvm::StringMap<double> &densities) {
    for (StringRef entry : layerDensity) {
      auto [name, value] = entry.rsplit(':');
      double parsed;
      if (name.empty() || value.empty() || value.getAsDouble(parsed))
        return getOperation().emitError("eie-prune: layer-density entry '")
               << entry << "' is not name:density";
      if (!isValidDensity(parsed))
        return getOperation().emitError("eie-prune: density of layer '")
               << name << "' is " << parsed << ", expected a value in (0, 1]";
      if (!densities.try_emplace(name, parsed).second)
        return getOperation().emitError("eie-prune: layer '")
               << name << "' has two layer-density entries";
    }
    return success();
  }

  /// Only cnn.fc layers are encoded in EIE's format.
  bool isPaddingAware(const LayerWeights &layer) {
    return pes > 0 && isa<cnn::FCOp>(layer.layer);
  }

  llvm::Expected<::eie::format::EIEPruneResult>
  prune(const LayerWeights &layer, MutableArrayRef<float> weights,
        double target) {
    if (isPaddingAware(layer)) {
      // The K x C matrix --eie-encode encodes (row = output).
      ArrayRef<int64_t> shape = layer.value.getShapedType().getShape();
      if (shape[0] > UINT32_MAX || shape[1] > UINT32_MAX)
        return llvm::createStringError(
            "a %lldx%lld weight matrix is too large for EIE's format",
            (long long)shape[0], (long long)shape[1]);
      return ::eie::format::pruneForEIE(weights, uint32_t(shape[0]),
                                        uint32_t(shape[1]), target, pes);
    }
    llvm::Expected<uint64_t> kept =
        ::eie::format::pruneToDensity(weights, target);
    if (!kept)
      return kept.takeError();
    return ::eie::format::EIEPruneResult{*kept, 0};
  }

  void runOnOperation() override {
    if (!isValidDensity(density)) {
      getOperation().emitError("eie-prune: density is ")
          << density << ", expected a value in (0, 1]";
      return signalPassFailure();
    }
    llvm::StringMap<double> densities;
    if (failed(parseLayerDensities(densities)))
      return signalPassFailure();

    llvm::StringSet<> pruned;
    for (const LayerWeights &layer :
         collectLayerWeights(getOperation(), /*includeConv=*/true)) {
      auto it = densities.find(layer.name);
      double target = it == densities.end() ? density : it->second;
      if (it != densities.end())
        pruned.insert(layer.name);
      if (target == 1.0)
        continue;
      std::vector<float> weights = readWeights(layer.value);
      llvm::Expected<::eie::format::EIEPruneResult> result =
          prune(layer, weights, target);
      if (!result) {
        layer.layer->emitError("cannot prune layer '")
            << layer.name << "': " << llvm::toString(result.takeError());
        return signalPassFailure();
      }
      replaceWeights(layer, weights);
      // At the layer's location, without the op and its payloads.
      InFlightDiagnostic remark =
          mlir::emitRemark(layer.layer->getLoc(), "pruned layer '");
      remark << layer.name << "' to density "
             << llvm::formatv("{0:F4}", double(result->kept) / weights.size())
                    .str()
             << " (" << result->kept << " of " << weights.size()
             << " weights kept";
      if (isPaddingAware(layer))
        remark << ", " << result->fills << " of them in place of padding";
      remark << ")";
    }
    for (const auto &entry : densities)
      if (!pruned.contains(entry.getKey())) {
        getOperation().emitError("eie-prune: layer-density names layer '")
            << entry.getKey()
            << "', which is no cnn.fc or cnn.conv2d with constant weights";
        return signalPassFailure();
      }
  }
};

} // namespace
