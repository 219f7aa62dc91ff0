//===- ApplyBlocking.cpp - The blocking of a layer as x86 code ------------===//
//
// --cnn-apply-blocking: a cnn.conv2d or cnn.fc with a #cnn.blocking becomes a
// blocked linalg.generic on packed operands, tiled level by level with
// scf::tileUsingSCF in the blocking's loop orders, with a generated vector
// micro-kernel for the tile of level 1 (MicroKernel.cpp).
//
//===----------------------------------------------------------------------===//

#include "BlockedLayer.h"
#include "MicroKernel.h"

#include "eie/Analysis/Blocking/TileConstraints.h"
#include "eie/Conversion/Passes.h"
#include "eie/Dialect/CNN/IR/CNNOps.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Affine/ViewLikeInterfaceUtils.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/IR/TensorTilingInterfaceImpl.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/Transforms/LoopInvariantCodeMotionUtils.h"

#include "llvm/Support/Threading.h"

namespace mlir::eie {
#define GEN_PASS_DEF_CNNAPPLYBLOCKING
#include "eie/Conversion/Passes.h.inc"
} // namespace mlir::eie

using namespace mlir;
using namespace mlir::eie;
using namespace mlir::eie::x86;
using cnn::LoopDim;

namespace {

constexpr unsigned loopIndex(LoopDim loop) {
  return static_cast<unsigned>(loop);
}

//===----------------------------------------------------------------------===//
// The layer and its blocking
//===----------------------------------------------------------------------===//

/// The layer's geometry, or an error at the op when the blocked code cannot
/// implement it.
FailureOr<BlockedLayer> getBlockedLayer(Operation *op, cnn::BlockingAttr attr,
                                        const X86VectorShape &shape) {
  BlockedLayer layer;
  layer.lanes = shape.lanes;
  if (auto conv = dyn_cast<cnn::Conv2DOp>(op)) {
    ArrayRef<int64_t> filter = conv.getFilter().getType().getShape();
    ArrayRef<int64_t> out = conv.getInit().getType().getShape();
    layer.batch = out[0];
    layer.groups = conv.getGroupCount();
    layer.outChannels = out[1];
    layer.inChannelsPerGroup = filter[1];
    layer.outHeight = out[2];
    layer.outWidth = out[3];
    layer.kernelHeight = filter[2];
    layer.kernelWidth = filter[3];
    SmallVector<int64_t, 2> strides = conv.getStrideValues();
    layer.strideY = strides[0];
    layer.strideX = strides[1];
    layer.inBlock = ::eie::blocking::x86InputChannelBlock(
        layer.inChannelsPerGroup, shape.lanes);
  } else {
    auto fc = cast<cnn::FCOp>(op);
    ArrayRef<int64_t> weight = fc.getWeight().getType().getShape();
    layer.batch = fc.getInput().getType().getDimSize(0);
    layer.outChannels = weight[0];
    layer.inChannelsPerGroup = weight[1];
    // An FC input is one block: [N][C] is already the blocked layout.
    layer.inBlock = weight[1];
  }
  int64_t totalK = attr.getTotalFactor(LoopDim::K);
  if (totalK != layer.outChannels && layer.groups != 1)
    return op->emitError("an imperfect blocking along K needs one group");
  layer.outChannelsPerGroup = totalK / layer.groups;
  for (LoopDim loop : {LoopDim::N, LoopDim::C, LoopDim::Y, LoopDim::X,
                       LoopDim::R, LoopDim::S}) {
    int64_t bound =
        cast<cnn::LoopNestOpInterface>(op).getLoopBounds()[loopIndex(loop)];
    if (attr.getTotalFactor(loop) != bound)
      return op->emitError("the x86 code generator implements imperfect "
                           "blockings only along K; along ")
             << cnn::stringifyLoopDim(loop) << " the factors multiply to "
             << attr.getTotalFactor(loop) << ", the bound is " << bound;
  }
  return layer;
}

/// Tiles of every level (products of the factors of the levels at or below
/// it), after checking what the generated code needs of them.
FailureOr<SmallVector<ModelTile>> getModelTiles(Operation *op,
                                                cnn::BlockingAttr attr,
                                                const BlockedLayer &layer,
                                                int64_t maxAccumulators) {
  // The attribute has at least two levels (its verifier): the register tile
  // and one memory level.
  ArrayRef<cnn::BlockingLevelAttr> levels = attr.getLevels();
  SmallVector<ModelTile> tiles;
  ModelTile tile;
  tile.fill(1);
  for (cnn::BlockingLevelAttr level : levels) {
    for (unsigned l = 0; l < cnn::kNumLoopDims; ++l)
      tile[l] *= level.getFactors()[l];
    tiles.push_back(tile);
  }
  const ModelTile &reg = tiles.front();
  for (LoopDim loop : {LoopDim::C, LoopDim::R, LoopDim::S})
    if (reg[loopIndex(loop)] != 1)
      return op->emitError("the register tile (level 0) must have factor 1 "
                           "along C, R and S; along ")
             << cnn::stringifyLoopDim(loop) << " it is "
             << reg[loopIndex(loop)];
  int64_t k0 = reg[loopIndex(LoopDim::K)];
  if (k0 % layer.lanes != 0)
    return op->emitError("the register tile's K factor ")
           << k0 << " is not a multiple of the vector width " << layer.lanes;
  int64_t accumulators = reg[loopIndex(LoopDim::N)] *
                         reg[loopIndex(LoopDim::Y)] *
                         reg[loopIndex(LoopDim::X)] * (k0 / layer.lanes);
  if (accumulators > maxAccumulators)
    return op->emitError("the register tile needs ")
           << accumulators << " vector accumulators, more than the "
           << maxAccumulators << " the target's register file holds";
  auto aligned = [](int64_t size, int64_t block) {
    return size % block == 0 || block % size == 0;
  };
  for (auto [i, t] : llvm::enumerate(tiles)) {
    int64_t c = t[loopIndex(LoopDim::C)], k = t[loopIndex(LoopDim::K)];
    if (!aligned(c, layer.inBlock))
      return op->emitError("level ")
             << i << "'s C tile " << c
             << " neither divides nor is a multiple of the input channel "
                "block "
             << layer.inBlock;
    if (!aligned(k, layer.outChannelsPerGroup))
      return op->emitError("level ")
             << i << "'s K tile " << k
             << " neither divides nor is a multiple of the "
             << layer.outChannelsPerGroup << " output channels per group";
  }
  return tiles;
}

//===----------------------------------------------------------------------===//
// Blocked operands
//===----------------------------------------------------------------------===//

Value expandDim(OpBuilder &b, Location loc, Value value, int64_t dim,
                ArrayRef<int64_t> sizes) {
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<int64_t> shape;
  SmallVector<ReassociationIndices> reassociation;
  for (int64_t d = 0; d < type.getRank(); ++d) {
    ReassociationIndices group;
    if (d == dim) {
      for (int64_t size : sizes) {
        group.push_back(shape.size());
        shape.push_back(size);
      }
    } else {
      group.push_back(shape.size());
      shape.push_back(type.getDimSize(d));
    }
    reassociation.push_back(group);
  }
  return tensor::ExpandShapeOp::create(
      b, loc, RankedTensorType::get(shape, type.getElementType()), value,
      reassociation);
}

Value zeroPad(OpBuilder &b, Location loc, Value value, ArrayRef<int64_t> low,
              ArrayRef<int64_t> high) {
  if (llvm::all_of(low, [](int64_t v) { return v == 0; }) &&
      llvm::all_of(high, [](int64_t v) { return v == 0; }))
    return value;
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<int64_t> shape(type.getShape());
  for (unsigned d = 0; d < shape.size(); ++d)
    shape[d] += low[d] + high[d];
  Value zero = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0));
  return tensor::PadOp::create(
      b, loc, RankedTensorType::get(shape, type.getElementType()), value,
      getAsIndexOpFoldResult(b.getContext(), low),
      getAsIndexOpFoldResult(b.getContext(), high), zero);
}

