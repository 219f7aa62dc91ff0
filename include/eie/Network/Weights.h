//===- Weights.h - The weights of a network ---------------------*- C++ -*-===//
//
// Weights of every layer of a Network, either read from .npy files or generated
// deterministically, and written back as .npy files for references outside the
// compiler. MLIR-free.
//
//===----------------------------------------------------------------------===//

#ifndef EIE_NETWORK_WEIGHTS_H
#define EIE_NETWORK_WEIGHTS_H

#include "eie/Network/Network.h"
#include "eie/Support/Npy.h"

#include <map>

namespace eie::network {

/// The weight and bias arrays of the layers that have them, by layer name.
struct LayerWeights {
  NpyArray weight;
  std::optional<NpyArray> bias;
};
using NetworkWeights = std::map<std::string, LayerWeights>;

/// Pseudo-random weights that depend only on `seed` and the layer's position:
/// He-uniform weights (uniform in +-sqrt(6 / fan_in), which keeps activations
/// at scale through ReLUs) and biases uniform in +-0.1.
NetworkWeights generateWeights(const Network &network, uint64_t seed);

/// A pseudo-random float32 array uniform in [0, 1), e.g. a network input.
NpyArray generateUniform(llvm::ArrayRef<int64_t> shape, uint64_t seed);

/// Reads <dir>/<layer>.weight.npy and <dir>/<layer>.bias.npy for every layer
/// with weights, checking dtype (float32) and shape.
llvm::Expected<NetworkWeights> readWeights(const Network &network,
                                           llvm::StringRef dir);

/// Writes the files readWeights reads.
llvm::Error writeWeights(const NetworkWeights &weights, llvm::StringRef dir);

} // namespace eie::network

#endif // EIE_NETWORK_WEIGHTS_H
