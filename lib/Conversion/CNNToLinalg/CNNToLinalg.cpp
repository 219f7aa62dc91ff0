//===- CNNToLinalg.cpp - Lower cnn ops to linalg on tensors ---------------===//
//
// The reference semantics of the cnn dialect, expressed with upstream ops on
// tensors. Named linalg ops are used where one exists (convolutions, pooling,
// broadcast), so that upstream tiling and vectorization apply to the result;
// the rest are linalg.generic ops.
//
//===----------------------------------------------------------------------===//

#include "eie/Conversion/Passes.h"
#include "eie/Dialect/CNN/IR/CNNOps.h"
#include "eie/Dialect/CNN/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

#include <limits>

namespace mlir::eie {
#define GEN_PASS_DEF_CONVERTCNNTOLINALG
#include "eie/Conversion/Passes.h.inc"
} // namespace mlir::eie

using namespace mlir;

namespace {

using utils::IteratorType;

//===----------------------------------------------------------------------===//
// Builders shared by the patterns
//===----------------------------------------------------------------------===//

Value floatConstant(OpBuilder &b, Location loc, Type type, double value) {
  return arith::ConstantOp::create(b, loc, b.getFloatAttr(type, value));
}

Value emptyTensor(OpBuilder &b, Location loc, RankedTensorType type) {
  return tensor::EmptyOp::create(b, loc, type.getShape(),
                                 type.getElementType());
}

Value filledTensor(OpBuilder &b, Location loc, RankedTensorType type,
                   double value) {
  Value fill = floatConstant(b, loc, type.getElementType(), value);
  return linalg::FillOp::create(b, loc, fill, emptyTensor(b, loc, type))
      ->getResult(0);
}

/// The destination of a layer's accumulation: the bias broadcast along every
/// dimension but `biasDim`, or zeros without a bias.
Value biasOrZero(OpBuilder &b, Location loc, RankedTensorType type, Value bias,
                 int64_t biasDim) {
  if (!bias)
    return filledTensor(b, loc, type, 0.0);
  SmallVector<int64_t> broadcastDims;
  for (int64_t d = 0; d < type.getRank(); ++d)
    if (d != biasDim)
      broadcastDims.push_back(d);
  return linalg::BroadcastOp::create(b, loc, bias, emptyTensor(b, loc, type),
                                     broadcastDims)
      ->getResult(0);
}

/// Pads dimensions `dims` of `input` by `(low[i], high[i])` with `value`.
Value padDims(OpBuilder &b, Location loc, Value input, ArrayRef<int64_t> dims,
              ArrayRef<int64_t> low, ArrayRef<int64_t> high, double value) {
  auto type = cast<RankedTensorType>(input.getType());
  SmallVector<int64_t> shape(type.getShape());
  SmallVector<OpFoldResult> lowPad(type.getRank(), b.getIndexAttr(0));
  SmallVector<OpFoldResult> highPad(type.getRank(), b.getIndexAttr(0));
  bool padded = false;
  for (auto [i, d] : llvm::enumerate(dims)) {
    shape[d] += low[i] + high[i];
    lowPad[d] = b.getIndexAttr(low[i]);
    highPad[d] = b.getIndexAttr(high[i]);
    padded |= low[i] != 0 || high[i] != 0;
  }
  if (!padded)
    return input;
  Value padValue = floatConstant(b, loc, type.getElementType(), value);
  return tensor::PadOp::create(
      b, loc, RankedTensorType::get(shape, type.getElementType()), input,
      lowPad, highPad, padValue);
}

/// Pads the spatial dimensions of an NCHW tensor by `[top, left, bottom,
/// right]`.
Value padSpatial(OpBuilder &b, Location loc, Value input,
                 ArrayRef<int64_t> padding, double value) {
  return padDims(b, loc, input, {2, 3}, {padding[0], padding[1]},
                 {padding[2], padding[3]}, value);
}

/// A linalg.generic with identity indexing maps on every operand.
Value elementwise(OpBuilder &b, Location loc, ValueRange inputs,
                  RankedTensorType type,
                  function_ref<Value(OpBuilder &, Location, ValueRange)> body) {
  unsigned rank = type.getRank();
  SmallVector<AffineMap> maps(inputs.size() + 1,
                              b.getMultiDimIdentityMap(rank));
  SmallVector<IteratorType> iterators(rank, IteratorType::parallel);
  return linalg::GenericOp::create(
             b, loc, TypeRange{type}, inputs,
             ValueRange{emptyTensor(b, loc, type)}, maps, iterators,
             [&](OpBuilder &nb, Location nloc, ValueRange args) {
               linalg::YieldOp::create(nb, nloc, body(nb, nloc, args));
             })
      ->getResult(0);
}

NamedAttribute i64VectorAttr(OpBuilder &b, StringRef name,
                             ArrayRef<int64_t> values) {
  return b.getNamedAttr(name, b.getI64TensorAttr(values));
}

//===----------------------------------------------------------------------===//
// Layers with a loop nest
//===----------------------------------------------------------------------===//

struct Conv2DLowering : OpConversionPattern<cnn::Conv2DOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(cnn::Conv2DOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType resultType = op.getResult().getType();
    Value input = padSpatial(rewriter, loc, adaptor.getInput(),
                             op.getPaddingValues(), 0.0);
    Value acc = biasOrZero(rewriter, loc, resultType, adaptor.getBias(), 1);
    NamedAttribute attrs[] = {
        i64VectorAttr(rewriter, "strides", op.getStrideValues()),
        i64VectorAttr(rewriter, "dilations", op.getDilationValues())};

    int64_t groups = op.getGroupCount();
    if (groups == 1) {
      auto conv = linalg::Conv2DNchwFchwOp::create(
          rewriter, loc, TypeRange{resultType},
          ValueRange{input, adaptor.getFilter()}, ValueRange{acc}, attrs);
      rewriter.replaceOp(op, conv->getResults());
      return success();
    }

    // Grouped: split the channel dimensions into (group, channel in group).
    auto expand = [&](Value value, int64_t dim) -> Value {
      auto type = cast<RankedTensorType>(value.getType());
      SmallVector<int64_t> shape(type.getShape());
      shape[dim] /= groups;
      shape.insert(shape.begin() + dim, groups);
      SmallVector<ReassociationIndices> reassociation;
      for (int64_t d = 0, e = type.getRank(); d < e; ++d) {
        if (d < dim)
          reassociation.push_back({d});
        else if (d == dim)
          reassociation.push_back({d, d + 1});
        else
          reassociation.push_back({d + 1});
      }
      return tensor::ExpandShapeOp::create(
          rewriter, loc, RankedTensorType::get(shape, type.getElementType()),
          value, reassociation);
    };
    Value groupedInput = expand(input, 1);
    Value groupedFilter = expand(adaptor.getFilter(), 0);
    Value groupedAcc = expand(acc, 1);
    auto conv = linalg::Conv2DNgchwGfchwOp::create(
        rewriter, loc, TypeRange{groupedAcc.getType()},
        ValueRange{groupedInput, groupedFilter}, ValueRange{groupedAcc}, attrs);
    SmallVector<ReassociationIndices> collapse = {{0}, {1, 2}, {3}, {4}};
    rewriter.replaceOpWithNewOp<tensor::CollapseShapeOp>(
        op, resultType, conv->getResult(0), collapse);
    return success();
  }
};

