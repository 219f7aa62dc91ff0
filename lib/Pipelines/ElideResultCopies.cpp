//===- ElideResultCopies.cpp - Compute results in the out-params ----------===//

#include "eie/Pipelines/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::eie {
#define GEN_PASS_DEF_ELIDERESULTCOPIES
#include "eie/Pipelines/Passes.h.inc"
} // namespace mlir::eie

using namespace mlir;

namespace {

/// Whether every use of `buffer` other than `copy` comes before `copy`.
bool usedOnlyBefore(Value buffer, memref::CopyOp copy) {
  Block *block = copy->getBlock();
  return llvm::all_of(buffer.getUsers(), [&](Operation *user) {
    if (user == copy)
      return true;
    Operation *ancestor = block->findAncestorOpInBlock(*user);
    return ancestor && ancestor->isBeforeInBlock(copy);
  });
}

struct ElideResultCopiesPass
    : eie::impl::ElideResultCopiesBase<ElideResultCopiesPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal())
      return;
    Block &entry = func.getBody().front();
    SmallVector<memref::CopyOp> elided;
    for (Operation &op : entry) {
      auto copy = dyn_cast<memref::CopyOp>(&op);
      if (!copy)
        continue;
      auto outParam = dyn_cast<BlockArgument>(copy.getTarget());
      auto alloc = copy.getSource().getDefiningOp<memref::AllocOp>();
      if (!outParam || outParam.getOwner() != &entry || !alloc ||
          alloc->getBlock() != &entry ||
          alloc.getType() != outParam.getType() || !usedOnlyBefore(alloc, copy))
        continue;
      // The out-param is written only by this copy (it is not read, and
      // nothing else writes it) when no other op uses it.
      if (!outParam.hasOneUse())
        continue;
      elided.push_back(copy);
    }
    IRRewriter rewriter(&getContext());
    for (memref::CopyOp copy : elided) {
      Value alloc = copy.getSource();
      Value outParam = copy.getTarget();
      rewriter.eraseOp(copy);
      rewriter.replaceAllUsesWith(alloc, outParam);
      rewriter.eraseOp(alloc.getDefiningOp());
    }
  }
};

} // namespace
