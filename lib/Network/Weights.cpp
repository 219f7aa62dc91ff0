//===- Weights.cpp - The weights of a network -----------------------------===//

#include "eie/Network/Weights.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <cmath>

using namespace eie;
using namespace eie::network;

namespace {

/// SplitMix64: tiny, fast and good enough for test data; one stream per layer
/// keeps a layer's weights independent of the others.
class SplitMix64 {
public:
  explicit SplitMix64(uint64_t seed) : state(seed) {}
  uint64_t next() {
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  /// Uniform in [0, 1) with 24 random bits, exactly representable as a float.
  float uniform() { return static_cast<float>(next() >> 40) * 0x1.0p-24f; }

private:
  uint64_t state;
};

void fillUniform(NpyArray &array, SplitMix64 &rng, float low, float high) {
  for (float &value : array.getValues<float>())
    value = low + (high - low) * rng.uniform();
}

std::string weightPath(llvm::StringRef dir, llvm::StringRef layer,
                       llvm::StringRef kind) {
  llvm::SmallString<128> path(dir);
  llvm::sys::path::append(path, layer + "." + kind + ".npy");
  return path.str().str();
}

llvm::Expected<NpyArray> readChecked(const std::string &path,
                                     const std::vector<int64_t> &shape) {
  llvm::Expected<NpyArray> array = readNpy(path);
  if (!array)
    return array.takeError();
  if (array->getDType() != DType::F32 ||
      array->getShape() != llvm::ArrayRef<int64_t>(shape))
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   path + ": expected float32 " +
                                       formatShapeTuple(shape) + ", got " +
                                       array->describe());
  return array;
}

} // namespace

NetworkWeights eie::network::generateWeights(const Network &network,
                                             uint64_t seed) {
  NetworkWeights weights;
  for (auto [index, layer] : llvm::enumerate(network.layers)) {
    if (!layer.hasWeights())
      continue;
    SplitMix64 rng(seed * 1000003u + index);
    NpyArray weight(DType::F32, layer.weightShape);
    int64_t fanIn = weight.getNumElements() / layer.weightShape[0];
    float bound = std::sqrt(6.0f / static_cast<float>(fanIn));
    fillUniform(weight, rng, -bound, bound);
    std::optional<NpyArray> bias;
    if (layer.hasBias) {
      bias.emplace(DType::F32, layer.biasShape);
      fillUniform(*bias, rng, -0.1f, 0.1f);
    }
    weights.emplace(layer.name,
                    LayerWeights{std::move(weight), std::move(bias)});
  }
  return weights;
}

NpyArray eie::network::generateUniform(llvm::ArrayRef<int64_t> shape,
                                       uint64_t seed) {
  NpyArray array(DType::F32, shape);
  SplitMix64 rng(seed);
  fillUniform(array, rng, 0.0f, 1.0f);
  return array;
}

llvm::Expected<NetworkWeights> eie::network::readWeights(const Network &network,
                                                         llvm::StringRef dir) {
  NetworkWeights weights;
  for (const Layer &layer : network.layers) {
    if (!layer.hasWeights())
      continue;
    llvm::Expected<NpyArray> weight =
        readChecked(weightPath(dir, layer.name, "weight"), layer.weightShape);
    if (!weight)
      return weight.takeError();
    std::optional<NpyArray> bias;
    if (layer.hasBias) {
      llvm::Expected<NpyArray> read =
          readChecked(weightPath(dir, layer.name, "bias"), layer.biasShape);
      if (!read)
        return read.takeError();
      bias.emplace(std::move(*read));
    }
    weights.emplace(layer.name,
                    LayerWeights{std::move(*weight), std::move(bias)});
  }
  return weights;
}

llvm::Error eie::network::writeWeights(const NetworkWeights &weights,
                                       llvm::StringRef dir) {
  if (std::error_code ec = llvm::sys::fs::create_directories(dir))
    return llvm::createStringError(
        ec, dir + ": cannot create directory: " + ec.message());
  for (const auto &[name, layer] : weights) {
    if (llvm::Error err =
            writeNpy(weightPath(dir, name, "weight"), layer.weight))
      return err;
    if (layer.bias)
      if (llvm::Error err =
              writeNpy(weightPath(dir, name, "bias"), *layer.bias))
        return err;
  }
  return llvm::Error::success();
}