struct FCLowering : OpConversionPattern<cnn::FCOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(cnn::FCOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType resultType = op.getResult().getType();
    Value acc = biasOrZero(rewriter, loc, resultType, adaptor.getBias(), 1);
    // Loops (n, k, c): result[n][k] += weight[k][c] * input[n][c].
    MLIRContext *ctx = rewriter.getContext();
    AffineExpr n, k, c;
    bindDims(ctx, n, k, c);
    SmallVector<AffineMap> maps = {AffineMap::get(3, 0, {n, c}, ctx),
                                   AffineMap::get(3, 0, {k, c}, ctx),
                                   AffineMap::get(3, 0, {n, k}, ctx)};
    SmallVector<IteratorType> iterators = {IteratorType::parallel,
                                           IteratorType::parallel,
                                           IteratorType::reduction};
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{resultType},
        ValueRange{adaptor.getInput(), adaptor.getWeight()}, ValueRange{acc},
        maps, iterators, [](OpBuilder &b, Location l, ValueRange args) {
          Value product = arith::MulFOp::create(b, l, args[0], args[1]);
          linalg::YieldOp::create(
              b, l, ValueRange{arith::AddFOp::create(b, l, args[2], product)});
        });
    rewriter.replaceOp(op, generic->getResults());
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

