//===- LayerWeights.h - Weights of the layers to compress ------*- C++ -*-===//
//
// What the compression passes share: finding the layers (cnn.fc, cnn.conv2d)
// whose weights are an fp32 arith.constant, naming them, reading the weights
// and writing new ones back.
//
//===----------------------------------------------------------------------===//

#ifndef EIE_DIALECT_EIE_TRANSFORMS_LAYERWEIGHTS_H
#define EIE_DIALECT_EIE_TRANSFORMS_LAYERWEIGHTS_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Operation.h"

#include <string>
#include <vector>

namespace mlir::eie {

/// A layer whose weights are a constant.
struct LayerWeights {
  Operation *layer = nullptr;
  /// The layer's weight operand.
  OpOperand *operand = nullptr;
  /// The constant's value: fp32 `dense` or `dense_resource` elements.
  ElementsAttr value;
  /// The layer's name (cnn::getLayerName).
  std::string name;
};

/// Every cnn.fc (and, with `includeConv`, cnn.conv2d) under `root` whose
/// weights are an fp32 arith.constant with readable data, in program order.
std::vector<LayerWeights> collectLayerWeights(Operation *root,
                                              bool includeConv);

/// `name` with every character other than a letter, digit or '_' replaced by
/// '_': usable as a symbol or resource blob name.
std::string toIdentifier(StringRef name);

/// The fp32 elements of `value`'s defining arith.constant (`dense` or
/// `dense_resource` with its data), or null when it is none.
ElementsAttr getF32Constant(Value value);

/// The weights in row-major order.
std::vector<float> readWeights(ElementsAttr value);

/// Makes `weights.layer` use a new constant with `values` (of the old one's
/// type and kind: `dense` stays `dense`, `dense_resource` gets a new blob named
/// after the layer), inserted before the layer; erases the old constant when
/// nothing else uses it.
void replaceWeights(const LayerWeights &weights, ArrayRef<float> values);

/// Erases `value`'s defining constant when it has no use left.
void eraseIfDeadConstant(Value value);

} // namespace mlir::eie

#endif // EIE_DIALECT_EIE_TRANSFORMS_LAYERWEIGHTS_H
