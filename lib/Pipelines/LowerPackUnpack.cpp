//===- LowerPackUnpack.cpp - linalg.pack/unpack to upstream copies --------===//

#include "eie/Pipelines/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::eie {
#define GEN_PASS_DEF_LOWERPACKUNPACK
#include "eie/Pipelines/Passes.h.inc"
} // namespace mlir::eie

using namespace mlir;

namespace {

/// Side of the square blocks a relayout transpose is tiled into: 16 fp32
/// are one cache line.
constexpr int64_t kTransposeBlock = 16;

/// Tiles `transpose` into blocks that take kTransposeBlock elements along the
/// dim innermost in its input and the dim innermost in its output, one
/// element along the others: each block reads and writes whole cache lines,
/// where the untiled loops walk one side with a stride of a whole plane.
LogicalResult tileIntoBlocks(RewriterBase &rewriter,
                             linalg::TransposeOp transpose) {
  ArrayRef<int64_t> permutation = transpose.getPermutation();
  int64_t rank = permutation.size();
  ArrayRef<int64_t> shape = transpose.getInit().getType().getShape();
  SmallVector<OpFoldResult> sizes;
  for (int64_t dim = 0; dim < rank; ++dim) {
    bool innermost = dim == rank - 1 || permutation[dim] == rank - 1;
    int64_t size = innermost ? std::min(kTransposeBlock, shape[dim]) : 1;
    sizes.push_back(rewriter.getIndexAttr(size == shape[dim] ? 0 : size));
  }
  scf::SCFTilingOptions options;
  options.setTileSizes(sizes);
  rewriter.setInsertionPoint(transpose);
  FailureOr<scf::SCFTilingResult> tiled = scf::tileUsingSCF(
      rewriter, cast<TilingInterface>(transpose.getOperation()), options);
  if (failed(tiled))
    return failure();
  rewriter.replaceOp(transpose, tiled->replacements);
  return success();
}

/// lowerUnPack ends with a linalg.copy of its result into the unpack's
/// destination. When that destination is a tensor.empty, the copy is a whole
/// extra pass over the tensor (at a network's output, a copy of the result
/// that --eie-elide-result-copies cannot see through): use the result itself.
void dropCopyIntoEmpty(RewriterBase &rewriter, tensor::ExtractSliceOp slice) {
  if (!slice || !slice->hasOneUse())
    return;
  auto copy = dyn_cast<linalg::CopyOp>(*slice->user_begin());
  if (!copy || !copy.hasPureTensorSemantics() ||
      !copy.getOutputs()[0].getDefiningOp<tensor::EmptyOp>() ||
      copy->getResult(0).getType() != slice.getType())
    return;
  rewriter.replaceOp(copy, slice.getResult());
}

struct LowerPackUnpackPass
    : mlir::eie::impl::LowerPackUnpackBase<LowerPackUnpackPass> {
  void runOnOperation() override {
    SmallVector<Operation *> relayouts;
    getOperation().walk([&](Operation *op) {
      if (isa<linalg::PackOp, linalg::UnPackOp>(op))
        relayouts.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (Operation *op : relayouts) {
      rewriter.setInsertionPoint(op);
      linalg::TransposeOp transpose;
      if (auto pack = dyn_cast<linalg::PackOp>(op)) {
        FailureOr<linalg::LowerPackResult> lowered =
            linalg::lowerPack(rewriter, pack);
        if (succeeded(lowered))
          transpose = lowered->transposeOp;
      } else {
        FailureOr<linalg::LowerUnPackOpResult> lowered =
            linalg::lowerUnPack(rewriter, cast<linalg::UnPackOp>(op));
        if (succeeded(lowered)) {
          transpose = lowered->transposeOp;
          dropCopyIntoEmpty(rewriter, lowered->extractSliceOp);
        }
      }
      if (!transpose || failed(tileIntoBlocks(rewriter, transpose))) {
        op->emitOpError("could not be lowered");
        return signalPassFailure();
      }
    }
  }
};

} // namespace