/// The fp32 data of a constant, if `value` is one: the constant's own
/// storage, or `storage` filled for a splat or a non-raw attribute.
std::optional<ArrayRef<float>> getConstantData(Value value,
                                               std::vector<float> &storage) {
  Attribute attr;
  if (!matchPattern(value, m_Constant(&attr)))
    return std::nullopt;
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(attr)) {
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob)
      return std::nullopt;
    ArrayRef<char> bytes = blob->getData();
    return ArrayRef<float>(reinterpret_cast<const float *>(bytes.data()),
                           resource.getNumElements());
  }
  auto dense = dyn_cast<DenseFPElementsAttr>(attr);
  if (!dense)
    return std::nullopt;
  if (dense.isSplat()) {
    storage.assign(dense.getNumElements(), dense.getSplatValue<float>());
    return ArrayRef<float>(storage);
  }
  auto values = dense.getValues<float>();
  storage.assign(values.begin(), values.end());
  return ArrayRef<float>(storage);
}

/// The filter as w[g][kb][cb][r][s][c][k] (shape `packedShape`) from
/// [K][C/groups][R][S], zero where k is padding.
Value packFilter(OpBuilder &b, Location loc, Value filter,
                 const BlockedLayer &layer) {
  DimVector e = layer.extents();
  SmallVector<int64_t> packedShape = {e[DimG], e[DimKb], e[DimCb], e[DimR],
                                      e[DimS], e[DimC],  e[DimK]};
  auto packedType = RankedTensorType::get(packedShape, b.getF32Type());
  int64_t cPerGroup = layer.inChannelsPerGroup;
  int64_t rs = layer.kernelHeight * layer.kernelWidth;
  std::vector<float> storage;
  if (std::optional<ArrayRef<float>> data = getConstantData(filter, storage)) {
    // Packed once, at compile time, reading the source in order, into the
    // new constant's blob.
    AsmResourceBlob blob = HeapAsmResourceBlob::allocate(
        packedType.getNumElements() * sizeof(float), alignof(float));
    MutableArrayRef<char> bytes = blob.getMutableData();
    std::fill(bytes.begin(), bytes.end(), 0);
    auto *packed = reinterpret_cast<float *>(bytes.data());
    int64_t inBlock = e[DimC], lanes = e[DimK];
    const float *source = data->data();
    for (int64_t outChannel = 0; outChannel < layer.outChannels; ++outChannel) {
      int64_t g = outChannel / layer.outChannelsPerGroup;
      int64_t kb = outChannel % layer.outChannelsPerGroup / lanes;
      int64_t k = outChannel % lanes;
      for (int64_t channel = 0; channel < cPerGroup; ++channel) {
        int64_t cb = channel / inBlock, c = channel % inBlock;
        for (int64_t tap = 0; tap < rs; ++tap)
          packed[((((g * e[DimKb] + kb) * e[DimCb] + cb) * rs + tap) * inBlock +
                  c) *
                     lanes +
                 k] = *source++;
      }
    }
    return arith::ConstantOp::create(
        b, loc,
        DenseResourceElementsAttr::get(packedType, "packed_filter",
                                       std::move(blob)));
  }
  // A filter computed at run time: pad K, split K and C into blocks, then
  // transpose [g][kb][k][cb][c][r][s] to [g][kb][cb][r][s][c][k].
  auto type = cast<RankedTensorType>(filter.getType());
  if (type.getRank() == 2)
    filter = expandDim(b, loc, filter, 1, {layer.inChannelsPerGroup, 1, 1});
  int64_t paddedK = layer.groups * layer.outChannelsPerGroup;
  filter = zeroPad(b, loc, filter, {0, 0, 0, 0},
                   {paddedK - layer.outChannels, 0, 0, 0});
  Value split = expandDim(b, loc, filter, 1, {e[DimCb], e[DimC]});
  split = expandDim(b, loc, split, 0, {e[DimG], e[DimKb], e[DimK]});
  Value init = tensor::EmptyOp::create(b, loc, packedShape, b.getF32Type());
  return linalg::TransposeOp::create(b, loc, split, init,
                                     ArrayRef<int64_t>{0, 1, 3, 5, 6, 4, 2})
      ->getResult(0);
}

