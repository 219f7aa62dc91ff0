//===- ModelTest.cpp - The analytic model against brute-force simulation --===//

#include "RandomCases.h"

#include "eie/Analysis/Blocking/Model.h"
#include "eie/Analysis/Blocking/Simulator.h"

#include "gtest/gtest.h"

using namespace eie::blocking;
using namespace eie::blocking::testing;

namespace {

void expectSameCounts(const Evaluation &model, const Evaluation &sim,
                      const std::string &what) {
  ASSERT_EQ(model.levels.size(), sim.levels.size()) << what;
  EXPECT_EQ(model.macs, sim.macs) << what;
  for (size_t i = 0; i < model.levels.size(); ++i)
    for (unsigned t = 0; t < kNumTensors; ++t) {
      EXPECT_EQ(model.levels[i].footprintWords[t],
                sim.levels[i].footprintWords[t])
          << what << " level " << i << " footprint "
          << tensorName(Tensor(t)).str();
      EXPECT_EQ(model.levels[i].accesses[t], sim.levels[i].accesses[t])
          << what << " level " << i << " accesses "
          << tensorName(Tensor(t)).str();
    }
  EXPECT_DOUBLE_EQ(model.energyPJ, sim.energyPJ) << what;
}

std::string describe(const Layer &layer, const Blocking &b) {
  std::string s = "bounds";
  for (int64_t v : layer.bounds)
    s += " " + std::to_string(v);
  s += " stride " + std::to_string(layer.strideY) + "," +
       std::to_string(layer.strideX);
  for (unsigned i = 0; i < b.numLevels(); ++i) {
    s += " | L" + std::to_string(i) + ":";
    for (unsigned p = 0; p < kNumLoops; ++p)
      s += " " + loopName(b.orders[i][p]).str() + "=" +
           std::to_string(b.factors[i][b.orders[i][p]]);
    if (!b.spatial.empty())
      for (unsigned l = 0; l < kNumLoops; ++l)
        if (b.spatial[i][l] > 1)
          s += " spatial " + loopName(Loop(l)).str() + "=" +
               std::to_string(b.spatial[i][l]);
  }
  return s;
}

/// Compares model and simulation on `cases` random layers and 2-4 level
/// blockings drawn by `draw(rng, layer, levels)`; returns how many of them
/// `counts` (what the cases are meant to exercise).
template <typename Draw, typename Counts>
int compareOnRandomCases(uint32_t seed, int cases, Draw draw, Counts counts) {
  std::mt19937 rng(seed);
  int counted = 0;
  for (int c = 0; c < cases; ++c) {
    Layer layer = randomLayer(rng, 3000);
    unsigned levels = 2 + rng() % 3;
    Architecture arch =
        makeArchitecture(std::vector<int64_t>(levels - 1, 1 << 20));
    Blocking blocking = draw(rng, layer, levels);
    EXPECT_FALSE(bool(validateBlocking(layer, arch, blocking)));
    counted += counts(layer, blocking);
    Evaluation model = evaluate(layer, arch, blocking);
    Evaluation sim = simulate(layer, arch, blocking);
    EXPECT_EQ(model.pes, sim.pes);
    expectSameCounts(model, sim,
                     "case " + std::to_string(c) + ": " +
                         describe(layer, blocking));
    if (::testing::Test::HasFailure())
      break;
  }
  return counted;
}

TEST(BlockingModel, EqualsSimulationOnRandomCases) {
  compareOnRandomCases(12345, 600, randomBlocking,
                       [](const Layer &, const Blocking &) { return 0; });
}

TEST(BlockingModel, EqualsSimulationOnRandomImperfectCases) {
  const int kCases = 600;
  EXPECT_GT(
      compareOnRandomCases(54321, kCases, randomImperfectBlocking, isImperfect),
      kCases / 2);
}

TEST(BlockingModel, EqualsSimulationOnRandomSpatialCases) {
  const int kCases = 500;
  EXPECT_GT(compareOnRandomCases(2468, kCases, randomSpatialBlocking,
                                 [](const Layer &, const Blocking &b) {
                                   return b.copies(0) > 1;
                                 }),
            kCases / 2);
}

// The walk of the imperfect model, run on perfect blockings, gives the closed
// forms.
TEST(BlockingModel, ImperfectWalkEqualsClosedFormOnPerfectBlockings) {
  std::mt19937 rng(777);
  for (int c = 0; c < 300; ++c) {
    Layer layer = randomLayer(rng, 100000);
    unsigned levels = 2 + rng() % 4;
    Architecture arch =
        makeArchitecture(std::vector<int64_t>(levels - 1, 1 << 30));
    Blocking blocking = randomBlocking(rng, layer, levels);
    Evaluation closed = evaluate(layer, arch, blocking);
    std::vector<LoopVector> tiles;
    for (unsigned i = 0; i < levels; ++i)
      tiles.push_back(blocking.tile(i));
    for (unsigned i = 0; i + 1 < levels; ++i)
      ASSERT_EQ(movedAccesses(layer, imperfectFillWords(layer, tiles,
                                                        blocking.orders, i)),
                closed.levels[i + 1].accesses)
          << "case " << c << " level " << i << ": "
          << describe(layer, blocking);
  }
}

// K = 5 in RF tiles of 2 (factor 3 at DRAM): tiles K = [0,2) [2,4) [4,5).
// W and O are refilled with every tile, 2 + 2 + 1 words; I (one word) once.
TEST(BlockingModel, HandComputedImperfectCase) {
  Layer layer = layerWithBounds({1, 5, 1, 1, 1, 1, 1});
  Architecture arch = makeArchitecture({8});
  Blocking b = makeBlocking(
      {LoopVector{1, 2, 1, 1, 1, 1, 1}, LoopVector{1, 3, 1, 1, 1, 1, 1}});
  ASSERT_FALSE(bool(validateBlocking(layer, arch, b)));
  EXPECT_TRUE(isImperfect(layer, b));
  Evaluation e = evaluate(layer, arch, b);
  EXPECT_EQ(e.levels[0].footprintWords, (TensorCounts{1, 2, 2}));
  EXPECT_EQ(e.levels[1].accesses, (TensorCounts{1, 5, 2 * 5 - 5}));
  expectSameCounts(e, simulate(layer, arch, b), "hand case");
}

TEST(BlockingModel, RejectsFactorsPastTheBound) {
  Layer layer = layerWithBounds({1, 5, 1, 1, 1, 1, 1});
  Architecture arch = makeArchitecture({8});
  Blocking b = makeBlocking(
      {LoopVector{1, 2, 1, 1, 1, 1, 1}, LoopVector{1, 4, 1, 1, 1, 1, 1}});
  EXPECT_EQ(llvm::toString(validateBlocking(layer, arch, b)),
            "level 1 ('DRAM'): factor 4 of loop K exceeds ceil(5 / 2) = 3, "
            "the tiles its level below leaves");
  b.factors[1][K] = 2;
  EXPECT_EQ(llvm::toString(validateBlocking(layer, arch, b)),
            "loop K: the product of its factors over all levels is 4, the "
            "layer's bound is 5");
}

// K = 5 padded to one RF tile of 8 (a whole vector of 8 lanes): one tile, cut
// at the bound, so nothing above it may iterate over K.
TEST(BlockingModel, AcceptsAPaddedInnermostTile) {
  Layer layer = layerWithBounds({1, 5, 3, 1, 1, 1, 1});
  Architecture arch = makeArchitecture({32});
  Blocking b = makeBlocking(
      {LoopVector{1, 8, 1, 1, 1, 1, 1}, LoopVector{1, 1, 3, 1, 1, 1, 1}});
  ASSERT_FALSE(bool(validateBlocking(layer, arch, b)));
  EXPECT_TRUE(isImperfect(layer, b));
  Evaluation e = evaluate(layer, arch, b);
  EXPECT_EQ(e.levels[0].footprintWords, (TensorCounts{1, 5, 5}));
  expectSameCounts(e, simulate(layer, arch, b), "padded tile");
  b.factors[1][K] = 2;
  EXPECT_EQ(llvm::toString(validateBlocking(layer, arch, b)),
            "level 1 ('DRAM'): factor 2 of loop K exceeds ceil(5 / 8) = 1, "
            "the tiles its level below leaves");
}

// K = 4 over 2 PEs at the DRAM level, each PE's RF walking K = 2 with C = 2
// outside: each PE refills its own I (the same input) for each C: 2 PEs x 2
// fills; W and O change with every K step: 2 PEs x 4 fills of one word.
TEST(BlockingModel, HandComputedSpatialCase) {
  Layer layer = layerWithBounds({1, 4, 2, 1, 1, 1, 1});
  Architecture arch = makeArchitecture({8});
  Blocking b = makeBlocking(
      {LoopVector{1, 1, 1, 1, 1, 1, 1}, LoopVector{1, 2, 2, 1, 1, 1, 1}},
      {defaultOrder(), LoopOrder{C, K, N, Y, X, R, S}},
      {LoopVector{1, 1, 1, 1, 1, 1, 1}, LoopVector{1, 2, 1, 1, 1, 1, 1}});
  ASSERT_FALSE(bool(validateBlocking(layer, arch, b)));
  EXPECT_EQ(b.copies(0), 2);
  Evaluation e = evaluate(layer, arch, b);
  // 8 MACs on 2 PEs, one MAC per cycle each, no bandwidth limits.
  EXPECT_EQ(delayCycles(arch, e), 4.0);
  EXPECT_EQ(e.levels[1].accesses, (TensorCounts{4, 8, 2 * 8 - 4}));
  EXPECT_EQ(e.levels[0].footprintWords, (TensorCounts{1, 1, 1}));
  expectSameCounts(e, simulate(layer, arch, b), "hand case");
}

TEST(BlockingModel, RejectsInvalidSpatialFactors) {
  Layer layer = layerWithBounds({1, 4, 2, 1, 1, 1, 1});
  Architecture arch = makeArchitecture({8});
  Blocking b = makeBlocking(
      {LoopVector{1, 1, 1, 1, 1, 1, 1}, LoopVector{1, 4, 1, 1, 1, 1, 1}}, {},
      {LoopVector{1, 1, 1, 1, 1, 1, 1}, LoopVector{1, 1, 2, 1, 1, 1, 1}});
  EXPECT_EQ(llvm::toString(validateBlocking(layer, arch, b)),
            "level 1 ('DRAM'): spatial factor of C must be 1 (PEs split N K "
            "Y X above level 0), got 2");
  b.spatial[1] = LoopVector{1, 1, 1, 1, 1, 1, 1};
  b.spatial[0][K] = 2;
  EXPECT_EQ(llvm::toString(validateBlocking(layer, arch, b)),
            "level 0 ('L0'): spatial factor of K must be 1 (PEs split N K Y X "
            "above level 0), got 2");
  // Imperfect: K = 4 as 3 x 2 with 2 PEs.
  b.spatial[0][K] = 1;
  b.spatial[1][K] = 2;
  b.factors = {LoopVector{1, 3, 1, 1, 1, 1, 1},
               LoopVector{1, 1, 2, 1, 1, 1, 1}};
  EXPECT_EQ(llvm::toString(validateBlocking(layer, arch, b)),
            "loop K: spatial unrolling needs factors that multiply to the "
            "bound 4, got 6");
}

// A hand-checked case: K=4, C=2 on RF + DRAM, C outside K at the DRAM level, 8
// RF tiles of one word each. I depends on C only: 2 fills. W changes at every
// step: 8 fills. O changes with K at every step: 8 fills (8 write-backs), 4 of
// them first visits (4 reads).
TEST(BlockingModel, HandComputedTwoLevelCase) {
  Layer layer;
  layer.bounds = {1, 4, 2, 1, 1, 1, 1};
  Architecture arch = makeArchitecture({8});
  Blocking b;
  b.factors = {LoopVector{1, 1, 1, 1, 1, 1, 1},
               LoopVector{1, 4, 2, 1, 1, 1, 1}};
  b.orders = {defaultOrder(), LoopOrder{C, K, N, Y, X, R, S}};
  Evaluation e = evaluate(layer, arch, b);
  EXPECT_EQ(e.levels[0].accesses, (TensorCounts{8, 8, 2 * 8 - 4}));
  EXPECT_EQ(e.levels[1].accesses, (TensorCounts{2, 8, 2 * 8 - 4}));
  EXPECT_EQ(e.levels[0].footprintWords, (TensorCounts{1, 1, 1}));
  EXPECT_EQ(e.levels[1].footprintWords, (TensorCounts{2, 8, 4}));
  expectSameCounts(e, simulate(layer, arch, b), "hand case");
}

TEST(BlockingModel, InputFootprintIncludesTheHalo) {
  Layer layer;
  layer.bounds = {1, 1, 2, 4, 5, 3, 2};
  layer.strideY = 2;
  layer.strideX = 1;
  LoopVector tile{1, 1, 2, 4, 5, 3, 2};
  EXPECT_EQ(footprint(layer, tile, I),
            2 * ((4 - 1) * 2 + 3) * ((5 - 1) * 1 + 2));
  EXPECT_EQ(footprint(layer, tile, W), 1 * 2 * 3 * 2);
  EXPECT_EQ(footprint(layer, tile, O), 1 * 1 * 4 * 5);
}

} // namespace
