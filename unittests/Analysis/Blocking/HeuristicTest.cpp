//===- HeuristicTest.cpp - The output-stationary baseline -----------------===//

#include "eie/Analysis/Blocking/Heuristic.h"
#include "eie/Analysis/Blocking/Optimizer.h"

#include "llvm/Support/MemoryBuffer.h"

#include "gtest/gtest.h"

using namespace eie::blocking;

namespace {

std::vector<Layer> networkLayers(llvm::StringRef network) {
  auto buffer =
      llvm::MemoryBuffer::getFile(EIE_SOURCE_DATA_DIR "/networks.json");
  EXPECT_TRUE(bool(buffer));
  llvm::Expected<std::vector<Layer>> layers =
      parseLayerFile((*buffer)->getBuffer(), "networks.json", network);
  EXPECT_TRUE(bool(layers)) << llvm::toString(layers.takeError());
  return layers ? *layers : std::vector<Layer>{};
}

// On real layers and every preset, the baseline is a valid output-stationary
// blocking and the optimum (proven) is never worse.
TEST(BlockingHeuristic, IsValidAndNeverBeatsTheOptimum) {
  for (const char *preset : {"asic-2level", "asic-3level", "diannao"}) {
    llvm::Expected<Architecture> arch = loadArchitecture(preset);
    ASSERT_TRUE(bool(arch)) << llvm::toString(arch.takeError());
    for (const Layer &layer : networkLayers("alexnet")) {
      llvm::Expected<Blocking> baseline =
          outputStationaryBlocking(layer, *arch);
      ASSERT_TRUE(bool(baseline)) << llvm::toString(baseline.takeError());
      EXPECT_FALSE(bool(validateBlocking(layer, *arch, *baseline)))
          << layer.name;
      for (unsigned i = 1; i < arch->numLevels(); ++i)
        EXPECT_EQ(baseline->orders[i][kNumLoops - 1], S);
      llvm::Expected<SearchResult> best = optimize(layer, *arch);
      ASSERT_TRUE(bool(best)) << llvm::toString(best.takeError());
      EXPECT_TRUE(best->optimal);
      EXPECT_LE(best->evaluation.energyPJ,
                evaluate(layer, *arch, *baseline).energyPJ)
          << preset << " " << layer.name;
    }
  }
}

TEST(BlockingHeuristic, TakesUpToSixteenBySixteenChannelsInLevelZero) {
  Layer layer;
  layer.bounds = {1, 64, 48, 8, 8, 3, 3};
  Architecture arch;
  arch.name = "big-rf";
  arch.levels = {{"RF", 4096, 1}, {"DRAM", std::nullopt, 100}};
  llvm::Expected<Blocking> b = outputStationaryBlocking(layer, arch);
  ASSERT_TRUE(bool(b)) << llvm::toString(b.takeError());
  EXPECT_EQ(b->factors[0], (LoopVector{1, 16, 16, 1, 1, 1, 1}));
  EXPECT_EQ(b->factors[1], (LoopVector{1, 4, 3, 8, 8, 3, 3}));
}

} // namespace
