//===- InterchangeForVectorization.cpp - Contiguous innermost loops -------===//

#include "eie/Pipelines/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::eie {
#define GEN_PASS_DEF_INTERCHANGEFORVECTORIZATION
#include "eie/Pipelines/Passes.h.inc"
} // namespace mlir::eie

using namespace mlir;

/// The loop that should become innermost: the one indexing the output's last
/// dimension, if it is parallel and every input uses it at most in its own last
/// dimension (a contiguous or constant-stride walk).
static std::optional<unsigned> getContiguousLoop(linalg::LinalgOp op) {
  if (op.getNumDpsInits() != 1)
    return std::nullopt;
  AffineMap outputMap = op.getMatchingIndexingMap(op.getDpsInitOperand(0));
  if (outputMap.getNumResults() == 0 || !outputMap.isProjectedPermutation())
    return std::nullopt;
  unsigned loop =
      cast<AffineDimExpr>(outputMap.getResults().back()).getPosition();
  if (op.getIteratorTypesArray()[loop] != utils::IteratorType::parallel)
    return std::nullopt;
  for (OpOperand *input : op.getDpsInputOperands()) {
    AffineMap map = op.getMatchingIndexingMap(input);
    for (auto [i, result] : llvm::enumerate(map.getResults()))
      if (i + 1 != map.getNumResults() && result.isFunctionOfDim(loop))
        return std::nullopt;
  }
  return loop;
}

namespace {
struct InterchangeForVectorization
    : mlir::eie::impl::InterchangeForVectorizationBase<
          InterchangeForVectorization> {
  void runOnOperation() override {
    llvm::SmallVector<linalg::LinalgOp> ops;
    getOperation().walk([&](linalg::LinalgOp op) { ops.push_back(op); });
    IRRewriter rewriter(&getContext());
    for (linalg::LinalgOp op : ops) {
      std::optional<unsigned> loop = getContiguousLoop(op);
      unsigned numLoops = op.getNumLoops();
      if (!loop || *loop + 1 == numLoops)
        continue;
      // New loop i is old loop permutation[i]: the others in order, then it.
      llvm::SmallVector<unsigned> permutation;
      for (unsigned i = 0; i < numLoops; ++i)
        if (i != *loop)
          permutation.push_back(i);
      permutation.push_back(*loop);

      rewriter.setInsertionPoint(op);
      auto generic = dyn_cast<linalg::GenericOp>(op.getOperation());
      if (!generic) {
        FailureOr<linalg::GenericOp> generalized =
            linalg::generalizeNamedOp(rewriter, op);
        // Ops without a region builder keep their order.
        if (failed(generalized))
          continue;
        generic = *generalized;
      }
      if (failed(linalg::interchangeGenericOp(rewriter, generic, permutation)))
        continue;
    }
  }
};
} // namespace
