//===- CNNToEIE.cpp - Turn shared cnn.fc layers into eie.sparse_fc --------===//

#include "eie/Conversion/Passes.h"
#include "eie/Dialect/CNN/IR/CNNOps.h"
#include "eie/Dialect/EIE/IR/EIEOps.h"
#include "eie/Dialect/EIE/Transforms/LayerWeights.h"
#include "eie/Dialect/EIE/Transforms/SparseFCFusion.h"
#include "eie/Format/CompressedMatrix.h"
#include "eie/Format/FixedPoint.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Transforms/WalkPatternRewriteDriver.h"

#include <cmath>

namespace mlir::eie {
#define GEN_PASS_DEF_EIEENCODE
#include "eie/Conversion/Passes.h.inc"
} // namespace mlir::eie

using namespace mlir;
using namespace mlir::eie;
namespace format = ::eie::format;

namespace {

/// The codes of a layer whose non-zero weights take at most 2^bits - 1
/// distinct values: the codebook (0, then those values ascending) and one code
/// per weight.
struct LayerCodes {
  std::vector<float> codebook;
  std::vector<uint8_t> codes;
};

llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

llvm::Expected<LayerCodes> computeCodes(ArrayRef<float> weights,
                                        unsigned bits) {
  size_t maxValues = (size_t(1) << bits) - 1;
  // Sorted distinct non-zero values; shared weights repeat a few values, so
  // a run of equal weights is looked up once.
  std::vector<float> distinct;
  float last = 0;
  for (float w : weights) {
    if (w == 0 || w == last)
      continue;
    if (!std::isfinite(w))
      return makeError(std::isnan(w) ? "a weight is NaN"
                                     : "a weight is infinite");
    last = w;
    auto it = llvm::lower_bound(distinct, w);
    if (it != distinct.end() && *it == w)
      continue;
    if (distinct.size() == maxValues)
      return makeError("the weights hold more than " + llvm::Twine(maxValues) +
                       " distinct non-zero values, the most a " +
                       llvm::Twine(bits) +
                       "-bit codebook holds; share them first "
                       "(--eie-share-weights=\"fc-bits=" +
                       llvm::Twine(bits) + "\")");
    distinct.insert(it, w);
  }
  if (distinct.empty())
    return makeError("the layer has no non-zero weight");

  LayerCodes result;
  result.codebook.assign(size_t(1) << bits, 0.0f);
  llvm::copy(distinct, result.codebook.begin() + 1);
  result.codes.resize(weights.size());
  uint8_t lastCode = 0;
  last = 0;
  for (auto [w, code] : llvm::zip_equal(weights, result.codes)) {
    if (w != last) {
      last = w;
      lastCode =
          w == 0 ? 0 : 1 + (llvm::lower_bound(distinct, w) - distinct.begin());
    }
    code = lastCode;
  }
  return result;
}

struct EIEEncodePass : mlir::eie::impl::EIEEncodeBase<EIEEncodePass> {
  using Base::Base;

  /// Replaces `layer` (a cnn.fc) by an eie.sparse_fc.
  LogicalResult encodeLayer(const LayerWeights &layer) {
    auto fc = cast<cnn::FCOp>(layer.layer);
    auto fail = [&](const llvm::Twine &message) {
      return fc.emitError("cannot encode layer '")
             << layer.name << "': " << message;
    };
    std::vector<float> weights = readWeights(layer.value);
    llvm::Expected<LayerCodes> codes = computeCodes(weights, bits);
    if (!codes)
      return fail(llvm::toString(codes.takeError()));
    llvm::Expected<format::Codebook> codebook =
        format::Codebook::create(bits, codes->codebook);
    if (!codebook)
      return fail(llvm::toString(codebook.takeError()));

    format::FixedPointParams params;
    params.actFrac = actFrac;
    params.weightFrac = codebook->fracBits;
    params.outFrac = outFrac < 0 ? int(actFrac) : int(outFrac);
    if (llvm::Error error = params.validate())
      return fail(llvm::toString(std::move(error)));

    ArrayRef<int64_t> shape = layer.value.getShapedType().getShape();
    llvm::Expected<format::CompressedMatrix> matrix = format::encode(
        codes->codes, shape[0], shape[1], pes, std::move(*codebook));
    if (!matrix)
      return fail(llvm::toString(matrix.takeError()));

    OpBuilder builder(fc);
    auto attr = CompressedMatrixAttr::get(builder.getContext(), *matrix,
                                          toIdentifier(layer.name));
    auto sparse = SparseFCOp::create(
        builder, fc.getLoc(), fc.getResult().getType(), fc.getInput(),
        fc.getBias(), attr, /*relu=*/false,
        builder.getI32IntegerAttr(params.actFrac),
        builder.getI32IntegerAttr(params.outFrac));
    fc->replaceAllUsesWith(sparse);
    Value weight = fc.getWeight(), init = fc.getInit();
    fc.erase();
    eraseIfDeadConstant(weight);
    if (Operation *def = init.getDefiningOp(); def && isOpTriviallyDead(def))
      def->erase();
    return success();
  }

  void runOnOperation() override {
    if (pes < 1) {
      getOperation().emitError("eie-encode: pes must be positive");
      return signalPassFailure();
    }
    if (llvm::Error error = format::checkCodeBits(bits)) {
      getOperation().emitError("eie-encode: ")
          << llvm::toString(std::move(error));
      return signalPassFailure();
    }
    for (const LayerWeights &layer :
         collectLayerWeights(getOperation(), /*includeConv=*/false))
      if (failed(encodeLayer(layer)))
        return signalPassFailure();
    RewritePatternSet fusions(&getContext());
    populateSparseFCFusionPatterns(fusions);
    walkAndApplyPatterns(getOperation(), std::move(fusions));
  }
};

} // namespace
