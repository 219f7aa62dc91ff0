//===- CNNOps.cpp - Operations of the cnn dialect -------------------------===//

#include "eie/Dialect/CNN/IR/CNNOps.h"
#include "eie/Support/SlidingWindow.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/CheckedArithmetic.h"

using namespace mlir;
using namespace mlir::cnn;

#define GET_OP_CLASSES
#include "eie/Dialect/CNN/IR/CNNOps.cpp.inc"

//===----------------------------------------------------------------------===//
// Verifier helpers shared by the ops
//===----------------------------------------------------------------------===//

/// Returns the values of an optional integer-array attribute, or `defaults`
/// when absent.
template <unsigned N>
static SmallVector<int64_t, N> valuesOr(std::optional<ArrayRef<int64_t>> attr,
                                        ArrayRef<int64_t> defaults) {
  return attr ? SmallVector<int64_t, N>(*attr)
              : SmallVector<int64_t, N>(defaults);
}

/// Checks that `values` (the attribute `name`) has `size` entries, each at
/// least `minimum`.
static LogicalResult verifyIntArray(Operation *op, StringRef name,
                                    ArrayRef<int64_t> values, size_t size,
                                    int64_t minimum, StringRef layout) {
  if (values.size() != size)
    return op->emitOpError("'") << name << "' must have " << size << " values "
                                << layout << ", got " << values.size();
  for (auto [i, value] : llvm::enumerate(values))
    if (value < minimum)
      return op->emitOpError("'")
             << name << "' value " << i << " " << layout << " must be "
             << (minimum == 0 ? "non-negative" : "positive") << ", got "
             << value;
  return success();
}

/// Checks that every operand and result of `op` has element type `elementType`.
static LogicalResult verifySameElementType(Operation *op) {
  Type expected =
      cast<ShapedType>(op->getOperand(0).getType()).getElementType();
  for (Value value : llvm::concat<Value>(op->getOperands(), op->getResults())) {
    Type got = cast<ShapedType>(value.getType()).getElementType();
    if (got != expected)
      return op->emitOpError("element types must all be ")
             << expected << ", got " << got;
  }
  return success();
}

/// Checks that a DPS op's result has its destination's type.
static LogicalResult verifyResultMatchesInit(Operation *op, Value init,
                                             Value result) {
  if (init.getType() != result.getType())
    return op->emitOpError("result type ")
           << result.getType() << " must match the init type "
           << init.getType();
  return success();
}

/// Checks that no dimension of a tensor operand is zero.
static LogicalResult verifyNonEmpty(Operation *op) {
  for (auto [i, value] : llvm::enumerate(op->getOperands()))
    for (auto [d, size] :
         llvm::enumerate(cast<ShapedType>(value.getType()).getShape()))
      if (size <= 0)
        return op->emitOpError("operand ")
               << i << " has size " << size << " in dimension " << d
               << ", sizes must be positive";
  return success();
}

/// Computes the output extent of a sliding window along one axis: the padded
/// input `input + padBefore + padAfter` visited by a window of `window`
/// elements with `stride`.
static FailureOr<int64_t> windowOutputSize(Operation *op, StringRef axis,
                                           int64_t input, int64_t padBefore,
                                           int64_t padAfter, int64_t kernel,
                                           int64_t dilation, int64_t stride) {
  std::optional<::eie::SlidingWindow> w =
      ::eie::makeSlidingWindow(input, padBefore, padAfter, kernel, dilation);
  if (!w)
    return op->emitOpError("the padded input or the dilated window along ")
           << axis << " overflows 64-bit integers";
  if (!w->fits())
    return op->emitOpError("window ")
           << axis << " " << w->window << " exceeds the padded input " << axis
           << " " << w->padded;
  if (!w->strideFits(stride))
    return op->emitOpError("stride along ")
           << axis << " (" << stride << ") exceeds the padded input " << axis
           << " (" << w->padded << ")";
  return w->outputSize(stride);
}

