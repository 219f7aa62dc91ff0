//===- NetworkTest.cpp - Network descriptions and their weights -----------===//

#include "eie/Network/Weights.h"

#include "gtest/gtest.h"

#include <cmath>

using namespace eie;
using namespace eie::network;

namespace {

std::string errorOf(llvm::Expected<Network> network) {
  EXPECT_FALSE(static_cast<bool>(network));
  return network ? std::string() : llvm::toString(network.takeError());
}

TEST(NetworkTest, AlexNetShapes) {
  llvm::Expected<Network> net = loadNetwork(EIE_EXAMPLES_DIR "/alexnet.json");
  ASSERT_TRUE(static_cast<bool>(net)) << llvm::toString(net.takeError());
  EXPECT_EQ(net->getOutputShape(), (std::vector<int64_t>{1, 1000}));
  auto find = [&](llvm::StringRef name) -> const Layer & {
    for (const Layer &layer : net->layers)
      if (layer.name == name)
        return layer;
    ADD_FAILURE() << "no layer " << name.str();
    return net->layers.front();
  };
  EXPECT_EQ(find("conv1").outputShape, (std::vector<int64_t>{1, 96, 55, 55}));
  EXPECT_EQ(find("conv2").weightShape, (std::vector<int64_t>{256, 48, 5, 5}));
  EXPECT_EQ(find("pool5").outputShape, (std::vector<int64_t>{1, 256, 6, 6}));
  EXPECT_EQ(find("fc6").weightShape, (std::vector<int64_t>{4096, 9216}));
  EXPECT_EQ(find("fc8").biasShape, (std::vector<int64_t>{1000}));
}

TEST(NetworkTest, VGG16Shapes) {
  llvm::Expected<Network> net = loadNetwork(EIE_EXAMPLES_DIR "/vgg16.json");
  ASSERT_TRUE(static_cast<bool>(net)) << llvm::toString(net.takeError());
  int64_t weights = 0, convs = 0, fcs = 0;
  for (const Layer &layer : net->layers) {
    convs += layer.kind == LayerKind::Conv2D;
    fcs += layer.kind == LayerKind::FC;
    for (const std::vector<int64_t> *shape :
         {&layer.weightShape, &layer.biasShape}) {
      int64_t count = shape->empty() ? 0 : 1;
      for (int64_t d : *shape)
        count *= d;
      weights += count;
    }
  }
  EXPECT_EQ(convs, 13);
  EXPECT_EQ(fcs, 3);
  EXPECT_EQ(weights, 138357544); // VGG-16's published parameter count
}

TEST(NetworkTest, Errors) {
  EXPECT_EQ(errorOf(parseNetwork("[1]", "n.json")),
            "n.json: the network description must be a JSON object");
  EXPECT_EQ(errorOf(parseNetwork(
                R"({"name": "n", "input": [1, 0], "layers": []})", "n.json")),
            "n.json: each value of field 'input' must be at least 1, got 0");
  EXPECT_EQ(errorOf(parseNetwork(
                R"({"name": "n", "input": [1, 4], "layers": []})", "n.json")),
            "n.json: missing or empty array 'layers'");
  EXPECT_EQ(errorOf(parseNetwork(R"({"name": "n", "input": [1, 4, 4, 4],
      "layers": [{"type": "conv2d", "out_channels": 6, "kernel": [1, 1], "groups": 4}]})",
                                 "n.json")),
            "n.json: layer 0 ('conv2d0'): groups (4) must divide the input "
            "channels (4) "
            "and out_channels (6)");
  EXPECT_EQ(errorOf(parseNetwork(R"({"name": "n", "input": [1, 4, 4, 4],
      "layers": [{"type": "lrn", "size": 4}]})",
                                 "n.json")),
            "n.json: layer 0 ('lrn0'): lrn size must be odd");
  EXPECT_EQ(errorOf(parseNetwork(R"({"name": "n", "input": [1, 4, 4, 4],
      "layers": [{"type": "max_pool2d", "kernel": [2, 2], "padding": [2, 0, 0, 0]}]})",
                                 "n.json")),
            "n.json: layer 0 ('max_pool2d0'): padding must be at most half the "
            "kernel");
}

TEST(NetworkTest, GeneratedWeightsAreDeterministicAndScaled) {
  llvm::Expected<Network> net = parseNetwork(R"({"name": "n", "input": [1, 600],
      "layers": [{"name": "ip", "type": "fc", "out_features": 300}]})",
                                             "n.json");
  ASSERT_TRUE(static_cast<bool>(net)) << llvm::toString(net.takeError());
  NetworkWeights a = generateWeights(*net, 5), b = generateWeights(*net, 5),
                 c = generateWeights(*net, 6);
  llvm::ArrayRef<float> wa = a.at("ip").weight.getValues<float>();
  EXPECT_EQ(wa, a.at("ip").weight.getValues<float>());
  EXPECT_EQ(wa, b.at("ip").weight.getValues<float>());
  EXPECT_NE(wa, c.at("ip").weight.getValues<float>());
  float bound = std::sqrt(6.0f / 600.0f), largest = 0;
  for (float w : wa)
    largest = std::max(largest, std::fabs(w));
  EXPECT_LE(largest, bound);
  EXPECT_GT(largest, 0.95f * bound); // 180000 draws come close to the bound
  for (float bias : a.at("ip").bias->getValues<float>())
    EXPECT_LE(std::fabs(bias), 0.1f);
}

} // namespace
