//===- LayerWeights.cpp - Constant weights of the layers to compress ------===//

#include "eie/Dialect/EIE/Transforms/LayerWeights.h"

#include "eie/Dialect/CNN/IR/CNNOps.h"
#include "eie/Dialect/CNN/IR/LayerName.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectResourceBlobManager.h"

using namespace mlir;
using namespace mlir::eie;

std::string mlir::eie::toIdentifier(StringRef name) {
  std::string identifier = name.str();
  for (char &c : identifier)
    if (!llvm::isAlnum(c) && c != '_')
      c = '_';
  return identifier;
}

ElementsAttr mlir::eie::getF32Constant(Value value) {
  auto constant = value.getDefiningOp<arith::ConstantOp>();
  if (!constant)
    return {};
  auto elements = dyn_cast<ElementsAttr>(constant.getValue());
  if (!elements || !elements.getShapedType().getElementType().isF32())
    return {};
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(elements)) {
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob || blob->getData().size() !=
                     size_t(elements.getNumElements()) * sizeof(float))
      return {};
    return elements;
  }
  return isa<DenseFPElementsAttr>(elements) ? elements : ElementsAttr();
}

std::vector<LayerWeights> mlir::eie::collectLayerWeights(Operation *root,
                                                         bool includeConv) {
  std::vector<LayerWeights> layers;
  root->walk([&](Operation *op) {
    OpOperand *operand = nullptr;
    if (auto fc = dyn_cast<cnn::FCOp>(op))
      operand = &fc.getWeightMutable();
    else if (auto conv = dyn_cast<cnn::Conv2DOp>(op); conv && includeConv)
      operand = &conv.getFilterMutable();
    if (!operand)
      return;
    std::string name = cnn::getLayerName(op);
    if (ElementsAttr value = getF32Constant(operand->get()))
      layers.push_back({op, operand, value, std::move(name)});
  });
  return layers;
}

std::vector<float> mlir::eie::readWeights(ElementsAttr value) {
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(value)) {
    ArrayRef<char> bytes = resource.getRawHandle().getBlob()->getData();
    const auto *data = reinterpret_cast<const float *>(bytes.data());
    return std::vector<float>(data, data + value.getNumElements());
  }
  auto dense = cast<DenseFPElementsAttr>(value);
  if (dense.isSplat())
    return std::vector<float>(value.getNumElements(),
                              dense.getSplatValue<float>());
  auto values = dense.getValues<float>();
  return std::vector<float>(values.begin(), values.end());
}

void mlir::eie::eraseIfDeadConstant(Value value) {
  Operation *def = value.getDefiningOp();
  if (def && isa<arith::ConstantOp>(def) && def->use_empty())
    def->erase();
}

void mlir::eie::replaceWeights(const LayerWeights &weights,
                               ArrayRef<float> values) {
  auto type = cast<RankedTensorType>(weights.value.getShapedType());
  Attribute attr;
  if (isa<DenseResourceElementsAttr>(weights.value))
    attr = DenseResourceElementsAttr::get(
        type, toIdentifier(weights.name) + "_weights",
        HeapAsmResourceBlob::allocateAndCopyInferAlign(values));
  else
    attr = DenseElementsAttr::get(type, values);
  OpBuilder builder(weights.layer);
  Value old = weights.operand->get();
  auto constant =
      arith::ConstantOp::create(builder, old.getLoc(), cast<TypedAttr>(attr));
  weights.operand->set(constant);
  eraseIfDeadConstant(old);
}
