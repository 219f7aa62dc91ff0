//===- LowerPackUnpack.cpp - linalg.pack/unpack to upstream copies --------===//

#include "eie/Pipelines/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::eie {
#define GEN_PASS_DEF_LOWERPACKUNPACK
#include "eie/Pipelines/Passes.h.inc"
} // namespace mlir::eie

using namespace mlir;

namespace {

struct LowerPackUnpackPass
    : eie::impl::LowerPackUnpackBase<LowerPackUnpackPass> {
  void runOnOperation() override {
    SmallVector<Operation *> relayouts;
    getOperation().walk([&](Operation *op) {
      if (isa<linalg::PackOp, linalg::UnPackOp>(op))
        relayouts.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (Operation *op : relayouts) {
      rewriter.setInsertionPoint(op);
      bool lowered =
          isa<linalg::PackOp>(op)
              ? succeeded(
                    linalg::lowerPack(rewriter, cast<linalg::PackOp>(op)))
              : succeeded(linalg::lowerUnPack(rewriter,
                                              cast<linalg::UnPackOp>(op)));
      if (!lowered) {
        op->emitOpError("could not be lowered");
        return signalPassFailure();
      }
    }
  }
};

} // namespace
