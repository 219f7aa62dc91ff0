//===- OptimizerTest.cpp - The optimizer against exhaustive enumeration ---===//

#include "RandomCases.h"

#include "eie/Analysis/Blocking/Model.h"
#include "eie/Analysis/Blocking/Optimizer.h"

#include "gtest/gtest.h"

#include <functional>

using namespace eie::blocking;
using namespace eie::blocking::testing;

namespace {

/// Every chain of tiles t_0 <= ... <= t_{levels-1} = bound of one loop, as
/// factors (f_0 = t_0, f_i = ceil(t_i / t_{i-1})): tiles that divide the bound,
/// or with `imperfect` every ceil(bound / c), each tile a multiple of the one
/// below or the whole bound.
std::vector<std::vector<int64_t>> splits(int64_t bound, unsigned levels,
                                         bool imperfect) {
  std::vector<std::vector<int64_t>> out;
  std::vector<int64_t> factors;
  std::function<void(int64_t)> extend = [&](int64_t below) {
    if (factors.size() + 1 == levels) {
      factors.push_back((bound + below - 1) / below);
      out.push_back(factors);
      factors.pop_back();
      return;
    }
    int64_t previous = 0;
    for (int64_t c = bound; c >= 1; --c) {
      int64_t t = (bound + c - 1) / c;
      if (t == previous)
        continue;
      previous = t;
      bool nests = t % below == 0 || t == bound;
      if (t < below || !nests || (!imperfect && bound % t != 0))
        continue;
      factors.push_back((t + below - 1) / below);
      extend(t);
      factors.pop_back();
    }
  };
  extend(1);
  return out;
}

/// Minimum objective over every valid blocking: all divisor factorizations, and
/// at every level
/// >= 1 every order of the loops whose factor there is > 1 (a loop with factor
/// 1 never changes index, so where it sits cannot matter).
double exhaustiveMinimum(const Layer &layer, const Architecture &arch,
                         Objective objective, bool imperfect,
                         uint64_t &evaluated) {
  unsigned levels = arch.numLevels();
  std::array<std::vector<std::vector<int64_t>>, kNumLoops> loopSplits;
  for (unsigned l = 0; l < kNumLoops; ++l)
    loopSplits[l] = splits(layer.bounds[l], levels, imperfect);
  double best = std::numeric_limits<double>::infinity();
  Blocking b;
  b.factors.assign(levels, LoopVector{});
  b.orders.assign(levels, defaultOrder());
  std::function<void(unsigned)> orderLevel = [&](unsigned level) {
    if (level == levels) {
      ++evaluated;
      best = std::min(best,
                      objectiveCost(objective, arch, evaluate(layer, arch, b)));
      return;
    }
    LoopOrder order;
    unsigned moving = 0;
    for (unsigned l = 0; l < kNumLoops; ++l)
      if (b.factors[level][l] > 1)
        order[moving++] = Loop(l);
    unsigned fixed = moving;
    for (unsigned l = 0; l < kNumLoops; ++l)
      if (b.factors[level][l] == 1)
        order[fixed++] = Loop(l);
    do {
      b.orders[level] = order;
      orderLevel(level + 1);
    } while (std::next_permutation(order.begin(), order.begin() + moving));
  };
  std::function<void(unsigned)> factorLoop = [&](unsigned l) {
    if (l == kNumLoops) {
      if (llvm::Error err = validateBlocking(layer, arch, b))
        llvm::consumeError(
            std::move(err)); // Over capacity: not a valid blocking.
      else
        orderLevel(1);
      return;
    }
    for (const std::vector<int64_t> &split : loopSplits[l]) {
      for (unsigned i = 0; i < levels; ++i)
        b.factors[i][l] = split[i];
      factorLoop(l + 1);
    }
  };
  factorLoop(0);
  return best;
}

/// Capacities that bind: each level between 3 words and a few times the level
/// below.
Architecture randomArchitecture(std::mt19937 &rng, unsigned levels) {
  std::vector<int64_t> capacities;
  int64_t low = 3;
  for (unsigned i = 0; i + 1 < levels; ++i) {
    int64_t c = low + int64_t(rng() % (i == 0 ? 200 : 16 * low));
    capacities.push_back(c);
    low = c;
  }
  Architecture arch = makeArchitecture(capacities);
  // Bandwidths for the energy-delay objective: some levels limited, some not.
  // Many MACs per cycle and narrow levels make the delay memory-bound, where
  // the energy-delay optimum differs from the energy optimum.
  arch.macsPerCycle = 1 + rng() % 64;
  for (MemoryLevel &level : arch.levels)
    if (rng() % 3)
      level.wordsPerCycle = (1 + rng() % 16) / 8.0;
  // Random energies (still growing outwards) so that no single level dominates
  // every case.
  double e = 0.5 + (rng() % 100) / 50.0;
  for (MemoryLevel &level : arch.levels) {
    level.energyPerAccessPJ = e;
    e *= 1.5 + (rng() % 100) / 10.0;
  }
  return arch;
}

void checkAgainstExhaustive(uint32_t seed, unsigned levels, int64_t maxMacs,
                            int cases, Objective objective,
                            bool imperfect = false) {
  std::mt19937 rng(seed);
  uint64_t exhaustiveEvaluated = 0, optimizerEvaluated = 0;
  for (int c = 0; c < cases; ++c) {
    Layer layer = randomLayer(rng, maxMacs);
    Architecture arch = randomArchitecture(rng, levels);
    SearchOptions options;
    options.objective = objective;
    options.imperfect = imperfect;
    llvm::Expected<SearchResult> result = optimize(layer, arch, options);
    ASSERT_TRUE(bool(result)) << llvm::toString(result.takeError());
    EXPECT_TRUE(result->optimal);
    EXPECT_FALSE(bool(validateBlocking(layer, arch, result->blocking)));
    EXPECT_EQ(result->cost,
              objectiveCost(objective, arch,
                            evaluate(layer, arch, result->blocking)));
    double expected = exhaustiveMinimum(layer, arch, objective, imperfect,
                                        exhaustiveEvaluated);
    EXPECT_NEAR(result->cost, expected, 1e-9 * expected)
        << "case " << c << " bounds " << layer.bounds[0] << " "
        << layer.bounds[1] << " " << layer.bounds[2] << " " << layer.bounds[3]
        << " " << layer.bounds[4] << " " << layer.bounds[5] << " "
        << layer.bounds[6] << " stride " << layer.strideY << ","
        << layer.strideX;
    optimizerEvaluated += result->candidates;
    if (::testing::Test::HasFailure())
      return;
  }
  // The search must not be the enumeration in disguise.
  EXPECT_LT(optimizerEvaluated, exhaustiveEvaluated);
}

TEST(BlockingOptimizer, EqualsExhaustiveOnTwoLevels) {
  checkAgainstExhaustive(1, 2, 3000, 300, Objective::Energy);
}

TEST(BlockingOptimizer, EqualsExhaustiveOnThreeLevels) {
  checkAgainstExhaustive(2, 3, 1000, 400, Objective::Energy);
}

TEST(BlockingOptimizer, EqualsExhaustiveOnFourLevels) {
  checkAgainstExhaustive(3, 4, 150, 200, Objective::Energy);
}

TEST(BlockingOptimizer, EqualsExhaustiveForOuterAccesses) {
  checkAgainstExhaustive(4, 3, 1000, 200, Objective::OuterAccesses);
}

TEST(BlockingOptimizer, EqualsExhaustiveForEnergyDelay) {
  checkAgainstExhaustive(5, 3, 1000, 200, Objective::EnergyDelay);
}

TEST(BlockingOptimizer, EqualsExhaustiveForEnergyDelayOnFourLevels) {
  checkAgainstExhaustive(6, 4, 150, 100, Objective::EnergyDelay);
}

TEST(BlockingOptimizer, EqualsExhaustiveWithImperfectTilesOnTwoLevels) {
  checkAgainstExhaustive(11, 2, 3000, 300, Objective::Energy, true);
}

TEST(BlockingOptimizer, EqualsExhaustiveWithImperfectTilesOnThreeLevels) {
  checkAgainstExhaustive(12, 3, 300, 300, Objective::Energy, true);
}

TEST(BlockingOptimizer, EqualsExhaustiveWithImperfectTilesOnFourLevels) {
  checkAgainstExhaustive(13, 4, 150, 100, Objective::Energy, true);
}

TEST(BlockingOptimizer, EqualsExhaustiveWithImperfectTilesForEnergyDelay) {
  checkAgainstExhaustive(14, 3, 300, 150, Objective::EnergyDelay, true);
}

// Bounds with few divisors under a tight register file: the imperfect space
// contains the perfect one and here does strictly better.
TEST(BlockingOptimizer, ImperfectTilesCanBeatDivisors) {
  Layer layer;
  layer.bounds = {1, 7, 5, 11, 1, 3, 1};
  Architecture arch = makeArchitecture({40});
  llvm::Expected<SearchResult> perfect = optimize(layer, arch);
  SearchOptions options;
  options.imperfect = true;
  llvm::Expected<SearchResult> imperfect = optimize(layer, arch, options);
  ASSERT_TRUE(bool(perfect) && bool(imperfect));
  EXPECT_FALSE(isImperfect(layer, perfect->blocking));
  EXPECT_TRUE(isImperfect(layer, imperfect->blocking));
  EXPECT_LT(imperfect->cost, perfect->cost);
  EXPECT_FALSE(bool(validateBlocking(layer, arch, imperfect->blocking)));
}

TEST(BlockingOptimizer, ReportsALevelTooSmallForAnyTile) {
  Layer layer;
  layer.name = "fc";
  layer.bounds = {1, 8, 8, 1, 1, 1, 1};
  llvm::Expected<SearchResult> result =
      optimize(layer, makeArchitecture({2, 100}));
  ASSERT_FALSE(bool(result));
  EXPECT_EQ(llvm::toString(result.takeError()),
            "layer 'fc' cannot be blocked for 'test': level 0 ('L0') has 2 "
            "words, fewer than the "
            "3 that even 1x1 tiles of I, W and O need");
}

TEST(BlockingOptimizer, CandidateLimitGivesAnUnprovenValidBlocking) {
  Layer layer;
  layer.bounds = {1, 16, 8, 6, 6, 3, 3};
  Architecture arch = makeArchitecture({64, 2048});
  SearchOptions options;
  options.maxCandidates = 1;
  llvm::Expected<SearchResult> limited = optimize(layer, arch, options);
  ASSERT_TRUE(bool(limited));
  EXPECT_FALSE(limited->optimal);
  EXPECT_FALSE(bool(validateBlocking(layer, arch, limited->blocking)));
  llvm::Expected<SearchResult> full = optimize(layer, arch);
  ASSERT_TRUE(bool(full));
  EXPECT_TRUE(full->optimal);
  EXPECT_LE(full->cost, limited->cost);
}

TEST(BlockingOptimizer, SingleLevelHoldsEverything) {
  Layer layer;
  layer.bounds = {1, 4, 3, 2, 2, 1, 1};
  llvm::Expected<SearchResult> result = optimize(layer, makeArchitecture({}));
  ASSERT_TRUE(bool(result));
  EXPECT_EQ(result->blocking.factors[0], layer.bounds);
  EXPECT_EQ(result->evaluation.levels[0].accesses[I], layer.macs());
}

} // namespace