/// The bias as [g][kb][k], zeros without one.
Value packBias(OpBuilder &b, Location loc, Value bias,
               const BlockedLayer &layer) {
  DimVector e = layer.extents();
  auto type =
      RankedTensorType::get({e[DimG], e[DimKb], e[DimK]}, b.getF32Type());
  if (!bias)
    return arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(type, b.getF32FloatAttr(0)));
  int64_t paddedK = layer.groups * layer.outChannelsPerGroup;
  Value padded = zeroPad(b, loc, bias, {0}, {paddedK - layer.outChannels});
  return expandDim(b, loc, padded, 0, {e[DimG], e[DimKb], e[DimK]});
}

/// The input as in[n][g][cb][h][w][c], spatially padded (by a tensor.pad).
Value packInput(OpBuilder &b, Location loc, cnn::Conv2DOp conv, Value input,
                const BlockedLayer &layer) {
  auto type = cast<RankedTensorType>(input.getType());
  ArrayRef<int64_t> shape = type.getShape();
  int64_t blocks = shape[1] / layer.inBlock;
  auto packedType = RankedTensorType::get(
      {shape[0], blocks, shape[2], shape[3], layer.inBlock},
      type.getElementType());
  Value init = tensor::EmptyOp::create(b, loc, packedType.getShape(),
                                       packedType.getElementType());
  Value packed = linalg::PackOp::create(
      b, loc, input, init, ArrayRef<int64_t>{1},
      OpFoldResult(b.getIndexAttr(layer.inBlock)),
      /*paddingValue=*/std::nullopt, ArrayRef<int64_t>{});
  SmallVector<int64_t, 4> pad = conv.getPaddingValues();
  // Rows and columns past the last window are never read: trim them.
  int64_t usedRows =
      (layer.outHeight - 1) * layer.strideY + layer.kernelHeight - pad[0];
  int64_t usedCols =
      (layer.outWidth - 1) * layer.strideX + layer.kernelWidth - pad[1];
  int64_t bottom = usedRows - shape[2], right = usedCols - shape[3];
  if (bottom < 0 || right < 0) {
    SmallVector<OpFoldResult> offsets(5, b.getIndexAttr(0));
    SmallVector<OpFoldResult> sizes = getAsIndexOpFoldResult(
        b.getContext(), {shape[0], blocks, std::min(usedRows, shape[2]),
                         std::min(usedCols, shape[3]), layer.inBlock});
    SmallVector<OpFoldResult> strides(5, b.getIndexAttr(1));
    packed =
        tensor::ExtractSliceOp::create(b, loc, packed, offsets, sizes, strides);
  }
  // The zero border as a tensor.pad, which the tiling below turns into one
  // padded tile per outermost tile: no padded copy of the whole input.
  Value split =
      expandDim(b, loc, packed, 1, {layer.groups, blocks / layer.groups});
  return zeroPad(b, loc, split, {0, 0, 0, pad[0], pad[1], 0},
                 {0, 0, 0, std::max<int64_t>(bottom, 0),
                  std::max<int64_t>(right, 0), 0});
}

