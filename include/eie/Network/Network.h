//===- Network.h - A network described layer by layer -----------*- C++ -*-===//
//
// The description of a feed-forward network as a JSON file
// (examples/networks/*.json): an input shape and a list of layers. It is what
// `eie-netgen` turns into a `cnn` module and what the independent NumPy
// reference (utils/numpy_reference.py) interprets, so both sides agree on the
// network without sharing any compute code. MLIR-free.
//
//===----------------------------------------------------------------------===//

#ifndef EIE_NETWORK_NETWORK_H
#define EIE_NETWORK_NETWORK_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace eie::network {

enum class LayerKind {
  Conv2D,
  FC,
  ReLU,
  MaxPool2D,
  AvgPool2D,
  LRN,
  Flatten,
  Softmax
};

/// The JSON spelling of a layer kind ("conv2d", "fc", ...).
llvm::StringRef getLayerKindName(LayerKind kind);

struct Layer {
  LayerKind kind;
  /// Unique within the network; names the weight files (<name>.weight.npy,
  /// <name>.bias.npy).
  std::string name;

  // conv2d and fc.
  int64_t outputs = 0; ///< Output channels (conv2d) or features (fc).
  bool hasBias = true;
  int64_t groups = 1;
  std::array<int64_t, 2> dilation = {1, 1};

  // conv2d and pooling.
  std::array<int64_t, 2> kernel = {1, 1};
  std::array<int64_t, 2> stride = {1, 1};
  std::array<int64_t, 4> padding = {0, 0, 0, 0}; ///< top, left, bottom, right
  bool countIncludePad = false;                  ///< avg_pool2d only

  // lrn.
  int64_t size = 5;
  double alpha = 1e-4, beta = 0.75, k = 1.0;

  // Derived by parseNetwork.
  std::vector<int64_t> inputShape, outputShape;
  std::vector<int64_t> weightShape,
      biasShape; ///< empty when the layer has none

  bool hasWeights() const { return !weightShape.empty(); }
};

struct Network {
  std::string name;
  std::vector<int64_t> inputShape;
  std::vector<Layer> layers;

  const std::vector<int64_t> &getOutputShape() const {
    return layers.empty() ? inputShape : layers.back().outputShape;
  }
};

/// Parses and validates a network description, and derives every layer's
/// shapes. Errors name `fileName`, the layer and what is wrong.
llvm::Expected<Network> parseNetwork(llvm::StringRef json,
                                     llvm::StringRef fileName);

/// Reads and parses a network description file.
llvm::Expected<Network> loadNetwork(llvm::StringRef path);

} // namespace eie::network

#endif // EIE_NETWORK_NETWORK_H
