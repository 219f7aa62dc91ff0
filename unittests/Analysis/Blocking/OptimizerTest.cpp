//===- OptimizerTest.cpp - The optimizer against exhaustive enumeration ---===//

#include "RandomCases.h"

#include "eie/Analysis/Blocking/Model.h"
#include "eie/Analysis/Blocking/Optimizer.h"
#include "eie/Analysis/Blocking/TileConstraints.h"

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

/// The tile rules of TileConstraints, written out again apart from
/// checkConstraints(), for a blocking of the padded layer.
bool satisfiesTileRules(const Layer &padded, const Blocking &b,
                        const TileConstraints &c) {
  for (unsigned l = 0; l < kNumLoops; ++l)
    if (c.unitAtLevel0[l] && b.factors[0][l] != 1)
      return false;
  if (b.factors[0][K] % c.vectorLanes != 0)
    return false;
  LoopVector t0 = b.clippedTile(padded, 0);
  if (c.maxAccumulators &&
      t0[N] * t0[Y] * t0[X] * (t0[K] / c.vectorLanes) > c.maxAccumulators)
    return false;
  for (unsigned i = 0; i < b.numLevels(); ++i) {
    LoopVector t = b.clippedTile(padded, i);
    for (unsigned l = 0; l < kNumLoops; ++l)
      if (c.alignment[l] % t[l] != 0 && t[l] % c.alignment[l] != 0 &&
          t[l] != padded.bounds[l])
        return false;
  }
  return true;
}

/// Whether the first `moving` loops of `order` have no N, K, Y or X after a
/// C, R or S.
bool reductionsLast(const LoopOrder &order, unsigned moving) {
  bool reduction = false;
  for (unsigned p = 0; p < moving; ++p) {
    bool isReduction = order[p] == C || order[p] == R || order[p] == S;
    if (reduction && !isReduction)
      return false;
    reduction |= isReduction;
  }
  return true;
}