/// The blocked generic: out = (first reduction step ? bias : out) + in * w.
linalg::GenericOp buildBlockedGeneric(OpBuilder &b, Location loc, Value input,
                                      Value filter, Value bias,
                                      const BlockedLayer &layer) {
  MLIRContext *ctx = b.getContext();
  SmallVector<AffineExpr> d(kNumDims);
  for (unsigned i = 0; i < kNumDims; ++i)
    d[i] = getAffineDimExpr(i, ctx);
  auto map = [&](ArrayRef<AffineExpr> exprs) {
    return AffineMap::get(kNumDims, 0, exprs, ctx);
  };
  SmallVector<AffineMap> maps = {
      map({d[DimN], d[DimG], d[DimCb], d[DimP] * layer.strideY + d[DimR],
           d[DimQ] * layer.strideX + d[DimS], d[DimC]}),
      map({d[DimG], d[DimKb], d[DimCb], d[DimR], d[DimS], d[DimC], d[DimK]}),
      map({d[DimG], d[DimKb], d[DimK]}),
      map(layer.groups == 1 ? ArrayRef<AffineExpr>{d[DimN], d[DimKb], d[DimP],
                                                   d[DimQ], d[DimK]}
                            : ArrayRef<AffineExpr>{d[DimN], d[DimG], d[DimKb],
                                                   d[DimP], d[DimQ], d[DimK]})};
  SmallVector<utils::IteratorType> iterators;
  for (unsigned i = 0; i < kNumDims; ++i)
    iterators.push_back(isReductionDim(static_cast<Dim>(i))
                            ? utils::IteratorType::reduction
                            : utils::IteratorType::parallel);
  Value init =
      tensor::EmptyOp::create(b, loc, layer.outputShape(), b.getF32Type());
  auto contract = arith::FastMathFlags::contract;
  return linalg::GenericOp::create(
      b, loc, TypeRange{init.getType()}, ValueRange{input, filter, bias},
      ValueRange{init}, maps, iterators,
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        Value first;
        for (Dim dim : {DimCb, DimC, DimR, DimS}) {
          Value index = linalg::IndexOp::create(nb, nloc, dim);
          Value zero = arith::ConstantIndexOp::create(nb, nloc, 0);
          Value isZero = arith::CmpIOp::create(
              nb, nloc, arith::CmpIPredicate::eq, index, zero);
          first =
              first ? arith::AndIOp::create(nb, nloc, first, isZero).getResult()
                    : isZero;
        }
        Value acc = arith::SelectOp::create(nb, nloc, first, args[2], args[3]);
        Value product =
            arith::MulFOp::create(nb, nloc, args[0], args[1], contract);
        Value sum = arith::AddFOp::create(nb, nloc, acc, product, contract);
        linalg::YieldOp::create(nb, nloc, sum);
      });
}

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