/// Builds `PoolOp` over the padded input into a destination filled with
/// `initValue`.
template <typename LinalgPoolOp, typename CNNPoolOp>
Value buildPooling(ConversionPatternRewriter &rewriter, CNNPoolOp op,
                   Value input, double padValue, double initValue) {
  Location loc = op.getLoc();
  RankedTensorType resultType = op.getResult().getType();
  Value padded =
      padSpatial(rewriter, loc, input, op.getPaddingValues(), padValue);
  Value init = filledTensor(rewriter, loc, resultType, initValue);
  Value window = tensor::EmptyOp::create(rewriter, loc, op.getKernel(),
                                         resultType.getElementType());
  NamedAttribute attrs[] = {
      i64VectorAttr(rewriter, "strides", op.getStrideValues()),
      i64VectorAttr(rewriter, "dilations", {1, 1})};
  return LinalgPoolOp::create(rewriter, loc, TypeRange{resultType},
                              ValueRange{padded, window}, ValueRange{init},
                              attrs)
      ->getResult(0);
}

struct MaxPool2DLowering : OpConversionPattern<cnn::MaxPool2DOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(cnn::MaxPool2DOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    double lowest = -std::numeric_limits<double>::infinity();
    rewriter.replaceOp(op,
                       buildPooling<linalg::PoolingNchwMaxOp>(
                           rewriter, op, adaptor.getInput(), lowest, lowest));
    return success();
  }
};

struct AvgPool2DLowering : OpConversionPattern<cnn::AvgPool2DOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(cnn::AvgPool2DOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType resultType = op.getResult().getType();
    Type elementType = resultType.getElementType();
    Value sum = buildPooling<linalg::PoolingNchwSumOp>(
        rewriter, op, adaptor.getInput(), 0.0, 0.0);
    ArrayRef<int64_t> kernel = op.getKernel();
    SmallVector<int64_t, 4> padding = op.getPaddingValues();
    bool padded = llvm::any_of(padding, [](int64_t p) { return p != 0; });
    if (!padded || op.getCountIncludePad()) {
      Value divisor =
          floatConstant(rewriter, loc, elementType, kernel[0] * kernel[1]);
      rewriter.replaceOp(
          op, elementwise(rewriter, loc, sum, resultType,
                          [&](OpBuilder &b, Location l, ValueRange args) {
                            return arith::DivFOp::create(b, l, args[0],
                                                         divisor);
                          }));
      return success();
    }

    // Padding excluded: divide by the number of window positions inside the
    // input, which depends on the output position.
    ArrayRef<int64_t> inShape = op.getInput().getType().getShape();
    SmallVector<int64_t, 2> strides = op.getStrideValues();
    rewriter.replaceOp(
        op,
        elementwise(
            rewriter, loc, sum, resultType,
            [&](OpBuilder &b, Location l, ValueRange args) {
              auto index = [&](int64_t v) -> Value {
                return arith::ConstantIndexOp::create(b, l, v);
              };
              // Valid extent of the window along axis `axis` (2 = H, 3 = W).
              auto extent = [&](unsigned axis) -> Value {
                unsigned a = axis - 2;
                Value pos = linalg::IndexOp::create(b, l, axis);
                Value start = arith::SubIOp::create(
                    b, l, arith::MulIOp::create(b, l, pos, index(strides[a])),
                    index(padding[a]));
                Value end =
                    arith::AddIOp::create(b, l, start, index(kernel[a]));
                Value lo = arith::MaxSIOp::create(b, l, start, index(0));
                Value hi =
                    arith::MinSIOp::create(b, l, end, index(inShape[axis]));
                return arith::SubIOp::create(b, l, hi, lo);
              };
              Value count = arith::MulIOp::create(b, l, extent(2), extent(3));
              Value countInt =
                  arith::IndexCastOp::create(b, l, b.getI64Type(), count);
              Value divisor =
                  arith::SIToFPOp::create(b, l, elementType, countInt);
              return arith::DivFOp::create(b, l, args[0], divisor);
            }));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Element-wise, normalisation and reshaping
//===----------------------------------------------------------------------===//

struct ReluLowering : OpConversionPattern<cnn::ReluOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(cnn::ReluOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    RankedTensorType type = op.getResult().getType();
    rewriter.replaceOp(
        op, elementwise(rewriter, op.getLoc(), adaptor.getInput(), type,
                        [&](OpBuilder &b, Location l, ValueRange args) {
                          Value zero =
                              floatConstant(b, l, type.getElementType(), 0.0);
                          return arith::MaximumFOp::create(b, l, args[0], zero);
                        }));
    return success();
  }
};