/// Checks the destination's shape against the shape the op computes.
static LogicalResult verifyInitShape(Operation *op, ShapedType init,
                                     ArrayRef<int64_t> expected,
                                     ArrayRef<StringRef> dimNames) {
  for (auto [d, size] : llvm::enumerate(init.getShape()))
    if (size != expected[d])
      return op->emitOpError("init dimension ")
             << d << " (" << dimNames[d] << ") is " << size << ", expected "
             << expected[d];
  return success();
}

static constexpr StringRef kNCHWNames[] = {"batch", "channels", "height",
                                           "width"};

//===----------------------------------------------------------------------===//
// Conv2DOp
//===----------------------------------------------------------------------===//

SmallVector<int64_t, 2> Conv2DOp::getStrideValues() {
  return valuesOr<2>(getStrides(), {1, 1});
}
SmallVector<int64_t, 4> Conv2DOp::getPaddingValues() {
  return valuesOr<4>(getPadding(), {0, 0, 0, 0});
}
SmallVector<int64_t, 2> Conv2DOp::getDilationValues() {
  return valuesOr<2>(getDilations(), {1, 1});
}
int64_t Conv2DOp::getGroupCount() {
  return getGroupsAttr() ? getGroupsAttr().getInt() : 1;
}

SmallVector<int64_t, 7> Conv2DOp::getLoopBounds() {
  ArrayRef<int64_t> filter = getFilter().getType().getShape();
  ArrayRef<int64_t> out = getInit().getType().getShape();
  return {out[0], out[1], filter[1], out[2], out[3], filter[2], filter[3]};
}

SmallVector<int64_t, 2> Conv2DOp::getLoopStrides() { return getStrideValues(); }

LogicalResult Conv2DOp::verify() {
  Operation *op = getOperation();
  if (failed(verifyResultMatchesInit(op, getInit(), getResult())) ||
      failed(verifySameElementType(op)) || failed(verifyNonEmpty(op)))
    return failure();
  SmallVector<int64_t, 2> strides = getStrideValues();
  SmallVector<int64_t, 4> padding = getPaddingValues();
  SmallVector<int64_t, 2> dilations = getDilationValues();
  if (failed(verifyIntArray(op, "strides", strides, 2, 1, "[sy, sx]")) ||
      failed(verifyIntArray(op, "padding", padding, 4, 0,
                            "[top, left, bottom, right]")) ||
      failed(verifyIntArray(op, "dilations", dilations, 2, 1, "[dy, dx]")))
    return failure();
  int64_t groups = getGroupCount();
  if (groups < 1)
    return emitOpError("'groups' must be positive, got ") << groups;

  ArrayRef<int64_t> in = getInput().getType().getShape();
  ArrayRef<int64_t> filter = getFilter().getType().getShape();
  int64_t inChannels = in[1], outChannels = filter[0];
  if (inChannels % groups != 0)
    return emitOpError("input channels (")
           << inChannels << ") must be divisible by groups (" << groups << ")";
  if (outChannels % groups != 0)
    return emitOpError("output channels (")
           << outChannels << ") must be divisible by groups (" << groups << ")";
  if (filter[1] * groups != inChannels)
    return emitOpError("filter dimension 1 (input channels per group) is ")
           << filter[1] << ", expected " << inChannels / groups
           << " (input channels " << inChannels << " / groups " << groups
           << ")";
  if (Value bias = getBias()) {
    int64_t biasSize = cast<ShapedType>(bias.getType()).getDimSize(0);
    if (biasSize != outChannels)
      return emitOpError("bias has ") << biasSize << " elements, expected "
                                      << outChannels << " (output channels)";
  }

  FailureOr<int64_t> outHeight =
      windowOutputSize(op, "height", in[2], padding[0], padding[2], filter[2],
                       dilations[0], strides[0]);
  if (failed(outHeight))
    return failure();
  FailureOr<int64_t> outWidth =
      windowOutputSize(op, "width", in[3], padding[1], padding[3], filter[3],
                       dilations[1], strides[1]);
  if (failed(outWidth))
    return failure();
  return verifyInitShape(op, getInit().getType(),
                         {in[0], outChannels, *outHeight, *outWidth},
                         kNCHWNames);
}

//===----------------------------------------------------------------------===//
// FCOp
//===----------------------------------------------------------------------===//

