//===- OptimizeBlocking.cpp - Attach optimal blockings to layers ----------===//

#include "eie/Analysis/Blocking/Optimizer.h"
#include "eie/Dialect/CNN/IR/CNNOps.h"
#include "eie/Dialect/CNN/Transforms/LayerBlocking.h"
#include "eie/Dialect/CNN/Transforms/Passes.h"

#include "mlir/IR/Builders.h"

namespace mlir::cnn {
#define GEN_PASS_DEF_CNNOPTIMIZEBLOCKING
#include "eie/Dialect/CNN/Transforms/Passes.h.inc"
} // namespace mlir::cnn

using namespace mlir;
using namespace mlir::cnn;
namespace blk = ::eie::blocking;

namespace {

struct CNNOptimizeBlockingPass
    : cnn::impl::CNNOptimizeBlockingBase<CNNOptimizeBlockingPass> {
  using Base::Base;

  LogicalResult initialize(MLIRContext *context) override {
    FailureOr<blk::Architecture> loaded =
        loadArchitectureForPass(context, getArgument(), arch);
    if (failed(loaded))
      return failure();
    architecture = std::move(*loaded);
    if (!(lastLevelShare > 0 && lastLevelShare <= 1))
      return emitError(UnknownLoc::get(context))
             << getArgument() << ": last-level-share must be in (0, 1], not "
             << lastLevelShare;
    // Not a register file: the level above DRAM when there is a cache.
    if (lastLevelShare < 1 && architecture.numLevels() >= 3) {
      blk::MemoryLevel &lastCache =
          architecture.levels[architecture.numLevels() - 2];
      lastCache.capacityWords = std::max<int64_t>(
          1, static_cast<int64_t>(static_cast<double>(*lastCache.capacityWords) *
                                  lastLevelShare));
    }
    options.objective = objective;
    options.maxCandidates = maxCandidates;
    if (maxWork)
      options.maxWork = maxWork;
    options.imperfect = imperfect;
    if (vectorISA == BlockingVectorISA::AVX512 ||
        vectorISA == BlockingVectorISA::AVX2)
      architecture.vector = *blk::vectorUnitOfISA(
          vectorISA == BlockingVectorISA::AVX512 ? "avx512" : "avx2");
    if (vectorISA != BlockingVectorISA::None && !architecture.vector)
      return emitError(UnknownLoc::get(context))
             << getArgument() << ": the architecture '" << architecture.name
             << "' has no vector registers for x86-vector-isa";
    return success();
  }

  /// The search options of one layer: the x86 code generator's constraints
  /// when asked for.
  FailureOr<blk::SearchOptions> getLayerOptions(LoopNestOpInterface op,
                                                const blk::Layer &layer) {
    blk::SearchOptions layerOptions = options;
    if (vectorISA == BlockingVectorISA::None)
      return layerOptions;
    int64_t lanes = architecture.vector->lanes;
    // An FC input ([N][C]) is one block; a conv's is blocked by the vector.
    int64_t channels = layer.bounds[blk::C], groups = 1;
    int64_t inputBlock = channels;
    if (auto conv = dyn_cast<Conv2DOp>(op.getOperation())) {
      groups = conv.getGroupCount();
      inputBlock = blk::x86InputChannelBlock(channels, lanes);
    }
    llvm::Expected<blk::TileConstraints> constraints =
        blk::x86Constraints(layer, architecture, inputBlock, groups);
    if (!constraints) {
      // The code generator cannot run this layer: the reference lowering
      // will, without a blocking.
      op->emitRemark("no blocking for the x86 code generator: ")
          << llvm::toString(constraints.takeError());
      return failure();
    }
    // A convolution's register tile is one row of output pixels: LLVM then
    // addresses its inputs as one pointer plus constant offsets, where
    // pixels of several rows or images each take a register of their own
    // (and spill them, with 28 accumulators). Its channels come in pairs of
    // vectors when K allows, so that each broadcast input feeds two FMAs:
    // half the loads per FMA (VGG-16's conv layers ran 10-20% faster).
    if (layer.bounds[blk::X] > 1) {
      constraints->unitAtLevel0[blk::N] = true;
      constraints->unitAtLevel0[blk::Y] = true;
      if (layer.bounds[blk::K] % (2 * lanes) == 0) {
        constraints->vectorLanes = 2 * lanes;
        constraints->maxAccumulators /= 2;
      }
    }
    layerOptions.constraints = *constraints;
    return layerOptions;
  }

  /// Level 1's innermost run of reduction loops as R, S, C: the same access
  /// counts in any order, C innermost for contiguous filter and input reads.
  static void orderLevel1Reduction(blk::Blocking &blocking) {
    if (blocking.numLevels() < 2)
      return;
    blk::LoopOrder &order = blocking.orders[1];
    auto isReduction = [](blk::Loop l) {
      return l == blk::C || l == blk::R || l == blk::S;
    };
    unsigned begin = blk::kNumLoops;
    while (begin > 0 && (isReduction(order[begin - 1]) ||
                         blocking.factors[1][order[begin - 1]] == 1))
      --begin;
    SmallVector<blk::Loop> rest, reductions;
    for (unsigned i = begin; i < blk::kNumLoops; ++i)
      (isReduction(order[i]) ? reductions : rest).push_back(order[i]);
    llvm::sort(reductions, [](blk::Loop a, blk::Loop b) {
      auto rank = [](blk::Loop l) {
        return l == blk::R ? 0 : l == blk::S ? 1 : 2;
      };
      return rank(a) < rank(b);
    });
    unsigned at = begin;
    for (blk::Loop l : rest)
      order[at++] = l;
    for (blk::Loop l : reductions)
      order[at++] = l;
  }

  void runOnOperation() override {
    MLIRContext *context = &getContext();
    Builder b(context);
    WalkResult result = getOperation().walk([&](LoopNestOpInterface op) {
      blk::Layer layer = getBlockingLayer(op);
      FailureOr<blk::SearchOptions> layerOptions = getLayerOptions(op, layer);
      if (failed(layerOptions))
        return WalkResult::advance();
      llvm::Expected<blk::SearchResult> found =
          blk::optimize(layer, architecture, *layerOptions);
      if (!found) {
        op->emitError("no blocking of layer '")
            << layer.name << "' on '" << architecture.name
            << "': " << llvm::toString(found.takeError());
        return WalkResult::interrupt();
      }
      if (vectorISA != BlockingVectorISA::None)
        orderLevel1Reduction(found->blocking);
      op.setBlockingAttr(
          getBlockingAttr(context, found->blocking, architecture,
                          blk::isImperfect(layer, found->blocking)));
      op->setAttr(
          "cnn.blocking_search",
          b.getDictionaryAttr({
              b.getNamedAttr("candidates",
                             b.getI64IntegerAttr(found->candidates)),
              b.getNamedAttr("optimal", b.getBoolAttr(found->optimal)),
              b.getNamedAttr("seconds", b.getF64FloatAttr(found->seconds)),
          }));
      return WalkResult::advance();
    });
    if (result.wasInterrupted())
      signalPassFailure();
  }

  blk::Architecture architecture;
  blk::SearchOptions options;
};

} // namespace