struct LRNLowering : OpConversionPattern<cnn::LRNOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(cnn::LRNOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getResult().getType();
    Type elementType = type.getElementType();
    int64_t size = op.getSize();
    Value input = adaptor.getInput();

    Value squares =
        elementwise(rewriter, loc, input, type,
                    [](OpBuilder &b, Location l, ValueRange args) {
                      return arith::MulFOp::create(b, l, args[0], args[0]);
                    });
    // Window sums across channels: sums[n][c][h][w] = sum_j padded[n][c +
    // j][h][w].
    Value padded =
        padDims(rewriter, loc, squares, {1}, {size / 2}, {size / 2}, 0.0);
    MLIRContext *ctx = rewriter.getContext();
    AffineExpr n, c, h, w, j;
    bindDims(ctx, n, c, h, w, j);
    SmallVector<AffineMap> maps = {AffineMap::get(5, 0, {n, c + j, h, w}, ctx),
                                   AffineMap::get(5, 0, {n, c, h, w}, ctx)};
    SmallVector<IteratorType> iterators(4, IteratorType::parallel);
    iterators.push_back(IteratorType::reduction);
    // The window dimension's extent comes only from the loop bounds, so a shape
    // operand of `size` elements pins it.
    Value windowShape = tensor::EmptyOp::create(
        rewriter, loc, ArrayRef<int64_t>{size}, elementType);
    maps.insert(maps.begin() + 1, AffineMap::get(5, 0, {j}, ctx));
    Value sums =
        linalg::GenericOp::create(
            rewriter, loc, TypeRange{type}, ValueRange{padded, windowShape},
            ValueRange{filledTensor(rewriter, loc, type, 0.0)}, maps, iterators,
            [](OpBuilder &b, Location l, ValueRange args) {
              linalg::YieldOp::create(
                  b, l,
                  ValueRange{arith::AddFOp::create(b, l, args[2], args[0])});
            })
            ->getResult(0);

    double scale = op.getAlpha().convertToDouble() / static_cast<double>(size);
    double k = op.getK().convertToDouble(),
           beta = op.getBeta().convertToDouble();
    rewriter.replaceOp(
        op, elementwise(
                rewriter, loc, ValueRange{input, sums}, type,
                [&](OpBuilder &b, Location l, ValueRange args) {
                  Value scaled = arith::MulFOp::create(
                      b, l, args[1], floatConstant(b, l, elementType, scale));
                  Value base = arith::AddFOp::create(
                      b, l, scaled, floatConstant(b, l, elementType, k));
                  Value denominator = math::PowFOp::create(
                      b, l, base, floatConstant(b, l, elementType, beta));
                  return arith::DivFOp::create(b, l, args[0], denominator);
                }));
    return success();
  }
};

struct FlattenLowering : OpConversionPattern<cnn::FlattenOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(cnn::FlattenOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    ReassociationIndices rest;
    for (int64_t d = 1, e = op.getInput().getType().getRank(); d < e; ++d)
      rest.push_back(d);
    SmallVector<ReassociationIndices> reassociation = {{0}, rest};
    rewriter.replaceOpWithNewOp<tensor::CollapseShapeOp>(
        op, op.getResult().getType(), adaptor.getInput(), reassociation);
    return success();
  }
};

