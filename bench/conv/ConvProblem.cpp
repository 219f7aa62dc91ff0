//===- ConvProblem.cpp - The conv layers the benchmark runs ---------------===//

#include "ConvProblem.h"

#include <algorithm>
#include <cassert>
#include <cmath>

using namespace eie;
using namespace eie::convbench;

static llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

llvm::Expected<std::vector<ConvLayer>>
convbench::loadConvLayers(llvm::ArrayRef<std::string> networkFiles) {
  std::vector<ConvLayer> layers;
  for (const std::string &file : networkFiles) {
    llvm::Expected<network::Network> net = network::loadNetwork(file);
    if (!net)
      return net.takeError();
    for (const network::Layer &layer : net->layers)
      if (layer.kind == network::LayerKind::Conv2D)
        layers.push_back({net->name + "." + layer.name, layer});
  }
  return layers;
}

llvm::ArrayRef<float> ConvProblem::getWeight() const {
  return weights.at(network.layers.front().name).weight.getValues<float>();
}

llvm::ArrayRef<float> ConvProblem::getBias() const {
  return weights.at(network.layers.front().name).bias->getValues<float>();
}

llvm::Expected<ConvProblem>
convbench::makeProblem(const ConvLayer &layer, int64_t batch, uint64_t seed) {
  const network::Layer &l = layer.layer;
  if (l.dilation != std::array<int64_t, 2>{1, 1} || !l.hasBias)
    return makeError(layer.name +
                     ": the benchmark's peers take undilated convolutions "
                     "with a bias only");
  network::Network net;
  net.name = layer.name;
  net.inputShape = l.inputShape;
  net.inputShape[0] = batch;
  net.layers.push_back(l);
  network::Layer &conv = net.layers.back();
  conv.inputShape = net.inputShape;
  conv.outputShape[0] = batch;

  ConvShape s;
  s.batch = batch;
  s.channels = conv.inputShape[1];
  s.height = conv.inputShape[2];
  s.width = conv.inputShape[3];
  s.filters = conv.outputs;
  s.kernelHeight = conv.kernel[0];
  s.kernelWidth = conv.kernel[1];
  s.strideHeight = conv.stride[0];
  s.strideWidth = conv.stride[1];
  s.padTop = conv.padding[0];
  s.padLeft = conv.padding[1];
  s.padBottom = conv.padding[2];
  s.padRight = conv.padding[3];
  s.groups = conv.groups;
  s.outHeight = conv.outputShape[2];
  s.outWidth = conv.outputShape[3];

  network::NetworkWeights weights = network::generateWeights(net, seed);
  NpyArray input = network::generateUniform(net.inputShape, seed + 1);
  return ConvProblem{layer.name, s, std::move(net), std::move(weights),
                     std::move(input)};
}

std::vector<float> convbench::referenceConv(const ConvProblem &problem) {
  const ConvShape &s = problem.shape;
  llvm::ArrayRef<float> input = problem.input.getValues<float>();
  llvm::ArrayRef<float> weight = problem.getWeight();
  llvm::ArrayRef<float> bias = problem.getBias();
  int64_t cg = s.channelsPerGroup(), plane = s.outHeight * s.outWidth;
  std::vector<float> output(s.outputElements());
  // One output plane at a time, accumulated tap by tap so that the innermost
  // loop runs along an output row.
  std::vector<double> acc(plane);
  for (int64_t n = 0; n < s.batch; ++n)
    for (int64_t k = 0; k < s.filters; ++k) {
      std::fill(acc.begin(), acc.end(), double(bias[k]));
      int64_t firstChannel = k / s.filtersPerGroup() * cg;
      for (int64_t c = 0; c < cg; ++c)
        for (int64_t r = 0; r < s.kernelHeight; ++r)
          for (int64_t q = 0; q < s.kernelWidth; ++q) {
            double w =
                weight[((k * cg + c) * s.kernelHeight + r) * s.kernelWidth + q];
            const float *in =
                &input[((n * s.channels + firstChannel + c) * s.height) *
                       s.width];
            for (int64_t y = 0; y < s.outHeight; ++y) {
              int64_t iy = y * s.strideHeight + r - s.padTop;
              if (iy < 0 || iy >= s.height)
                continue;
              for (int64_t x = 0; x < s.outWidth; ++x) {
                int64_t ix = x * s.strideWidth + q - s.padLeft;
                if (ix >= 0 && ix < s.width)
                  acc[y * s.outWidth + x] += w * in[iy * s.width + ix];
              }
            }
          }
      std::copy(acc.begin(), acc.end(), &output[(n * s.filters + k) * plane]);
    }
  return output;
}

double convbench::maxRelativeError(llvm::ArrayRef<float> result,
                                   llvm::ArrayRef<float> reference) {
  assert(result.size() == reference.size() && "outputs of different sizes");
  double scale = 0, worst = 0;
  for (float v : reference)
    scale = std::max(scale, double(std::fabs(v)));
  for (size_t i = 0; i < reference.size(); ++i)
    worst = std::max(worst, std::fabs(double(result[i]) - reference[i]));
  return scale == 0 ? worst : worst / scale;
}
