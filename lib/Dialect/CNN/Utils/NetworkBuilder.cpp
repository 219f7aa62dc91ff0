//===- NetworkBuilder.cpp - Build cnn modules from descriptions -----------===//

#include "eie/Dialect/CNN/Utils/NetworkBuilder.h"
#include "eie/Dialect/CNN/IR/CNNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"

using namespace mlir;
using namespace mlir::cnn;
namespace net = ::eie::network;

namespace {

RankedTensorType f32Tensor(OpBuilder &b, ArrayRef<int64_t> shape) {
  return RankedTensorType::get(shape, b.getF32Type());
}

/// An `arith.constant dense_resource<name>` holding a copy of `array`.
Value resourceConstant(OpBuilder &b, Location loc, const ::eie::NpyArray &array,
                       StringRef name) {
  auto type = f32Tensor(b, array.getShape());
  AsmResourceBlob blob =
      HeapAsmResourceBlob::allocateAndCopyInferAlign(array.getValues<float>());
  auto attr = DenseResourceElementsAttr::get(type, name, std::move(blob));
  return arith::ConstantOp::create(b, loc, attr);
}

DenseI64ArrayAttr arrayAttr(OpBuilder &b, ArrayRef<int64_t> values) {
  return b.getDenseI64ArrayAttr(values);
}

Value buildLayer(OpBuilder &b, Location loc, const net::Layer &layer,
                 Value input, const net::NetworkWeights &weights) {
  auto outType = f32Tensor(b, layer.outputShape);
  auto init = [&]() -> Value {
    return tensor::EmptyOp::create(b, loc, layer.outputShape, b.getF32Type());
  };
  Value weight, bias;
  if (layer.hasWeights()) {
    const net::LayerWeights &w = weights.at(layer.name);
    weight = resourceConstant(b, loc, w.weight, layer.name + ".weight");
    if (w.bias)
      bias = resourceConstant(b, loc, *w.bias, layer.name + ".bias");
  }
  switch (layer.kind) {
  case net::LayerKind::Conv2D: {
    auto conv = Conv2DOp::create(b, loc, input, weight, bias, init());
    if (layer.stride != std::array<int64_t, 2>{1, 1})
      conv.setStridesAttr(arrayAttr(b, layer.stride));
    if (layer.padding != std::array<int64_t, 4>{0, 0, 0, 0})
      conv.setPaddingAttr(arrayAttr(b, layer.padding));
    if (layer.dilation != std::array<int64_t, 2>{1, 1})
      conv.setDilationsAttr(arrayAttr(b, layer.dilation));
    if (layer.groups != 1)
      conv.setGroupsAttr(b.getI64IntegerAttr(layer.groups));
    return conv;
  }
  case net::LayerKind::FC:
    return FCOp::create(b, loc, input, weight, bias, init());
  case net::LayerKind::ReLU:
    return ReluOp::create(b, loc, input);
  case net::LayerKind::MaxPool2D:
  case net::LayerKind::AvgPool2D: {
    Operation *pool;
    if (layer.kind == net::LayerKind::MaxPool2D)
      pool =
          MaxPool2DOp::create(b, loc, input, init(), arrayAttr(b, layer.kernel),
                              arrayAttr(b, layer.stride), nullptr);
    else
      pool = AvgPool2DOp::create(
          b, loc, input, init(), arrayAttr(b, layer.kernel),
          arrayAttr(b, layer.stride), nullptr, layer.countIncludePad);
    if (layer.padding != std::array<int64_t, 4>{0, 0, 0, 0})
      pool->setAttr("padding", arrayAttr(b, layer.padding));
    return pool->getResult(0);
  }
  case net::LayerKind::LRN:
    return LRNOp::create(b, loc, input, b.getI64IntegerAttr(layer.size),
                         b.getF32FloatAttr(layer.alpha),
                         b.getF32FloatAttr(layer.beta),
                         b.getF32FloatAttr(layer.k));
  case net::LayerKind::Flatten:
    return FlattenOp::create(b, loc, outType, input);
  case net::LayerKind::Softmax:
    return SoftmaxOp::create(b, loc, input, IntegerAttr());
  }
  llvm_unreachable("unknown layer kind");
}

} // namespace

OwningOpRef<ModuleOp>
mlir::cnn::buildNetworkModule(MLIRContext *context, const net::Network &network,
                              const net::NetworkWeights &weights) {
  context->loadDialect<CNNDialect, arith::ArithDialect, func::FuncDialect,
                       tensor::TensorDialect>();
  OpBuilder b(context);
  Location loc = NameLoc::get(b.getStringAttr(network.name));
  OwningOpRef<ModuleOp> module = ModuleOp::create(loc);
  b.setInsertionPointToEnd(module->getBody());
  auto type = b.getFunctionType({f32Tensor(b, network.inputShape)},
                                {f32Tensor(b, network.getOutputShape())});
  auto func = func::FuncOp::create(b, loc, "forward", type);
  Block *body = func.addEntryBlock();
  b.setInsertionPointToStart(body);
  Value value = body->getArgument(0);
  for (const net::Layer &layer : network.layers)
    value = buildLayer(b, NameLoc::get(b.getStringAttr(layer.name)), layer,
                       value, weights);
  func::ReturnOp::create(b, loc, value);
  return module;
}
