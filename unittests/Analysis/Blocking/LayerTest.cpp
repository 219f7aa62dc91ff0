//===- LayerTest.cpp - Layer specs and layer files -----------------------===//

#include "eie/Analysis/Blocking/Layer.h"

#include "gtest/gtest.h"

using namespace eie::blocking;

namespace {

std::string errorOf(llvm::Error err) { return llvm::toString(std::move(err)); }

TEST(BlockingLayer, ParsesASpecWithDefaultsOfOne) {
  llvm::Expected<Layer> layer =
      parseLayerSpec("K=96, C=3,Y=55,X=55,R=11,S=11", "4,4", "conv1");
  ASSERT_TRUE(bool(layer)) << llvm::toString(layer.takeError());
  EXPECT_EQ(layer->bounds, (LoopVector{1, 96, 3, 55, 55, 11, 11}));
  EXPECT_EQ(layer->strideY, 4);
  EXPECT_EQ(layer->macs(), 96LL * 3 * 55 * 55 * 11 * 11);
  EXPECT_EQ(layer->tensorWords(I), 3 * 227 * 227);
}

TEST(BlockingLayer, RejectsBadSpecs) {
  EXPECT_EQ(errorOf(parseLayerSpec("K=4,Q=3", "1,1", "l").takeError()),
            "--layer: unknown loop 'Q' in 'Q=3' (expected one of N, K, C, Y, "
            "X, R, S)");
  EXPECT_EQ(errorOf(parseLayerSpec("K=0", "1,1", "l").takeError()),
            "--layer: bound of K must be an integer >= 1, got '0'");
  EXPECT_EQ(errorOf(parseLayerSpec("K=2,K=3", "1,1", "l").takeError()),
            "--layer: loop K given twice");
  EXPECT_EQ(errorOf(parseLayerSpec("K=1000000,C=1000000,Y=1000000", "1,1", "l")
                        .takeError()),
            "layer 'l': too large, MACs x strides must be <= 2^58");
  EXPECT_EQ(errorOf(parseLayerSpec("K=2", "1", "l").takeError()),
            "--stride: expected 'sy,sx' with integers >= 1, got '1'");
}

TEST(BlockingLayer, ParsesNetworkTables) {
  const char *text = R"({"networks": {"net": [
      {"name": "a", "bounds": {"K": 4, "C": 2}, "stride": [2, 1]},
      {"name": "b", "bounds": {"K": 8}}]}})";
  llvm::Expected<std::vector<Layer>> layers =
      parseLayerFile(text, "f.json", "net");
  ASSERT_TRUE(bool(layers)) << llvm::toString(layers.takeError());
  ASSERT_EQ(layers->size(), 2u);
  EXPECT_EQ((*layers)[0].strideY, 2);
  EXPECT_EQ((*layers)[1].bounds[K], 8);
  EXPECT_EQ(errorOf(parseLayerFile(text, "f.json", "other").takeError()),
            "f.json: no network \"other\"");
}

TEST(BlockingLayer, RejectsBadLayerFiles) {
  EXPECT_EQ(errorOf(parseLayerFile(R"([{"name": "a", "bounds": {"K": -1}}])",
                                   "f.json", "")
                        .takeError()),
            "f.json: layers[0] ('a'): bound \"K\" must be an integer >= 1");
  EXPECT_EQ(
      errorOf(parseLayerFile(R"({"layers": [{"bounds": {}}]})", "f.json", "")
                  .takeError()),
      "f.json: layers[0]: missing string field \"name\"");
  EXPECT_EQ(
      errorOf(parseLayerFile(R"([{"name": "a", "bounds": {}, "stride": [1]}])",
                             "f.json", "")
                  .takeError()),
      "f.json: layers[0] ('a'): \"stride\" must be [sy, sx] with integers >= "
      "1");
  EXPECT_EQ(errorOf(parseLayerFile("[]", "f.json", "").takeError()),
            "f.json: no layers");
}

} // namespace
