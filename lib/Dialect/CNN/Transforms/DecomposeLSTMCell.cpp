//===- DecomposeLSTMCell.cpp - An LSTM step as one FC layer plus a cell ---===//
//
// cnn.lstm_cell = [x, h] -> cnn.fc with the 4H x (I+H) gate matrix ->
// element-wise cell update. The FC layer is what the compression passes and the
// EIE back-end see: the NT-LSTM benchmark of the EIE paper runs exactly this
// gate matrix on the accelerator while the element-wise part stays on the host.
//
//===----------------------------------------------------------------------===//

#include "eie/Dialect/CNN/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::cnn {
#define GEN_PASS_DEF_CNNDECOMPOSELSTMCELL
#include "eie/Dialect/CNN/Transforms/Passes.h.inc"
} // namespace mlir::cnn

using namespace mlir;
using namespace mlir::cnn;

namespace {

Value sigmoid(OpBuilder &b, Location loc, Value x) {
  Value one =
      arith::ConstantOp::create(b, loc, b.getFloatAttr(x.getType(), 1.0));
  Value e = math::ExpOp::create(b, loc, arith::NegFOp::create(b, loc, x));
  return arith::DivFOp::create(b, loc, one,
                               arith::AddFOp::create(b, loc, one, e));
}

struct DecomposeLSTMCell : OpRewritePattern<LSTMCellOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(LSTMCellOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType stateType = op.getHiddenNext().getType();
    Type elementType = stateType.getElementType();
    int64_t batch = stateType.getDimSize(0), hidden = stateType.getDimSize(1);
    int64_t inputs = op.getInput().getType().getDimSize(1);
    auto empty = [&](ArrayRef<int64_t> shape) -> Value {
      return tensor::EmptyOp::create(rewriter, loc, shape, elementType);
    };
    auto index = [&](int64_t value) -> OpFoldResult {
      return rewriter.getIndexAttr(value);
    };
    SmallVector<OpFoldResult> unitStrides(2, index(1));

    // [x, h]: the input of the one matrix that holds all four gates.
    Value concat = empty({batch, inputs + hidden});
    concat = tensor::InsertSliceOp::create(
        rewriter, loc, op.getInput(), concat, {index(0), index(0)},
        {index(batch), index(inputs)}, unitStrides);
    concat = tensor::InsertSliceOp::create(
        rewriter, loc, op.getHidden(), concat, {index(0), index(inputs)},
        {index(batch), index(hidden)}, unitStrides);
    Value gates = FCOp::create(rewriter, loc, concat, op.getWeights(),
                               op.getBias(), empty({batch, 4 * hidden}));

    // The cell update reads gate q of (n, h) at column q * hidden: i, f, g, o.
    SmallVector<Value, 5> updateInputs;
    for (int64_t q = 0; q < 4; ++q)
      updateInputs.push_back(tensor::ExtractSliceOp::create(
          rewriter, loc, stateType, gates, {index(0), index(q * hidden)},
          {index(batch), index(hidden)}, unitStrides));
    updateInputs.push_back(op.getCell());
    SmallVector<AffineMap> maps(7, rewriter.getMultiDimIdentityMap(2));
    auto update = linalg::GenericOp::create(
        rewriter, loc, TypeRange{stateType, stateType}, updateInputs,
        ValueRange{empty(stateType.getShape()), empty(stateType.getShape())},
        maps,
        SmallVector<utils::IteratorType>(2, utils::IteratorType::parallel),
        [](OpBuilder &b, Location l, ValueRange args) {
          Value inputGate = sigmoid(b, l, args[0]);
          Value forgetGate = sigmoid(b, l, args[1]);
          Value candidate = math::TanhOp::create(b, l, args[2]);
          Value outputGate = sigmoid(b, l, args[3]);
          Value cell = arith::AddFOp::create(
              b, l, arith::MulFOp::create(b, l, forgetGate, args[4]),
              arith::MulFOp::create(b, l, inputGate, candidate));
          Value hiddenNext = arith::MulFOp::create(
              b, l, outputGate, math::TanhOp::create(b, l, cell));
          linalg::YieldOp::create(b, l, ValueRange{hiddenNext, cell});
        });
    rewriter.replaceOp(op, update->getResults());
    return success();
  }
};

struct CNNDecomposeLSTMCellPass
    : cnn::impl::CNNDecomposeLSTMCellBase<CNNDecomposeLSTMCellPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateDecomposeLSTMCellPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace

void mlir::cnn::populateDecomposeLSTMCellPatterns(RewritePatternSet &patterns) {
  patterns.add<DecomposeLSTMCell>(patterns.getContext());
}
