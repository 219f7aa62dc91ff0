//===- StridedCopyToLinalg.cpp - Strided memref.copy as linalg.copy -------===//

#include "eie/Pipelines/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::eie {
#define GEN_PASS_DEF_STRIDEDCOPYTOLINALG
#include "eie/Pipelines/Passes.h.inc"
} // namespace mlir::eie

using namespace mlir;

namespace {

struct StridedCopyToLinalgPass
    : mlir::eie::impl::StridedCopyToLinalgBase<StridedCopyToLinalgPass> {
  void runOnOperation() override {
    SmallVector<memref::CopyOp> copies;
    getOperation().walk([&](memref::CopyOp copy) {
      auto isIdentity = [](Value value) {
        auto type = dyn_cast<MemRefType>(value.getType());
        return type && type.getLayout().isIdentity();
      };
      // Static shapes or dynamic ones (a padded input tile at the border
      // copies a dynamic number of rows): linalg.copy's loops read the
      // dynamic sizes from the descriptor once.
      auto isRanked = [](Value value) { return isa<MemRefType>(value.getType()); };
      if (!(isIdentity(copy.getSource()) && isIdentity(copy.getTarget())) &&
          isRanked(copy.getSource()) && isRanked(copy.getTarget()))
        copies.push_back(copy);
    });
    IRRewriter rewriter(&getContext());
    for (memref::CopyOp copy : copies) {
      rewriter.setInsertionPoint(copy);
      rewriter.replaceOpWithNewOp<linalg::CopyOp>(copy, copy.getSource(),
                                                  copy.getTarget());
    }
  }
};

} // namespace