/// One level of the blocking as loops over the tiles of the level below.
struct LevelTiling {
  unsigned level;
  /// The tile of the level below, per dim.
  DimVector sizes;
  /// The dims in the level's loop order (then k): tileUsingSCF's interchange.
  SmallVector<int64_t> interchange;
  /// The dims the level has loops over, in that order.
  SmallVector<Dim> tiledDims;
};

/// Which level's first loop becomes the scf.forall, if any (one thread, or
/// no level opens with a loop over output tiles): of the levels whose first
/// loop walks a dim the output depends on, the one whose tiles divide most
/// evenly among the threads (trips / (threads * ceil(trips / threads))), the
/// outermost of equals. Only a level's first loop, so that the forall can be
/// tiled before the level's other loops and the nest keeps the blocking's
/// order. `threads` 0 stands for the host's CPUs.
std::optional<size_t> chooseParallelTiling(const BlockedLayer &layer,
                                           ArrayRef<LevelTiling> tilings,
                                           unsigned threads) {
  int64_t threadCount =
      threads ? threads
              : std::max(1u, llvm::hardware_concurrency().compute_thread_count());
  if (threadCount == 1)
    return std::nullopt;
  std::optional<size_t> best;
  double bestBalance = 0;
  DimVector extents = layer.extents();
  for (auto [index, tiling] : llvm::enumerate(tilings)) {
    Dim dim = tiling.tiledDims.front();
    if (!isReductionDim(dim)) {
      int64_t trips = llvm::divideCeil(extents[dim], tiling.sizes[dim]);
      double balance = static_cast<double>(trips) /
                       (threadCount * llvm::divideCeil(trips, threadCount));
      if (balance > bestBalance) {
        best = index;
        bestBalance = balance;
      }
    }
    extents = tiling.sizes;
  }
  return best;
}

/// The relu to fuse: the only user of the layer's result.
cnn::ReluOp getFusableRelu(Operation *op) {
  Value result = op->getResult(0);
  if (!result.hasOneUse())
    return {};
  return dyn_cast<cnn::ReluOp>(*result.getUsers().begin());
}