/// Minimum objective over every valid blocking: all divisor factorizations
/// (or imperfect tile chains), and at every level >= 1 every order of the
/// loops whose factor there is > 1 (a loop with factor 1 never changes index,
/// so where it sits cannot matter); with constraints, of the padded layer and
/// only the blockings that satisfy them. Infinite when there is none.
double exhaustiveMinimum(const Layer &unpadded, const Architecture &arch,
                         Objective objective, bool imperfect,
                         uint64_t &evaluated,
                         const TileConstraints &constraints = {}) {
  Layer layer = paddedLayer(unpadded, constraints);
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
      if (level == 1 && constraints.reductionsInnermostAtLevel1 &&
          !reductionsLast(order, moving))
        continue;
      b.orders[level] = order;
      orderLevel(level + 1);
    } while (std::next_permutation(order.begin(), order.begin() + moving));
  };
  std::function<void(unsigned)> factorLoop = [&](unsigned l) {
    if (l == kNumLoops) {
      if (llvm::Error err = validateBlocking(layer, arch, b))
        llvm::consumeError(
            std::move(err)); // Over capacity: not a valid blocking.
      else if (satisfiesTileRules(layer, b, constraints))
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

/// Draws the constraints of a random case (and may reshape its layer).
using DrawConstraints = std::function<TileConstraints(std::mt19937 &, Layer &)>;

/// What the constrained cases exercised.
struct Coverage {
  int cases = 0, infeasible = 0, padded = 0, grouped = 0;
  /// Cases whose optimum costs more than without the constraints.
  int binding = 0;
};

/// Compares the optimizer with exhaustiveMinimum() on `cases` random layers
/// and architectures, under the constraints `draw` gives (none if null);
/// adds what the cases exercised to `covered`.
void checkAgainstExhaustive(uint32_t seed, unsigned levels, int64_t maxMacs,
                            int cases, Objective objective,
                            bool imperfect = false,
                            const DrawConstraints &draw = nullptr,
                            Coverage *covered = nullptr) {
  std::mt19937 rng(seed);
  uint64_t exhaustiveEvaluated = 0, optimizerEvaluated = 0;
  Coverage ignored;
  Coverage &coverage = covered ? *covered : ignored;
  for (int c = 0; c < cases; ++c) {
    Layer layer = randomLayer(rng, maxMacs);
    Architecture arch = randomArchitecture(rng, levels);
    SearchOptions options;
    options.objective = objective;
    options.imperfect = imperfect;
    if (draw)
      options.constraints = draw(rng, layer);
    Layer padded = paddedLayer(layer, options.constraints);
    ++coverage.cases;
    coverage.padded += padded.bounds[K] != layer.bounds[K];
    int64_t groupSize = options.constraints.alignment[K];
    coverage.grouped += groupSize > 1 && groupSize < layer.bounds[K];
    std::string what = "case " + std::to_string(c) + " bounds";
    for (int64_t b : layer.bounds)
      what += " " + std::to_string(b);
    what += " stride " + std::to_string(layer.strideY) + "," +
            std::to_string(layer.strideX);
    double expected =
        exhaustiveMinimum(layer, arch, objective, imperfect,
                          exhaustiveEvaluated, options.constraints);
    llvm::Expected<SearchResult> result = optimize(layer, arch, options);
    if (expected == std::numeric_limits<double>::infinity()) {
      // No blocking satisfies the constraints.
      ++coverage.infeasible;
      ASSERT_FALSE(bool(result)) << what;
      std::string message = llvm::toString(result.takeError());
      EXPECT_NE(message.find("under the tile constraints"), std::string::npos)
          << what << ": " << message;
      continue;
    }
    ASSERT_TRUE(bool(result))
        << what << ": " << llvm::toString(result.takeError());
    EXPECT_TRUE(result->optimal);
    EXPECT_FALSE(bool(validateBlocking(padded, arch, result->blocking)));
    // Of the layer itself, a padded K is an imperfect blocking.
    EXPECT_FALSE(bool(validateBlocking(layer, arch, result->blocking)));
    EXPECT_FALSE(bool(
        checkConstraints(layer, arch, result->blocking, options.constraints)))
        << what;
    // Literally, whether or not they iterate: the code generator's order.
    if (options.constraints.reductionsInnermostAtLevel1 && levels > 1)
      EXPECT_TRUE(reductionsLast(result->blocking.orders[1], kNumLoops))
          << what;
    EXPECT_EQ(result->cost,
              objectiveCost(objective, arch,
                            evaluate(padded, arch, result->blocking)));
    EXPECT_NEAR(result->cost, expected, 1e-9 * expected) << what;
    optimizerEvaluated += result->candidates;
    SearchOptions free = options;
    free.constraints = {};
    llvm::Expected<SearchResult> unconstrained = optimize(padded, arch, free);
    ASSERT_TRUE(bool(unconstrained));
    coverage.binding += result->cost > unconstrained->cost * (1 + 1e-9);
    if (::testing::Test::HasFailure())
      return;
  }
  // The search must not be the enumeration in disguise.
  EXPECT_LT(optimizerEvaluated, exhaustiveEvaluated);
}

/// Any mix of the rules, with small vector widths, budgets and alignments.
TileConstraints randomConstraints(std::mt19937 &rng, Layer &) {
  TileConstraints c;
  for (bool &unit : c.unitAtLevel0)
    unit = rng() % 3 == 0;
  c.vectorLanes = 1 + rng() % 4;
  c.maxAccumulators = rng() % 2 ? 0 : 1 + rng() % 8;
  for (int64_t &alignment : c.alignment)
    alignment = rng() % 3 ? 1 : 1 + rng() % 6;
  c.reductionsInnermostAtLevel1 = rng() % 2;
  return c;
}

/// x86Constraints() of a small vector unit (2-4 lanes, 1-6 accumulators) and
/// an input channel block of 2-4; one layer in three becomes a grouped one,
/// K = 2 or 3 groups of one vector.
TileConstraints randomX86Constraints(std::mt19937 &rng, Layer &layer) {
  Architecture arch;
  arch.name = "small-x86";
  int64_t lanes = 2 + rng() % 3;
  arch.vector =
      VectorUnit{"test", lanes, kX86ReservedRegisters + 1 + int64_t(rng() % 6)};
  int64_t groups = 1;
  if (rng() % 3 == 0) {
    groups = 2 + rng() % 2;
    layer.bounds[K] = groups * lanes;
  }
  llvm::Expected<TileConstraints> c =
      x86Constraints(layer, arch, 2 + rng() % 3, groups);
  EXPECT_TRUE(bool(c)) << llvm::toString(c.takeError());
  return c ? *c : TileConstraints{};
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

/// Compares under the constraints `draw` gives and checks that the cases
/// exercised them: most feasible, a good part padded and bound by them, and
/// for the x86 ones, grouped.
void checkConstrained(uint32_t seed, unsigned levels, int64_t maxMacs,
                      int cases, Objective objective, bool imperfect,
                      const DrawConstraints &draw, bool x86) {
  Coverage coverage;
  checkAgainstExhaustive(seed, levels, maxMacs, cases, objective, imperfect,
                         draw, &coverage);
  EXPECT_LT(coverage.infeasible, coverage.cases / 2);
  EXPECT_GT(coverage.padded, coverage.cases / 4);
  EXPECT_GT(coverage.binding, coverage.cases / 5);
  if (x86)
    EXPECT_GT(coverage.grouped, coverage.cases / 5);
}

TEST(BlockingOptimizer, EqualsExhaustiveUnderConstraintsOnTwoLevels) {
  checkConstrained(21, 2, 3000, 300, Objective::Energy, false,
                   randomConstraints, false);
}

TEST(BlockingOptimizer, EqualsExhaustiveUnderConstraintsOnThreeLevels) {
  checkConstrained(22, 3, 1000, 300, Objective::Energy, false,
                   randomConstraints, false);
}

TEST(BlockingOptimizer, EqualsExhaustiveUnderConstraintsOnFourLevels) {
  checkConstrained(23, 4, 150, 150, Objective::Energy, false, randomConstraints,
                   false);
}

TEST(BlockingOptimizer, EqualsExhaustiveUnderConstraintsForEnergyDelay) {
  checkConstrained(24, 3, 1000, 150, Objective::EnergyDelay, false,
                   randomConstraints, false);
}

TEST(BlockingOptimizer, EqualsExhaustiveUnderX86ConstraintsOnThreeLevels) {
  checkConstrained(25, 3, 1000, 400, Objective::Energy, false,
                   randomX86Constraints, true);
}

TEST(BlockingOptimizer, EqualsExhaustiveUnderX86ConstraintsOnFourLevels) {
  checkConstrained(26, 4, 300, 200, Objective::Energy, false,
                   randomX86Constraints, true);
}

TEST(BlockingOptimizer, EqualsExhaustiveUnderConstraintsWithImperfectTiles) {
  checkConstrained(27, 3, 300, 200, Objective::Energy, true, randomConstraints,
                   false);
  checkConstrained(28, 3, 300, 200, Objective::Energy, true,
                   randomX86Constraints, true);
}

// checkConstraints() agrees with the rules written out above on random
// blockings (divisor and imperfect ones, random orders) under random
// constraints.
TEST(BlockingOptimizer, CheckConstraintsAgreesWithTheRules) {
  std::mt19937 rng(31);
  int satisfied = 0, cases = 4000;
  for (int c = 0; c < cases; ++c) {
    Layer layer = randomLayer(rng, 3000);
    TileConstraints constraints = rng() % 2 ? randomConstraints(rng, layer)
                                            : randomX86Constraints(rng, layer);
    Layer padded = paddedLayer(layer, constraints);
    unsigned levels = 2 + rng() % 3;
    Blocking b = rng() % 2 ? randomBlocking(rng, padded, levels)
                           : randomImperfectBlocking(rng, padded, levels);
    Architecture arch =
        makeArchitecture(std::vector<int64_t>(levels - 1, int64_t(1) << 40));
    ASSERT_FALSE(bool(validateBlocking(padded, arch, b)));
    LoopOrder iterating;
    unsigned moving = 0;
    for (Loop l : b.orders[1])
      if (b.factors[1][l] > 1)
        iterating[moving++] = l;
    bool expected = satisfiesTileRules(padded, b, constraints) &&
                    (!constraints.reductionsInnermostAtLevel1 ||
                     reductionsLast(iterating, moving));
    llvm::Error err = checkConstraints(layer, arch, b, constraints);
    EXPECT_EQ(!err, expected)
        << "case " << c << ": " << (err ? llvm::toString(std::move(err)) : "");
    llvm::consumeError(std::move(err));
    satisfied += expected;
  }
  EXPECT_GT(satisfied, cases / 20);
  EXPECT_LT(satisfied, cases / 2);
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