struct SoftmaxLowering : OpConversionPattern<cnn::SoftmaxOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(cnn::SoftmaxOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getResult().getType();
    Type elementType = type.getElementType();
    int64_t axis = op.getAxisValue(), rank = type.getRank();
    MLIRContext *ctx = rewriter.getContext();

    SmallVector<int64_t> reducedShape;
    SmallVector<AffineExpr> reducedExprs;
    SmallVector<IteratorType> reductionIterators;
    for (int64_t d = 0; d < rank; ++d) {
      reductionIterators.push_back(d == axis ? IteratorType::reduction
                                             : IteratorType::parallel);
      if (d == axis)
        continue;
      reducedShape.push_back(type.getDimSize(d));
      reducedExprs.push_back(getAffineDimExpr(d, ctx));
    }
    auto reducedType = RankedTensorType::get(reducedShape, elementType);
    AffineMap full = rewriter.getMultiDimIdentityMap(rank);
    AffineMap reduced = AffineMap::get(rank, 0, reducedExprs, ctx);
    SmallVector<IteratorType> parallel(rank, IteratorType::parallel);

    auto reduce =
        [&](Value input, double init,
            function_ref<Value(OpBuilder &, Location, Value, Value)> combine) {
          return linalg::GenericOp::create(
                     rewriter, loc, TypeRange{reducedType}, ValueRange{input},
                     ValueRange{filledTensor(rewriter, loc, reducedType, init)},
                     SmallVector<AffineMap>{full, reduced}, reductionIterators,
                     [&](OpBuilder &b, Location l, ValueRange args) {
                       linalg::YieldOp::create(
                           b, l, ValueRange{combine(b, l, args[1], args[0])});
                     })
              ->getResult(0);
        };
    auto broadcastCombine =
        [&](Value input, Value perRow,
            function_ref<Value(OpBuilder &, Location, Value, Value)> combine) {
          return linalg::GenericOp::create(
                     rewriter, loc, TypeRange{type}, ValueRange{input, perRow},
                     ValueRange{emptyTensor(rewriter, loc, type)},
                     SmallVector<AffineMap>{full, reduced, full}, parallel,
                     [&](OpBuilder &b, Location l, ValueRange args) {
                       linalg::YieldOp::create(
                           b, l, ValueRange{combine(b, l, args[0], args[1])});
                     })
              ->getResult(0);
        };

    Value input = adaptor.getInput();
    Value maxima =
        reduce(input, -std::numeric_limits<double>::infinity(),
               [](OpBuilder &b, Location l, Value acc, Value x) -> Value {
                 return arith::MaximumFOp::create(b, l, acc, x);
               });
    Value exps = broadcastCombine(
        input, maxima, [](OpBuilder &b, Location l, Value x, Value m) -> Value {
          return math::ExpOp::create(b, l, arith::SubFOp::create(b, l, x, m));
        });
    Value sums = reduce(
        exps, 0.0, [](OpBuilder &b, Location l, Value acc, Value x) -> Value {
          return arith::AddFOp::create(b, l, acc, x);
        });
    rewriter.replaceOp(
        op, broadcastCombine(
                exps, sums,
                [](OpBuilder &b, Location l, Value e, Value s) -> Value {
                  return arith::DivFOp::create(b, l, e, s);
                }));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Graph-level operations
//===----------------------------------------------------------------------===//

/// Lowers a broadcasting binary op to a linalg.generic whose indexing map
/// reads dimension 0 wherever an operand's size is 1 and the result's is not.
template <typename CNNOp, typename ArithOp>
struct BroadcastBinaryLowering : OpConversionPattern<CNNOp> {
  using OpConversionPattern<CNNOp>::OpConversionPattern;
  using OpAdaptor = typename CNNOp::Adaptor;

  LogicalResult
  matchAndRewrite(CNNOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    RankedTensorType type = op.getResult().getType();
    int64_t rank = type.getRank();
    MLIRContext *ctx = rewriter.getContext();
    auto broadcastMap = [&](Value operand) {
      auto operandType = cast<RankedTensorType>(operand.getType());
      int64_t offset = rank - operandType.getRank();
      SmallVector<AffineExpr> exprs;
      for (int64_t d = 0; d < operandType.getRank(); ++d) {
        bool repeated =
            operandType.getDimSize(d) == 1 && type.getDimSize(d + offset) != 1;
        exprs.push_back(repeated ? getAffineConstantExpr(0, ctx)
                                 : getAffineDimExpr(d + offset, ctx));
      }
      return AffineMap::get(rank, 0, exprs, ctx);
    };
    Value lhs = adaptor.getLhs(), rhs = adaptor.getRhs();
    SmallVector<AffineMap> maps = {broadcastMap(lhs), broadcastMap(rhs),
                                   rewriter.getMultiDimIdentityMap(rank)};
    SmallVector<IteratorType> iterators(rank, IteratorType::parallel);
    auto generic = linalg::GenericOp::create(
        rewriter, op.getLoc(), TypeRange{type}, ValueRange{lhs, rhs},
        ValueRange{emptyTensor(rewriter, op.getLoc(), type)}, maps, iterators,
        [](OpBuilder &b, Location l, ValueRange args) {
          linalg::YieldOp::create(
              b, l, ValueRange{ArithOp::create(b, l, args[0], args[1])});
        });
    rewriter.replaceOp(op, generic->getResults());
    return success();
  }
};

struct ConcatLowering : OpConversionPattern<cnn::ConcatOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(cnn::ConcatOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getResult().getType();
    int64_t axis = op.getAxis();
    Value result = emptyTensor(rewriter, loc, type);
    int64_t offset = 0;
    for (Value input : adaptor.getInputs()) {
      auto inputType = cast<RankedTensorType>(input.getType());
      SmallVector<OpFoldResult> offsets(type.getRank(),
                                        rewriter.getIndexAttr(0));
      offsets[axis] = rewriter.getIndexAttr(offset);
      SmallVector<OpFoldResult> sizes,
          strides(type.getRank(), rewriter.getIndexAttr(1));
      for (int64_t size : inputType.getShape())
        sizes.push_back(rewriter.getIndexAttr(size));
      result = tensor::InsertSliceOp::create(rewriter, loc, input, result,
                                             offsets, sizes, strides);
      offset += inputType.getDimSize(axis);
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct BatchNormLowering : OpConversionPattern<cnn::BatchNormOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(cnn::BatchNormOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getResult().getType();
    Type elementType = type.getElementType();
    int64_t rank = type.getRank();
    MLIRContext *ctx = rewriter.getContext();
    AffineMap full = rewriter.getMultiDimIdentityMap(rank);
    AffineMap channel = AffineMap::get(rank, 0, getAffineDimExpr(1, ctx));
    SmallVector<AffineMap> maps = {full,    channel, channel,
                                   channel, channel, full};
    SmallVector<IteratorType> iterators(rank, IteratorType::parallel);
    double epsilon = op.getEpsilon().convertToDouble();
    // The order of operations of ONNX's reference:
    // (x - mean) / sqrt(variance + epsilon) * scale + bias.
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{type},
        ValueRange{adaptor.getInput(), adaptor.getScale(), adaptor.getBias(),
                   adaptor.getMean(), adaptor.getVariance()},
        ValueRange{emptyTensor(rewriter, loc, type)}, maps, iterators,
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value centered = arith::SubFOp::create(b, l, args[0], args[3]);
          Value variance = arith::AddFOp::create(
              b, l, args[4], floatConstant(b, l, elementType, epsilon));
          Value deviation = math::SqrtOp::create(b, l, variance);
          Value normalized = arith::DivFOp::create(b, l, centered, deviation);
          Value scaled = arith::MulFOp::create(b, l, normalized, args[1]);
          linalg::YieldOp::create(
              b, l, ValueRange{arith::AddFOp::create(b, l, scaled, args[2])});
        });
    rewriter.replaceOp(op, generic->getResults());
    return success();
  }
};

