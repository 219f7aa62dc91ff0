//===- SparseFCFusion.cpp - Ops fused into eie.sparse_fc ------------------===//

#include "eie/Dialect/EIE/Transforms/SparseFCFusion.h"

#include "eie/Dialect/CNN/IR/CNNOps.h"
#include "eie/Dialect/EIE/IR/EIEOps.h"

#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace mlir::eie;

namespace {

/// cnn.relu(eie.sparse_fc) -> eie.sparse_fc {relu}, when the relu is the
/// layer's only user: both the x86 kernel and the EIE machine apply the ReLU
/// to the accumulator as they write it.
struct FuseReluIntoSparseFC : OpRewritePattern<cnn::ReluOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(cnn::ReluOp relu,
                                PatternRewriter &rewriter) const override {
    auto layer = relu.getInput().getDefiningOp<SparseFCOp>();
    if (!layer || layer.getRelu() || !layer->hasOneUse())
      return rewriter.notifyMatchFailure(
          relu, "not the only user of an eie.sparse_fc without relu");
    rewriter.modifyOpInPlace(layer, [&] { layer.setRelu(true); });
    rewriter.replaceOp(relu, layer.getResult());
    return success();
  }
};

} // namespace

void mlir::eie::populateSparseFCFusionPatterns(RewritePatternSet &patterns) {
  patterns.add<FuseReluIntoSparseFC>(patterns.getContext());
}