struct CNNApplyBlockingPass
    : mlir::eie::impl::CNNApplyBlockingBase<CNNApplyBlockingPass> {
  using Base::Base;

  void runOnOperation() override {
    X86VectorShape shape = getX86VectorShape(target);
    if (maxAccumulators > 0)
      shape.maxAccumulators = maxAccumulators;
    SmallVector<Operation *> layers;
    getOperation().walk([&](cnn::LoopNestOpInterface op) {
      if (!op.getBlockingAttr())
        return;
      auto conv = dyn_cast<cnn::Conv2DOp>(op.getOperation());
      if (conv && llvm::any_of(conv.getDilationValues(),
                               [](int64_t d) { return d != 1; })) {
        op->emitRemark("dilated convolution left to the reference lowering");
        return;
      }
      layers.push_back(op);
    });
    for (Operation *op : layers)
      if (failed(lowerLayer(op, shape)))
        return signalPassFailure();
  }

  LogicalResult lowerLayer(Operation *op, const X86VectorShape &shape) {
    auto attr = cast<cnn::LoopNestOpInterface>(op).getBlockingAttr();
    FailureOr<BlockedLayer> layer = getBlockedLayer(op, attr, shape);
    if (failed(layer))
      return failure();
    FailureOr<SmallVector<ModelTile>> tiles =
        getModelTiles(op, attr, *layer, shape.maxAccumulators);
    if (failed(tiles))
      return failure();

    IRRewriter rewriter(op->getContext());
    rewriter.setInsertionPoint(op);
    Location loc = op->getLoc();
    Value input, filter, bias;
    // The input rows that hold data, in padded coordinates (an FC's one row
    // has no border).
    int64_t padTop = 0, inputRows = 1;
    if (auto conv = dyn_cast<cnn::Conv2DOp>(op)) {
      padTop = conv.getPaddingValues()[0];
      inputRows = conv.getInput().getType().getDimSize(2);
      input = packInput(rewriter, loc, conv, conv.getInput(), *layer);
      filter = packFilter(rewriter, loc, conv.getFilter(), *layer);
      bias = packBias(rewriter, loc, conv.getBias(), *layer);
    } else {
      auto fc = cast<cnn::FCOp>(op);
      input = expandDim(rewriter, loc, fc.getInput(), 1,
                        {1, 1, 1, 1, layer->inChannelsPerGroup});
      filter = packFilter(rewriter, loc, fc.getWeight(), *layer);
      bias = packBias(rewriter, loc, fc.getBias(), *layer);
    }
    linalg::GenericOp generic =
        buildBlockedGeneric(rewriter, loc, input, filter, bias, *layer);
    Value output =
        unpackOutput(rewriter, loc, generic.getResult(0), op, *layer);
    cnn::ReluOp relu = getFusableRelu(op);
    if (relu) {
      rewriter.replaceOp(relu, output);
      rewriter.eraseOp(op);
    } else {
      rewriter.replaceOp(op, output);
    }

    // The micro-kernel walks levels 1..m itself: up to the first level that
    // iterates a loop the output depends on, the register tile's
    // accumulators stay in registers (the model refills no output tile
    // while only reduction loops step). Levels L-1 .. m+1 become loops over
    // the tiles of the level below through tileUsingSCF.
    ArrayRef<cnn::BlockingLevelAttr> levels = attr.getLevels();
    unsigned kernelLevels = 1;
    auto iteratesOutput = [&](unsigned level) {
      return llvm::any_of(levels[level].getOrder(), [&](LoopDim loop) {
        return levels[level].getFactor(loop) > 1 &&
               !llvm::is_contained({LoopDim::C, LoopDim::R, LoopDim::S}, loop);
      });
    };
    while (kernelLevels + 1 < levels.size() && !iteratesOutput(kernelLevels))
      ++kernelLevels;
    // The levels that tile, outermost first.
    SmallVector<LevelTiling> tilings;
    DimVector extents = layer->extents();
    for (unsigned level = levels.size() - 1; level > kernelLevels; --level) {
      LevelTiling tiling{level, layer->dimTile((*tiles)[level - 1]), {}, {}};
      for (LoopDim loop : levels[level].getOrder())
        for (Dim dim : layer->dimsOf(loop))
          tiling.interchange.push_back(dim);
      tiling.interchange.push_back(DimK);
      for (int64_t dim : tiling.interchange)
        if (tiling.sizes[dim] != extents[dim])
          tiling.tiledDims.push_back(static_cast<Dim>(dim));
      extents = tiling.sizes;
      if (!tiling.tiledDims.empty())
        tilings.push_back(std::move(tiling));
    }
    std::optional<size_t> parallelTiling =
        chooseParallelTiling(*layer, tilings, threads);

    SmallVector<scf::ForOp> reductionLoops;
    SmallVector<Value> rowOffsets;
    linalg::GenericOp tile = generic;
    bool paddedPerTile = false;
    // The loops made so far, outermost first.
    SmallVector<LoopLikeOpInterface> outerLoops;
    extents = layer->extents();
    for (auto indexed : llvm::enumerate(tilings)) {
      // Named, not a structured binding: the lambdas below capture it.
      const size_t index = indexed.index();
      const auto &tiling = indexed.value();
      SmallVector<LoopLikeOpInterface> levelLoops;
      // Tiles `tile` with `options`; the loops made, outermost first.
      auto tileWith = [&](const scf::SCFTilingOptions &options)
          -> FailureOr<SmallVector<LoopLikeOpInterface>> {
        rewriter.setInsertionPoint(tile);
        FailureOr<scf::SCFTilingResult> tiled = scf::tileUsingSCF(
            rewriter, cast<TilingInterface>(tile.getOperation()), options);
        if (failed(tiled))
          return generic.emitOpError("tiling level ")
                 << tiling.level << " failed";
        rewriter.replaceOp(tile, tiled->replacements);
        tile = cast<linalg::GenericOp>(tiled->tiledOps.front());
        return tiled->loops;
      };
      auto annotate = [&](LoopLikeOpInterface loop, Dim dim) {
        loop->setAttr(kTileAttrName,
                      getTileAnnotation(rewriter, tiling.level,
                                        levels[tiling.level].getName(), dim));
        if (dim == DimP)
          rowOffsets.push_back(*loop.getSingleInductionVar());
        levelLoops.push_back(loop);
      };
      // The level's first loop as an scf.forall: tiled on its own, before
      // the level's other loops, which it encloses as it did.
      if (parallelTiling == index) {
        Dim dim = tiling.tiledDims.front();
        SmallVector<OpFoldResult> tileSizes(kNumDims, rewriter.getIndexAttr(0));
        tileSizes[dim] = rewriter.getIndexAttr(tiling.sizes[dim]);
        scf::SCFTilingOptions options;
        options.setTileSizes(tileSizes);
        options.setLoopType(scf::SCFTilingOptions::LoopType::ForallOp);
        FailureOr<SmallVector<LoopLikeOpInterface>> loops = tileWith(options);
        if (failed(loops))
          return failure();
        annotate(loops->front(), dim);
        extents[dim] = tiling.sizes[dim];
      }
      SmallVector<OpFoldResult> tileSizes;
      SmallVector<Dim> tiledDims;
      for (unsigned dim = 0; dim < kNumDims; ++dim)
        tileSizes.push_back(rewriter.getIndexAttr(
            tiling.sizes[dim] == extents[dim] ? 0 : tiling.sizes[dim]));
      for (int64_t dim : tiling.interchange)
        if (tiling.sizes[dim] != extents[dim])
          tiledDims.push_back(static_cast<Dim>(dim));
      if (!tiledDims.empty()) {
        scf::SCFTilingOptions options;
        options.setTileSizes(tileSizes);
        options.setInterchange(tiling.interchange);
        FailureOr<SmallVector<LoopLikeOpInterface>> loops = tileWith(options);
        if (failed(loops))
          return failure();
        for (auto [loop, dim] : llvm::zip(*loops, tiledDims)) {
          annotate(loop, dim);
          if (isReductionDim(dim))
            reductionLoops.push_back(cast<scf::ForOp>(loop.getOperation()));
        }
      }
      extents = tiling.sizes;
      llvm::append_range(outerLoops, levelLoops);
      // Padded per tile of the first level whose loops split the input: a
      // level that only walks output channel blocks keeps the whole input,
      // whose padded copy would be one more pass over memory.
      bool splitsInput = llvm::any_of(levelLoops, [&](LoopLikeOpInterface loop) {
        auto tag = loop->getAttrOfType<DictionaryAttr>(kTileAttrName);
        StringRef dim = cast<StringAttr>(tag.get("dim")).getValue();
        return dim != dimName(DimKb) && dim != dimName(DimK);
      });
      if (!paddedPerTile && splitsInput) {
        padPerTile(rewriter, tile, outerLoops, *layer);
        paddedPerTile = true;
      }
    }

    MicroKernelSpec spec;
    spec.layer = *layer;
    const ModelTile &reg = tiles->front();
    spec.n0 = reg[loopIndex(LoopDim::N)];
    spec.y0 = reg[loopIndex(LoopDim::Y)];
    spec.x0 = reg[loopIndex(LoopDim::X)];
    spec.kVectors = reg[loopIndex(LoopDim::K)] / layer->lanes;
    for (unsigned level = kernelLevels; level >= 1; --level) {
      DimVector extent = layer->dimTile((*tiles)[level]);
      DimVector step = layer->dimTile((*tiles)[level - 1]);
      for (LoopDim loop : levels[level].getOrder())
        for (Dim dim : layer->dimsOf(loop))
          if (extent[dim] > step[dim])
            spec.loops.push_back(
                {dim, extent[dim], step[dim], level, levels[level].getName()});
    }
    spec.outerReductionLoops = reductionLoops;
    spec.relu = static_cast<bool>(relu);
    // Without a border no filter row is skipped: the loop keeps its constant
    // bounds.
    if (padTop > 0 || (layer->outHeight - 1) * layer->strideY +
                              layer->kernelHeight >
                          padTop + inputRows) {
      spec.padTop = padTop;
      spec.inputRows = inputRows;
      spec.outerRowOffsets = rowOffsets;
    }
    return emitMicroKernel(rewriter, tile, spec);
  }

  /// The padded input of the outermost tile that splits the input, made
  /// from the unpadded input inside the tile loops (`loops`, outermost first)
  /// instead of slicing a padded copy of the whole input: the padded tile is
  /// a buffer that each tile reuses, which stays in cache, where a padded
  /// whole input is one more pass over memory. It is made in the innermost
  /// loop the input depends on, as often as the model brings the input tile
  /// in.
  static void padPerTile(RewriterBase &rewriter, linalg::GenericOp tile,
                         ArrayRef<LoopLikeOpInterface> loops,
                         const BlockedLayer &layer) {
    auto slice =
        tile.getDpsInputs().front().getDefiningOp<tensor::ExtractSliceOp>();
    if (!slice)
      return;
    // Below an scf.forall tiled on its own, or a level that did not split
    // the input, the tile is a slice of a slice: one slice of the padded
    // input instead.
    while (auto outer =
               slice.getSource().getDefiningOp<tensor::ExtractSliceOp>()) {
      SmallVector<OpFoldResult> offsets, sizes, strides;
      rewriter.setInsertionPoint(slice);
      if (failed(affine::mergeOffsetsSizesAndStrides(
              rewriter, slice.getLoc(), outer, slice,
              llvm::SmallBitVector(outer.getSourceType().getRank()), offsets,
              sizes, strides)))
        return;
      slice = rewriter.replaceOpWithNewOp<tensor::ExtractSliceOp>(
          slice, slice.getType(), outer.getSource(), offsets, sizes, strides);
    }
    auto pad = slice.getSource().getDefiningOp<tensor::PadOp>();
    if (!pad)
      return;
    // A tile entirely in the padding only arises when the padding is as wide
    // as the window; only then does the padded tile need a guard for it (an
    // scf.if, which would stay in the innermost loop).
    ArrayRef<int64_t> low = pad.getStaticLow(), high = pad.getStaticHigh();
    bool tileMayMissSource =
        low[3] >= layer.kernelHeight || high[3] >= layer.kernelHeight ||
        low[4] >= layer.kernelWidth || high[4] >= layer.kernelWidth;
    rewriter.setInsertionPoint(slice);
    FailureOr<TilingResult> padded =
        tensor::bubbleUpPadSlice(rewriter, pad, slice.getMixedOffsets(),
                                 slice.getMixedSizes(), tileMayMissSource);
    if (failed(padded))
      return;
    rewriter.replaceOp(slice, padded->tiledValues);
    // Out of the loops the input tile does not depend on (the output
    // channel blocks), innermost first.
    for (LoopLikeOpInterface loop : llvm::reverse(loops))
      moveLoopInvariantCode(loop);
  }

  /// The blocked result back in the layer's layout: NCHW (unpack) for a
  /// conv, [N][K] for an FC.
  static Value unpackOutput(OpBuilder &b, Location loc, Value blocked,
                            Operation *op, const BlockedLayer &layer) {
    auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
    DimVector e = layer.extents();
    if (isa<cnn::FCOp>(op)) {
      auto flatType = RankedTensorType::get(
          {e[DimN], layer.groups * layer.outChannelsPerGroup}, b.getF32Type());
      Value flat = tensor::CollapseShapeOp::create(
          b, loc, flatType, blocked,
          SmallVector<ReassociationIndices>{{0}, {1, 2, 3, 4}});
      if (flatType == resultType)
        return flat;
      return tensor::ExtractSliceOp::create(
          b, loc, resultType, flat,
          getAsIndexOpFoldResult(b.getContext(), {0, 0}),
          getAsIndexOpFoldResult(b.getContext(), resultType.getShape()),
          getAsIndexOpFoldResult(b.getContext(), {1, 1}));
    }
    Value merged = blocked;
    if (layer.groups != 1)
      merged = tensor::CollapseShapeOp::create(
          b, loc, blocked,
          SmallVector<ReassociationIndices>{{0}, {1, 2}, {3}, {4}, {5}});
    Value init = tensor::EmptyOp::create(b, loc, resultType.getShape(),
                                         resultType.getElementType());
    return linalg::UnPackOp::create(b, loc, merged, init, ArrayRef<int64_t>{1},
                                    OpFoldResult(b.getIndexAttr(layer.lanes)),
                                    ArrayRef<int64_t>{});
  }
};

} // namespace