struct MatMulLowering : OpConversionPattern<cnn::MatMulOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(cnn::MatMulOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getResult().getType();
    int64_t rank = type.getRank();
    MLIRContext *ctx = rewriter.getContext();
    // Loops (batch..., m, n, k).
    SmallVector<AffineExpr> batch;
    for (int64_t d = 0; d + 2 < rank; ++d)
      batch.push_back(getAffineDimExpr(d, ctx));
    AffineExpr m = getAffineDimExpr(rank - 2, ctx);
    AffineExpr n = getAffineDimExpr(rank - 1, ctx);
    AffineExpr k = getAffineDimExpr(rank, ctx);
    auto map = [&](AffineExpr row, AffineExpr column) {
      SmallVector<AffineExpr> exprs(batch);
      exprs.append({row, column});
      return AffineMap::get(rank + 1, 0, exprs, ctx);
    };
    SmallVector<AffineMap> maps = {map(m, k), map(k, n), map(m, n)};
    SmallVector<IteratorType> iterators(rank, IteratorType::parallel);
    iterators.push_back(IteratorType::reduction);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{type},
        ValueRange{adaptor.getLhs(), adaptor.getRhs()},
        ValueRange{filledTensor(rewriter, loc, type, 0.0)}, maps, iterators,
        [](OpBuilder &b, Location l, ValueRange args) {
          Value product = arith::MulFOp::create(b, l, args[0], args[1]);
          linalg::YieldOp::create(
              b, l, ValueRange{arith::AddFOp::create(b, l, args[2], product)});
        });
    rewriter.replaceOp(op, generic->getResults());
    return success();
  }
};

