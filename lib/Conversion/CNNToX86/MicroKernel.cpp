//===- MicroKernel.cpp - The register-tile code of a blocked layer --------===//
//
// The innermost code of a blocked conv or FC layer, generated in the vector
// dialect: per input element one scalar load broadcast to a vector and one
// FMA per filter vector of the register tile, the shape of oneDNN's and
// BLIS's micro-kernels (LLVM folds the broadcast into the FMA's memory
// operand, `vfmadd231ps zmm, zmm, [mem]{1to16}`).
//
//===----------------------------------------------------------------------===//

#include "MicroKernel.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mlir::eie;
using namespace mlir::eie::x86;

namespace {

class KernelEmitter {
public:
  KernelEmitter(RewriterBase &rewriter, linalg::GenericOp tile,
                const MicroKernelSpec &spec)
      : b(rewriter), loc(tile.getLoc()), spec(spec),
        input(tile.getDpsInputs()[0]), filter(tile.getDpsInputs()[1]),
        bias(tile.getDpsInputs()[2]) {
    vectorType = VectorType::get({spec.layer.lanes}, b.getF32Type());
  }

  LogicalResult emit(linalg::GenericOp tile) {
    for (const KernelLoop &loop : spec.loops)
      if (loop.extent % loop.step != 0)
        return tile.emitOpError("level-")
               << loop.level << " tile of " << loop.extent << " along "
               << dimName(loop.dim) << " is not a multiple of " << loop.step;
    const SmallVector<KernelLoop> &loops = spec.loops;
    // The accumulators live across the innermost run of reduction loops.
    accumulatorLoops = loops.size();
    while (accumulatorLoops > 0 &&
           isReductionDim(loops[accumulatorLoops - 1].dim))
      --accumulatorLoops;

    b.setInsertionPoint(tile);
    zero = index(0);
    padding = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0));
    ivs.fill(zero);
    Value result = emitLoops(0, tile.getDpsInits()[0]);
    b.replaceOp(tile, result);
    return success();
  }

