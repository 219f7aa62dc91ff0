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
bool usedOnlyBefore(Value buffer, Operation *copy) {
  Block *block = copy->getBlock();
  return llvm::all_of(buffer.getUsers(), [&](Operation *user) {
    if (user == copy)
      return true;
    Operation *ancestor = block->findAncestorOpInBlock(*user);
    return ancestor && ancestor->isBeforeInBlock(copy);
  });
}

/// The result buffer a copy's source is a view of: an allocation in `entry`,
/// seen through the reshapes (`memref.collapse_shape`/`expand_shape`) between
/// it and the copy, innermost first. A grouped convolution computes its
/// output with the group as a dimension of its own and collapses it away.
struct ResultBuffer {
  memref::AllocOp alloc;
  SmallVector<Operation *> reshapes;
};

std::optional<ResultBuffer> findResultBuffer(memref::CopyOp copy,
                                             Block &entry) {
  ResultBuffer result;
  Operation *user = copy;
  Value view = copy.getSource();
  while (Operation *producer = view.getDefiningOp()) {
    // Each view in the chain may be used before the copy (it is the same
    // memory), but not after it.
    if (producer->getBlock() != &entry || !usedOnlyBefore(view, user))
      return std::nullopt;
    if (auto alloc = dyn_cast<memref::AllocOp>(producer)) {
      result.alloc = alloc;
      return result;
    }
    if (!isa<memref::CollapseShapeOp, memref::ExpandShapeOp>(producer))
      return std::nullopt;
    result.reshapes.insert(result.reshapes.begin(), producer);
    user = producer;
    view = producer->getOperand(0);
  }
  return std::nullopt;
}

/// The out-param seen as the allocation: the inverse of each reshape, from
/// the outermost to the innermost. Both ends have the identity layout, so
/// every inverse reshape is valid and yields the allocation's type.
Value viewAsAllocation(RewriterBase &rewriter, Value outParam,
                       ArrayRef<Operation *> reshapes) {
  Value view = outParam;
  for (Operation *reshape : llvm::reverse(reshapes)) {
    Location loc = reshape->getLoc();
    if (auto collapse = dyn_cast<memref::CollapseShapeOp>(reshape))
      view = memref::ExpandShapeOp::create(rewriter, loc,
                                           collapse.getSrcType(), view,
                                           collapse.getReassociationIndices());
    else
      view = memref::CollapseShapeOp::create(
          rewriter, loc, view,
          cast<memref::ExpandShapeOp>(reshape).getReassociationIndices());
  }
  return view;
}

struct ElideResultCopiesPass
    : mlir::eie::impl::ElideResultCopiesBase<ElideResultCopiesPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal())
      return;
    Block &entry = func.getBody().front();
    SmallVector<std::pair<memref::CopyOp, ResultBuffer>> elided;
    for (Operation &op : entry) {
      auto copy = dyn_cast<memref::CopyOp>(&op);
      if (!copy)
        continue;
      // The out-param is written only by this copy (it is not read, and
      // nothing else writes it) when no other op uses it.
      auto outParam = dyn_cast<BlockArgument>(copy.getTarget());
      if (!outParam || outParam.getOwner() != &entry || !outParam.hasOneUse())
        continue;
      std::optional<ResultBuffer> buffer = findResultBuffer(copy, entry);
      if (!buffer)
        continue;
      MemRefType allocType = buffer->alloc.getType();
      auto outParamType = cast<MemRefType>(outParam.getType());
      if (!allocType.getLayout().isIdentity() ||
          !outParamType.getLayout().isIdentity() ||
          allocType.getMemorySpace() != outParamType.getMemorySpace())
        continue;
      elided.emplace_back(copy, std::move(*buffer));
    }
    IRRewriter rewriter(&getContext());
    for (auto &[copy, buffer] : elided) {
      rewriter.setInsertionPoint(buffer.alloc);
      Value view =
          viewAsAllocation(rewriter, copy.getTarget(), buffer.reshapes);
      rewriter.eraseOp(copy);
      for (Operation *reshape : llvm::reverse(buffer.reshapes))
        if (reshape->use_empty())
          rewriter.eraseOp(reshape);
      rewriter.replaceOp(buffer.alloc, view);
    }
  }
};

} // namespace