struct TransposeLowering : OpConversionPattern<cnn::TransposeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(cnn::TransposeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto transpose = linalg::TransposeOp::create(
        rewriter, loc, adaptor.getInput(),
        emptyTensor(rewriter, loc, op.getResult().getType()),
        op.getPermutation());
    rewriter.replaceOp(op, transpose->getResults());
    return success();
  }
};

struct ReshapeLowering : OpConversionPattern<cnn::ReshapeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(cnn::ReshapeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    // Through the 1-D tensor of all elements: both steps are reassociations
    // of static shapes, which bufferize without copies.
    Location loc = op.getLoc();
    RankedTensorType inType = op.getInput().getType();
    RankedTensorType outType = op.getResult().getType();
    auto flatType = RankedTensorType::get({inType.getNumElements()},
                                          inType.getElementType());
    auto allDims = [](int64_t rank) {
      SmallVector<ReassociationIndices> reassociation;
      if (rank > 0)
        reassociation.push_back(llvm::to_vector(llvm::seq<int64_t>(0, rank)));
      return reassociation;
    };
    Value flat = adaptor.getInput();
    if (inType.getRank() != 1)
      flat =
          inType.getRank() == 0
              ? Value(tensor::ExpandShapeOp::create(rewriter, loc, flatType,
                                                    flat, allDims(0)))
              : Value(tensor::CollapseShapeOp::create(
                    rewriter, loc, flatType, flat, allDims(inType.getRank())));
    Value result = flat;
    if (outType.getRank() == 0)
      result = tensor::CollapseShapeOp::create(rewriter, loc, outType, flat,
                                               allDims(0));
    else if (outType.getRank() != 1)
      result = tensor::ExpandShapeOp::create(rewriter, loc, outType, flat,
                                             allDims(outType.getRank()));
    rewriter.replaceOp(op, result);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

struct ConvertCNNToLinalgPass
    : mlir::eie::impl::ConvertCNNToLinalgBase<ConvertCNNToLinalgPass> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    ConversionTarget target(*ctx);
    target.addIllegalDialect<cnn::CNNDialect>();
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
    RewritePatternSet patterns(ctx);
    mlir::eie::populateCNNToLinalgConversionPatterns(patterns);
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace

void mlir::eie::populateCNNToLinalgConversionPatterns(
    RewritePatternSet &patterns) {
  patterns.add<AvgPool2DLowering, Conv2DLowering, FCLowering, FlattenLowering,
               LRNLowering, MaxPool2DLowering, ReluLowering, SoftmaxLowering>(
      patterns.getContext());
  patterns.add<BroadcastBinaryLowering<cnn::AddOp, arith::AddFOp>,
               BroadcastBinaryLowering<cnn::SubOp, arith::SubFOp>,
               BroadcastBinaryLowering<cnn::MulOp, arith::MulFOp>,
               BroadcastBinaryLowering<cnn::DivOp, arith::DivFOp>,
               BatchNormLowering, ConcatLowering, MatMulLowering,
               ReshapeLowering, TransposeLowering>(patterns.getContext());
  // An LSTM cell becomes a cnn.fc, lowered by FCLowering, and its cell update.
  cnn::populateDecomposeLSTMCellPatterns(patterns);
}