private:
  Value index(int64_t value) {
    return arith::ConstantIndexOp::create(b, loc, value);
  }
  Value add(Value lhs, int64_t rhs) {
    return rhs == 0
               ? lhs
               : arith::AddIOp::create(b, loc, lhs, index(rhs)).getResult();
  }
  Value mulAdd(Value lhs, int64_t factor, Value rhs) {
    Value scaled =
        factor == 1
            ? lhs
            : arith::MulIOp::create(b, loc, lhs, index(factor)).getResult();
    return arith::AddIOp::create(b, loc, scaled, rhs);
  }
  Value both(Value lhs, Value rhs) {
    return lhs ? arith::AndIOp::create(b, loc, lhs, rhs).getResult() : rhs;
  }

  /// Level-1 loops outside the accumulators, each carrying the output tile.
  Value emitLoops(unsigned i, Value out) {
    if (i == accumulatorLoops)
      return emitRegisterTile(out);
    const KernelLoop &loop = spec.loops[i];
    Value base = ivs[loop.dim];
    Value upper = add(base, loop.extent), step = index(loop.step);
    auto forOp = scf::ForOp::create(
        b, loc, base, upper, step, ValueRange{out},
        [&](OpBuilder &, Location, Value iv, ValueRange args) {
          ivs[loop.dim] = iv;
          if (isReductionDim(loop.dim))
            outerReductions.push_back({iv, base, upper, step});
          Value inner = emitLoops(i + 1, args[0]);
          if (isReductionDim(loop.dim))
            outerReductions.pop_back();
          scf::YieldOp::create(b, loc, inner);
        });
    ivs[loop.dim] = base;
    annotate(forOp, loop);
    return forOp.getResult(0);
  }

  void annotate(scf::ForOp forOp, const KernelLoop &loop) {
    forOp->setAttr(kTileAttrName,
                   getTileAnnotation(b, loop.level, loop.memory, loop.dim));
  }

  /// Whether every reduction loop outside the accumulators is at its first
  /// (`last` false) or last iteration; null when there is none.
  Value reductionBoundary(bool last) {
    Value cond;
    auto test = [&](Value iv, Value lower, Value upper, Value step) {
      Value at = last ? arith::CmpIOp::create(
                            b, loc, arith::CmpIPredicate::sge,
                            arith::AddIOp::create(b, loc, iv, step), upper)
                            .getResult()
                      : arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                                              iv, lower)
                            .getResult();
      cond = both(cond, at);
    };
    for (scf::ForOp loop : spec.outerReductionLoops)
      test(loop.getInductionVar(), loop.getLowerBound(), loop.getUpperBound(),
           loop.getStep());
    for (const LoopBounds &loop : outerReductions)
      test(loop.iv, loop.lower, loop.upper, loop.step);
    return cond;
  }

  int64_t numPixels() const { return spec.n0 * spec.y0 * spec.x0; }

  /// Indices of output vector `j` of pixel `pixel` of the register tile.
  SmallVector<Value> outputIndices(int64_t pixel, int64_t j) {
    int64_t n = pixel / (spec.y0 * spec.x0);
    int64_t y = pixel / spec.x0 % spec.y0, x = pixel % spec.x0;
    SmallVector<Value> indices = {add(ivs[DimN], n),  ivs[DimG],
                                  add(ivs[DimKb], j), add(ivs[DimP], y),
                                  add(ivs[DimQ], x),  zero};
    // One group: the output has no group dim.
    if (spec.layer.groups == 1)
      indices.erase(indices.begin() + 1);
    return indices;
  }

  SmallVector<Value> readAccumulators(Value out) {
    SmallVector<Value> accs;
    for (int64_t pixel = 0; pixel < numPixels(); ++pixel)
      for (int64_t j = 0; j < spec.kVectors; ++j)
        accs.push_back(vector::TransferReadOp::create(
            b, loc, vectorType, out, outputIndices(pixel, j), padding,
            ArrayRef<bool>{true}));
    return accs;
  }

  SmallVector<Value> biasAccumulators() {
    SmallVector<Value> biasVectors;
    for (int64_t j = 0; j < spec.kVectors; ++j)
      biasVectors.push_back(vector::TransferReadOp::create(
          b, loc, vectorType, bias,
          ValueRange{ivs[DimG], add(ivs[DimKb], j), zero}, padding,
          ArrayRef<bool>{true}));
    SmallVector<Value> accs;
    for (int64_t pixel = 0; pixel < numPixels(); ++pixel)
      llvm::append_range(accs, biasVectors);
    return accs;
  }

  Value emitRegisterTile(Value out) {
    SmallVector<Type> accTypes(numPixels() * spec.kVectors, vectorType);
    SmallVector<Value> accs;
    if (Value first = reductionBoundary(/*last=*/false)) {
      auto init = scf::IfOp::create(
          b, loc, first,
          [&](OpBuilder &, Location) {
            scf::YieldOp::create(b, loc, biasAccumulators());
          },
          [&](OpBuilder &, Location) {
            scf::YieldOp::create(b, loc, readAccumulators(out));
          });
      accs = init.getResults();
    } else {
      accs = biasAccumulators();
    }
    accs = emitReduction(accumulatorLoops, accs);

    if (spec.relu) {
      Value zeros = arith::ConstantOp::create(
          b, loc, DenseElementsAttr::get(vectorType, b.getF32FloatAttr(0)));
      Value last = reductionBoundary(/*last=*/true);
      for (Value &acc : accs) {
        Value relu = arith::MaximumFOp::create(b, loc, acc, zeros);
        acc = last
                  ? arith::SelectOp::create(b, loc, last, relu, acc).getResult()
                  : relu;
      }
    }
    for (int64_t pixel = 0; pixel < numPixels(); ++pixel)
      for (int64_t j = 0; j < spec.kVectors; ++j)
        out = vector::TransferWriteOp::create(
                  b, loc, accs[pixel * spec.kVectors + j], out,
                  outputIndices(pixel, j), ArrayRef<bool>{true})
                  .getResult();
    return out;
  }

  /// Whether the loop walks every filter row of a register tile of one row
  /// of pixels, whose out-of-border rows it then skips.
  bool skipsBorderRows(const KernelLoop &loop) const {
    return loop.dim == DimR && spec.inputRows > 0 && spec.y0 == 1 &&
           loop.step == 1 && loop.extent == spec.layer.kernelHeight;
  }

  /// The filter rows r whose input row (y * sy + r, y the tile's output row
  /// in the whole output) holds data rather than the zero border (the
  /// others' products are zero: 5% of the MACs of a 3x3 layer on 13x13
  /// pixels). As [lower, upper).
  std::pair<Value, Value> dataRows() {
    Value row = ivs[DimP];
    for (Value offset : spec.outerRowOffsets)
      row = arith::AddIOp::create(b, loc, row, offset);
    Value first = arith::MulIOp::create(b, loc, row,
                                        index(spec.layer.strideY));
    Value lower = arith::MaxSIOp::create(
        b, loc, zero,
        arith::SubIOp::create(b, loc, index(spec.padTop), first));
    Value upper = arith::MinSIOp::create(
        b, loc, index(spec.layer.kernelHeight),
        arith::SubIOp::create(b, loc,
                              index(spec.padTop + spec.inputRows), first));
    return {lower, upper};
  }

  /// The reduction loops inside the accumulators, carrying them.
  SmallVector<Value> emitReduction(unsigned i, ValueRange accs) {
    if (i == spec.loops.size())
      return emitFMAs(accs);
    const KernelLoop &loop = spec.loops[i];
    Value base = ivs[loop.dim];
    Value lower = base, upper = add(base, loop.extent);
    if (skipsBorderRows(loop))
      std::tie(lower, upper) = dataRows();
    auto forOp = scf::ForOp::create(
        b, loc, lower, upper, index(loop.step), accs,
        [&](OpBuilder &, Location, Value iv, ValueRange args) {
          ivs[loop.dim] = iv;
          scf::YieldOp::create(b, loc, emitReduction(i + 1, args));
        });
    ivs[loop.dim] = base;
    annotate(forOp, loop);
    return forOp.getResults();
  }

  /// One reduction step: the filter vectors of (cb, c, r, s), then per pixel
  /// a broadcast input and an FMA per filter vector.
  SmallVector<Value> emitFMAs(ValueRange accsIn) {
    SmallVector<Value> accs(accsIn);
    SmallVector<Value> weights;
    for (int64_t j = 0; j < spec.kVectors; ++j)
      weights.push_back(vector::TransferReadOp::create(
          b, loc, vectorType, filter,
          ValueRange{ivs[DimG], add(ivs[DimKb], j), ivs[DimCb], ivs[DimR],
                     ivs[DimS], ivs[DimC], zero},
          padding, ArrayRef<bool>{true}));
    const BlockedLayer &layer = spec.layer;
    for (int64_t pixel = 0; pixel < numPixels(); ++pixel) {
      int64_t n = pixel / (spec.y0 * spec.x0);
      int64_t y = pixel / spec.x0 % spec.y0, x = pixel % spec.x0;
      Value row = mulAdd(add(ivs[DimP], y), layer.strideY, ivs[DimR]);
      Value col = mulAdd(add(ivs[DimQ], x), layer.strideX, ivs[DimS]);
      Value element = tensor::ExtractOp::create(
          b, loc, input,
          ValueRange{add(ivs[DimN], n), ivs[DimG], ivs[DimCb], row, col,
                     ivs[DimC]});
      Value broadcast =
          vector::BroadcastOp::create(b, loc, vectorType, element);
      for (int64_t j = 0; j < spec.kVectors; ++j) {
        Value &acc = accs[pixel * spec.kVectors + j];
        acc = vector::FMAOp::create(b, loc, broadcast, weights[j], acc);
      }
    }
    return accs;
  }

  RewriterBase &b;
  Location loc;
  const MicroKernelSpec &spec;
  Value input, filter, bias;
  VectorType vectorType;
  unsigned accumulatorLoops = 0;
  /// The reduction loops around the register tile being emitted.
  struct LoopBounds {
    Value iv, lower, upper, step;
  };
  SmallVector<LoopBounds> outerReductions;
  Value zero;
  /// The (never used) padding value of the in-bounds transfer reads.
  Value padding;
  /// The current index of each dim within the tile (0 outside its loop).
  std::array<Value, kNumDims> ivs;
};

} // namespace

LogicalResult mlir::eie::x86::emitMicroKernel(RewriterBase &rewriter,
                                              linalg::GenericOp tile,
                                              const MicroKernelSpec &spec) {
  return KernelEmitter(rewriter, tile, spec).emit(tile);
}