SmallVector<int64_t, 7> FCOp::getLoopBounds() {
  ArrayRef<int64_t> weight = getWeight().getType().getShape();
  return {getInput().getType().getDimSize(0), weight[0], weight[1], 1, 1, 1, 1};
}

SmallVector<int64_t, 2> FCOp::getLoopStrides() { return {1, 1}; }

LogicalResult FCOp::verify() {
  Operation *op = getOperation();
  if (failed(verifyResultMatchesInit(op, getInit(), getResult())) ||
      failed(verifySameElementType(op)) || failed(verifyNonEmpty(op)))
    return failure();
  ArrayRef<int64_t> in = getInput().getType().getShape();
  ArrayRef<int64_t> weight = getWeight().getType().getShape();
  if (weight[1] != in[1])
    return emitOpError("weight dimension 1 (inputs) is ")
           << weight[1] << ", expected " << in[1] << " (input dimension 1)";
  if (Value bias = getBias()) {
    int64_t biasSize = cast<ShapedType>(bias.getType()).getDimSize(0);
    if (biasSize != weight[0])
      return emitOpError("bias has ")
             << biasSize << " elements, expected " << weight[0] << " (outputs)";
  }
  return verifyInitShape(op, getInit().getType(), {in[0], weight[0]},
                         {"batch", "outputs"});
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

/// Verifies a pooling op's attributes and destination shape.
template <typename PoolOp> static LogicalResult verifyPool(PoolOp pool) {
  Operation *op = pool.getOperation();
  if (failed(verifySameElementType(op)) || failed(verifyNonEmpty(op)))
    return failure();
  ArrayRef<int64_t> kernel = pool.getKernel();
  if (failed(verifyIntArray(op, "kernel", kernel, 2, 1, "[kh, kw]")))
    return failure();
  SmallVector<int64_t, 2> strides = pool.getStrideValues();
  SmallVector<int64_t, 4> padding = pool.getPaddingValues();
  if (failed(verifyIntArray(op, "strides", strides, 2, 1, "[sy, sx]")) ||
      failed(verifyIntArray(op, "padding", padding, 4, 0,
                            "[top, left, bottom, right]")))
    return failure();
  // Padding smaller than the kernel keeps an input element in every window
  // (the first one starts at -top, the last one at most at H + bottom - kh),
  // so a maximum is finite and an average's divisor positive.
  for (unsigned i = 0; i < 4; ++i) {
    int64_t window = kernel[i % 2];
    if (padding[i] >= window)
      return pool.emitOpError("padding value ")
             << i << " (" << padding[i]
             << ") must be smaller than the kernel (" << window << ")";
  }
  ArrayRef<int64_t> in = pool.getInput().getType().getShape();
  FailureOr<int64_t> outHeight = windowOutputSize(
      op, "height", in[2], padding[0], padding[2], kernel[0], 1, strides[0]);
  if (failed(outHeight))
    return failure();
  FailureOr<int64_t> outWidth = windowOutputSize(
      op, "width", in[3], padding[1], padding[3], kernel[1], 1, strides[1]);
  if (failed(outWidth))
    return failure();
  return verifyInitShape(op, pool.getInit().getType(),
                         {in[0], in[1], *outHeight, *outWidth}, kNCHWNames);
}

SmallVector<int64_t, 2> MaxPool2DOp::getStrideValues() {
  return valuesOr<2>(getStrides(), getKernel());
}
SmallVector<int64_t, 4> MaxPool2DOp::getPaddingValues() {
  return valuesOr<4>(getPadding(), {0, 0, 0, 0});
}
LogicalResult MaxPool2DOp::verify() { return verifyPool(*this); }

SmallVector<int64_t, 2> AvgPool2DOp::getStrideValues() {
  return valuesOr<2>(getStrides(), getKernel());
}
SmallVector<int64_t, 4> AvgPool2DOp::getPaddingValues() {
  return valuesOr<4>(getPadding(), {0, 0, 0, 0});
}
LogicalResult AvgPool2DOp::verify() { return verifyPool(*this); }

//===----------------------------------------------------------------------===//
// LRNOp
//===----------------------------------------------------------------------===//

LogicalResult LRNOp::verify() {
  int64_t size = getSizeAttr().getInt();
  if (size < 1 || size % 2 == 0)
    return emitOpError("'size' must be odd and positive, got ") << size;
  if (getBeta().isNegative())
    return emitOpError("'beta' must be non-negative, got ")
           << getBeta().convertToFloat();
  if (getAlpha().isNegative())
    return emitOpError("'alpha' must be non-negative, got ")
           << getAlpha().convertToFloat();
  if (getK().isNegative() || getK().isZero())
    return emitOpError("'k' must be positive, got ") << getK().convertToFloat();
  return verifyNonEmpty(getOperation());
}

//===----------------------------------------------------------------------===//
// FlattenOp
//===----------------------------------------------------------------------===//

LogicalResult FlattenOp::verify() {
  if (failed(verifySameElementType(getOperation())))
    return failure();
  ArrayRef<int64_t> in = getInput().getType().getShape();
  if (in.size() < 2)
    return emitOpError("input must have rank 2 or more, got ") << in.size();
  std::optional<int64_t> flat = 1;
  for (int64_t size : in.drop_front())
    if (flat)
      flat = llvm::checkedMul(*flat, size);
  if (!flat)
    return emitOpError("the flattened size overflows 64-bit integers");
  return verifyInitShape(getOperation(), getResult().getType(), {in[0], *flat},
                         {"batch", "flattened"});
}

//===----------------------------------------------------------------------===//
// SoftmaxOp
//===----------------------------------------------------------------------===//

int64_t SoftmaxOp::getAxisValue() {
  return getAxisAttr() ? getAxisAttr().getInt()
                       : getInput().getType().getRank() - 1;
}

LogicalResult SoftmaxOp::verify() {
  int64_t axis = getAxisValue(), rank = getInput().getType().getRank();
  if (axis < 0 || axis >= rank)
    return emitOpError("'axis' must be in [0, ") << rank << "), got " << axis;
  return success();
}

//===----------------------------------------------------------------------===//
// LSTMCellOp
//===----------------------------------------------------------------------===//

LogicalResult LSTMCellOp::verify() {
  Operation *op = getOperation();
  if (failed(verifySameElementType(op)) || failed(verifyNonEmpty(op)))
    return failure();
  ArrayRef<int64_t> x = getInput().getType().getShape();
  int64_t batch = x[0], inputs = x[1];
  int64_t hidden = getHidden().getType().getDimSize(1);
  auto checkState = [&](Value value, StringRef name) -> LogicalResult {
    ArrayRef<int64_t> shape = cast<ShapedType>(value.getType()).getShape();
    if (shape[0] != batch || shape[1] != hidden)
      return emitOpError() << name << " has shape " << shape[0] << "x"
                           << shape[1] << ", expected " << batch << "x"
                           << hidden << " (batch x hidden)";
    return success();
  };
  if (failed(checkState(getHidden(), "hidden state")) ||
      failed(checkState(getCell(), "cell state")) ||
      failed(checkState(getHiddenNext(), "result 0 (next hidden state)")) ||
      failed(checkState(getCellNext(), "result 1 (next cell state)")))
    return failure();
  ArrayRef<int64_t> weights = getWeights().getType().getShape();
  if (weights[0] != 4 * hidden || weights[1] != inputs + hidden)
    return emitOpError("weights have shape ")
           << weights[0] << "x" << weights[1] << ", expected " << 4 * hidden
           << "x" << inputs + hidden << " (4 * hidden x (inputs + hidden))";
  if (Value bias = getBias()) {
    int64_t biasSize = cast<ShapedType>(bias.getType()).getDimSize(0);
    if (biasSize != 4 * hidden)
      return emitOpError("bias has ") << biasSize << " elements, expected "
                                      << 4 * hidden << " (4 * hidden)";
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Broadcasting element-wise ops
//===----------------------------------------------------------------------===//

/// Checks that `result` has the NumPy broadcast shape of `lhs` and `rhs`.
static LogicalResult verifyBroadcast(Operation *op, ShapedType lhs,
                                     ShapedType rhs, ShapedType result) {
  if (failed(verifySameElementType(op)))
    return failure();
  int64_t rank = std::max(lhs.getRank(), rhs.getRank());
  if (result.getRank() != rank)
    return op->emitOpError("result rank is ")
           << result.getRank() << ", expected " << rank
           << " (the larger operand rank)";
  for (int64_t d = 0; d < rank; ++d) {
    auto sizeOf = [&](ShapedType type) -> int64_t {
      int64_t offset = rank - type.getRank();
      return d < offset ? 1 : type.getDimSize(d - offset);
    };
    int64_t a = sizeOf(lhs), b = sizeOf(rhs);
    if (a != b && a != 1 && b != 1)
      return op->emitOpError("operand shapes are not broadcast-compatible: "
                             "dimension ")
             << d << " (aligned at the last dimension) is " << a << " and "
             << b;
    int64_t expected = a == 1 ? b : a;
    if (result.getDimSize(d) != expected)
      return op->emitOpError("result dimension ")
             << d << " is " << result.getDimSize(d) << ", expected " << expected
             << " (the broadcast of " << a << " and " << b << ")";
  }
  return success();
}

LogicalResult AddOp::verify() {
  return verifyBroadcast(getOperation(), getLhs().getType(), getRhs().getType(),
                         getResult().getType());
}

LogicalResult SubOp::verify() {
  return verifyBroadcast(getOperation(), getLhs().getType(), getRhs().getType(),
                         getResult().getType());
}

LogicalResult MulOp::verify() {
  return verifyBroadcast(getOperation(), getLhs().getType(), getRhs().getType(),
                         getResult().getType());
}

LogicalResult DivOp::verify() {
  return verifyBroadcast(getOperation(), getLhs().getType(), getRhs().getType(),
                         getResult().getType());
}

//===----------------------------------------------------------------------===//
// ConcatOp
//===----------------------------------------------------------------------===//

LogicalResult ConcatOp::verify() {
  if (getInputs().empty())
    return emitOpError("needs at least one input");
  if (failed(verifySameElementType(getOperation())))
    return failure();
  RankedTensorType result = getResult().getType();
  int64_t rank = result.getRank(), axis = getAxis();
  if (axis < 0 || axis >= rank)
    return emitOpError("'axis' must be in [0, ") << rank << "), got " << axis;
  std::optional<int64_t> total = 0;
  for (auto [i, value] : llvm::enumerate(getInputs())) {
    auto type = cast<RankedTensorType>(value.getType());
    if (type.getRank() != rank)
      return emitOpError("input ")
             << i << " has rank " << type.getRank() << ", expected " << rank
             << " (the result's)";
    for (int64_t d = 0; d < rank; ++d)
      if (d != axis && type.getDimSize(d) != result.getDimSize(d))
        return emitOpError("input ")
               << i << " has size " << type.getDimSize(d) << " in dimension "
               << d << ", expected " << result.getDimSize(d)
               << " (the result's)";
    if (total)
      total = llvm::checkedAdd(*total, type.getDimSize(axis));
  }
  if (!total || *total != result.getDimSize(axis))
    return emitOpError("result dimension ")
           << axis << " is " << result.getDimSize(axis)
           << ", expected the sum of the inputs' sizes along it";
  return success();
}

//===----------------------------------------------------------------------===//
// BatchNormOp
//===----------------------------------------------------------------------===//

LogicalResult BatchNormOp::verify() {
  if (failed(verifySameElementType(getOperation())))
    return failure();
  RankedTensorType input = getInput().getType();
  if (input.getRank() < 2)
    return emitOpError("input must have rank 2 or more (N x C x ...), got ")
           << input.getRank();
  if (getResult().getType() != input)
    return emitOpError("result type ")
           << getResult().getType() << " must match the input type " << input;
  int64_t channels = input.getDimSize(1);
  Value parameters[] = {getScale(), getBias(), getMean(), getVariance()};
  StringRef names[] = {"scale", "bias", "mean", "variance"};
  for (auto [value, name] : llvm::zip_equal(parameters, names)) {
    int64_t size = cast<ShapedType>(value.getType()).getDimSize(0);
    if (size != channels)
      return emitOpError() << name << " has " << size << " elements, expected "
                           << channels << " (input dimension 1, channels)";
  }
  if (getEpsilon().isNegative() || getEpsilon().isNaN())
    return emitOpError("'epsilon' must be non-negative, got ")
           << getEpsilon().convertToFloat();
  return success();
}

//===----------------------------------------------------------------------===//
// MatMulOp
//===----------------------------------------------------------------------===//

LogicalResult MatMulOp::verify() {
  if (failed(verifySameElementType(getOperation())))
    return failure();
  ArrayRef<int64_t> lhs = getLhs().getType().getShape();
  ArrayRef<int64_t> rhs = getRhs().getType().getShape();
  ArrayRef<int64_t> result = getResult().getType().getShape();
  size_t rank = lhs.size();
  if (rank < 2)
    return emitOpError("operands must have rank 2 or more, got ") << rank;
  if (rhs.size() != rank || result.size() != rank)
    return emitOpError("operands and result must have the same rank, got ")
           << rank << ", " << rhs.size() << " and " << result.size();
  for (size_t d = 0; d + 2 < rank; ++d)
    if (lhs[d] != rhs[d] || result[d] != lhs[d])
      return emitOpError("batch dimension ")
             << d << " differs: " << lhs[d] << " (lhs), " << rhs[d]
             << " (rhs), " << result[d] << " (result)";
  if (lhs[rank - 1] != rhs[rank - 2])
    return emitOpError("contracted dimensions differ: lhs has ")
           << lhs[rank - 1] << " columns, rhs " << rhs[rank - 2] << " rows";
  if (result[rank - 2] != lhs[rank - 2] || result[rank - 1] != rhs[rank - 1])
    return emitOpError("result matrix is ")
           << result[rank - 2] << "x" << result[rank - 1] << ", expected "
           << lhs[rank - 2] << "x" << rhs[rank - 1];
  return success();
}

//===----------------------------------------------------------------------===//
// TransposeOp
//===----------------------------------------------------------------------===//

LogicalResult TransposeOp::verify() {
  if (failed(verifySameElementType(getOperation())))
    return failure();
  ArrayRef<int64_t> permutation = getPermutation();
  ArrayRef<int64_t> in = getInput().getType().getShape();
  ArrayRef<int64_t> out = getResult().getType().getShape();
  if (permutation.size() != in.size())
    return emitOpError("'permutation' has ")
           << permutation.size() << " entries, expected " << in.size()
           << " (the input rank)";
  if (out.size() != in.size())
    return emitOpError("result rank is ")
           << out.size() << ", expected " << in.size();
  SmallVector<bool> seen(in.size(), false);
  for (auto [d, p] : llvm::enumerate(permutation)) {
    if (p < 0 || p >= int64_t(in.size()) || seen[p])
      return emitOpError("'permutation' must be a permutation of [0, ")
             << in.size() << "), got " << p << " at position " << d;
    seen[p] = true;
    if (out[d] != in[p])
      return emitOpError("result dimension ")
             << d << " is " << out[d] << ", expected " << in[p]
             << " (input dimension " << p << ")";
  }
  return success();
}

//===----------------------------------------------------------------------===//
// ReshapeOp
//===----------------------------------------------------------------------===//

/// The number of elements of `shape`, if it fits 64 bits.
static std::optional<int64_t> elementCount(ArrayRef<int64_t> shape) {
  std::optional<int64_t> count = 1;
  for (int64_t size : shape)
    if (count)
      count = llvm::checkedMul(*count, size);
  return count;
}

LogicalResult ReshapeOp::verify() {
  if (failed(verifySameElementType(getOperation())))
    return failure();
  std::optional<int64_t> in = elementCount(getInput().getType().getShape());
  std::optional<int64_t> out = elementCount(getResult().getType().getShape());
  if (!in || !out)
    return emitOpError("the number of elements overflows 64-bit integers");
  if (*in != *out)
    return emitOpError("the input has ")
           << *in << " elements, the result " << *out;
  return success();
}
