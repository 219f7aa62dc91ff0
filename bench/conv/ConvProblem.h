//===- ConvProblem.h - The conv layers the benchmark runs -------*- C++ -*-===//
//
// The conv layers of the example networks (shapes, padding, strides and groups
// read from examples/networks/*.json), one layer at a given batch size with its
// deterministic random data, and the reference the implementations are checked
// against.
//
//===----------------------------------------------------------------------===//

#ifndef EIE_BENCH_CONV_CONVPROBLEM_H
#define EIE_BENCH_CONV_CONVPROBLEM_H

#include "eie/Network/Weights.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace eie::convbench {

/// One convolution: NCHW input, KCRS filters (C per group), NKHW output.
struct ConvShape {
  int64_t batch, channels, height, width;
  int64_t filters, kernelHeight, kernelWidth;
  int64_t strideHeight, strideWidth;
  int64_t padTop, padLeft, padBottom, padRight;
  int64_t groups;
  int64_t outHeight, outWidth;

  int64_t channelsPerGroup() const { return channels / groups; }
  int64_t filtersPerGroup() const { return filters / groups; }
  int64_t inputElements() const { return batch * channels * height * width; }
  int64_t weightElements() const {
    return filters * channelsPerGroup() * kernelHeight * kernelWidth;
  }
  int64_t outputElements() const {
    return batch * filters * outHeight * outWidth;
  }
  /// Multiply-accumulates, counting those on padding as every library does.
  double macs() const {
    return double(outputElements()) * channelsPerGroup() * kernelHeight *
           kernelWidth;
  }
};

/// A conv layer of a network, named "<network>.<layer>" (e.g. alexnet.conv3).
struct ConvLayer {
  std::string name;
  /// The layer as the network description gives it (batch of the file).
  network::Layer layer;
};

/// Every conv layer of each network description file, in file order.
llvm::Expected<std::vector<ConvLayer>>
loadConvLayers(llvm::ArrayRef<std::string> networkFiles);

/// One layer at one batch size with its data: a one-layer network (what
/// NetworkBuilder turns into our module), its weights and an input.
struct ConvProblem {
  std::string name;
  ConvShape shape;
  network::Network network;
  network::NetworkWeights weights;
  NpyArray input;

  llvm::ArrayRef<float> getWeight() const;
  llvm::ArrayRef<float> getBias() const;
};

/// The layer at `batch` with weights and input that depend only on `seed`.
/// Fails for what the peers do not implement (dilation, no bias).
llvm::Expected<ConvProblem> makeProblem(const ConvLayer &layer, int64_t batch,
                                        uint64_t seed);

/// Direct loops accumulating in double: the reference of --smoke.
std::vector<float> referenceConv(const ConvProblem &problem);

/// max |result - reference| / max |reference|.
double maxRelativeError(llvm::ArrayRef<float> result,
                        llvm::ArrayRef<float> reference);

} // namespace eie::convbench

#endif // EIE_BENCH_CONV_CONVPROBLEM_H
