//===- Optimizer.cpp - Exact minimum-cost blocking search -----------------===//
//
// Depth-first branch and bound from the outermost level down. A node fixes the
// tile of a level, the order of the level above it and hence, exactly, the
// accesses that the fills of this level cause one level up (they depend only on
// the tiles and orders of this level and the levels above: Model.h). Why the
// pruning below is exact (docs/BlockingModel.md has the long form):
//
// 1. Orders. A level's order matters only through levelReuse(): which tensor's
// irrelevant loops sit innermost among the loops with factor > 1. The
// irrelevant loop groups {K} (of I), {N, Y, X} (of W) and {C, R, S} (of O)
// partition the seven loops, so whatever the order, the innermost iterating
// loop belongs to one group and only that group's tensor gets reuse
// (inner > 1); the others get none. Putting that whole group innermost gives
// its tensor the largest possible inner product and changes neither the
// others' (1) nor any passesThrough flag (those depend on the factors only).
// Fills only shrink as reuse grows, so the three "stationary" orders, one per
// group, dominate all 7! orders; an order whose group has only factors 1 at
// that level is dominated by another of the three and is skipped.
//
// 2. Bounds. At any level j the innermost iterating loop above it is
// irrelevant to exactly one tensor, so at most one tensor of level j is ever
// reused across tiles; it then still needs at least one fill per combination
// of its relevant loops. lowerBound() takes the best such tensor for a tile
// alone, a valid bound for every completion; tiles are visited in increasing
// bound order, so the first tile whose bound cannot beat the incumbent ends the
// loop.
//
//===----------------------------------------------------------------------===//

#include "eie/Analysis/Blocking/Optimizer.h"

#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <chrono>
#include <limits>

using namespace llvm;

namespace eie::blocking {

StringRef objectiveName(Objective objective) {
  switch (objective) {
  case Objective::Energy:
    return "energy";
  case Objective::OuterAccesses:
    return "dram";
  case Objective::EnergyDelay:
    return "edp";
  }
  return "";
}

std::optional<Objective> parseObjective(StringRef name) {
  for (Objective o :
       {Objective::Energy, Objective::OuterAccesses, Objective::EnergyDelay})
    if (name == objectiveName(o))
      return o;
  return std::nullopt;
}

/// Cost per word access at each level and per MAC under `objective`.
static std::vector<double> accessWeights(Objective objective,
                                         const Architecture &arch) {
  std::vector<double> weights(arch.numLevels(), 0.0);
  for (unsigned i = 0; i < arch.numLevels(); ++i)
    weights[i] = objective == Objective::OuterAccesses
                     ? double(i + 1 == arch.numLevels())
                     : arch.levels[i].energyPerAccessPJ;
  return weights;
}

double objectiveCost(Objective objective, const Architecture &arch,
                     const Evaluation &eval) {
  if (objective == Objective::Energy)
    return eval.energyPJ;
  if (objective == Objective::EnergyDelay)
    return eval.energyPJ * delayCycles(arch, eval);
  const TensorCounts &outer = eval.levels.back().accesses;
  return double(outer[I] + outer[W] + outer[O]);
}

namespace {
/// The three orders that dominate all others, one per tensor kept stationary:
/// the loops that tensor does not depend on go innermost.
constexpr LoopOrder kStationaryOrders[kNumTensors] = {
    {N, C, Y, X, R, S, K}, // I stationary
    {K, C, R, S, N, Y, X}, // W stationary
    {N, K, Y, X, C, R, S}, // O stationary
};

struct Candidate {
  LoopVector tile;
  TensorCounts footprint;
  int64_t steps;
  /// Lower bound on the weighted accesses this tile's fills cause one level up.
  double bound;
};

class Search {
public:
  Search(const Layer &layer, const Architecture &arch,
         const SearchOptions &options)
      : layer(layer), arch(arch), options(options),
        weights(accessWeights(options.objective, arch)) {}

  Error run(SearchResult &result);

private:
  void enumerateTiles(unsigned level, unsigned loop, LoopVector &tile);
  double lowerBound(unsigned level, const Candidate &c) const;
  /// `cost`: weighted accesses (energy, or DRAM words) so far; `cycles`: the
  /// delay so far (energy-delay objective).
  void descend(unsigned child, const LoopVector &above,
               const TensorCounts &reuseAbove, double cost, double cycles);
  /// The objective of a (partial) blocking: both arguments only grow as levels
  /// are added, so this of lower bounds is a lower bound.
  double score(double cost, double cycles) const {
    return options.objective == Objective::EnergyDelay ? cost * cycles : cost;
  }

  const Layer &layer;
  const Architecture &arch;
  const SearchOptions &options;
  std::vector<double> weights;
  std::vector<std::vector<int64_t>> divisors;
  /// Per bounded level: every divisor tile that fits, sorted by increasing
  /// bound.
  std::vector<std::vector<Candidate>> candidates;
  /// restBound[i]: sum over levels j < i of the smallest bound of level j.
  std::vector<double> restBound;
  uint64_t evaluated = 0;
  bool aborted = false;
  double best = std::numeric_limits<double>::infinity();
  std::vector<LoopVector> pathTiles, bestTiles;
  std::vector<unsigned> pathOrders, bestOrders;
};
} // namespace

void Search::enumerateTiles(unsigned level, unsigned loop, LoopVector &tile) {
  if (loop == kNumLoops) {
    Candidate c;
    c.tile = tile;
    c.steps = 1;
    for (unsigned l = 0; l < kNumLoops; ++l)
      c.steps *= layer.bounds[l] / tile[l];
    for (unsigned t = 0; t < kNumTensors; ++t)
      c.footprint[t] = footprint(layer, tile, Tensor(t));
    c.bound = lowerBound(level, c);
    candidates[level].push_back(c);
    return;
  }
  int64_t capacity = *arch.levels[level].capacityWords;
  for (int64_t d : divisors[loop]) {
    tile[loop] = d;
    // Footprints grow with every factor: once too big, larger divisors are too.
    if (tileWords(layer, tile) > capacity)
      break;
    enumerateTiles(level, loop + 1, tile);
  }
  tile[loop] = 1;
}

double Search::lowerBound(unsigned level, const Candidate &c) const {
  TensorCounts noReuse{c.steps, c.steps, c.steps};
  TensorCounts accesses = fillAccesses(layer, noReuse, c.footprint);
  int64_t total = accesses[I] + accesses[W] + accesses[O];
  int64_t bestSaving = 0;
  for (unsigned t = 0; t < kNumTensors; ++t) {
    int64_t relevantSteps = 1;
    for (unsigned l = 0; l < kNumLoops; ++l)
      if (dependsOn(Tensor(t), Loop(l)))
        relevantSteps *= layer.bounds[l] / c.tile[l];
    int64_t perFill = t == O ? 2 * c.footprint[t] : c.footprint[t];
    bestSaving = std::max(bestSaving, (c.steps - relevantSteps) * perFill);
  }
  return weights[level + 1] * double(total - bestSaving);
}

void Search::descend(unsigned child, const LoopVector &above,
                     const TensorCounts &reuseAbove, double cost,
                     double cycles) {
  // Choose the tile of level `child` (a divisor of `above`) and the order of
  // level `child` + 1.
  double rest = restBound[child];
  for (const Candidate &c : candidates[child]) {
    if (aborted || score(cost + c.bound + rest, cycles) >= best)
      return;
    LoopVector factors;
    bool divides = true;
    bool trivial = true;
    for (unsigned l = 0; l < kNumLoops && divides; ++l) {
      divides = above[l] % c.tile[l] == 0;
      factors[l] = divides ? above[l] / c.tile[l] : 1;
      trivial &= factors[l] == 1;
    }
    if (!divides)
      continue;
    pathTiles[child] = c.tile;
    for (unsigned s = 0; s < kNumTensors && !aborted; ++s) {
      // Section 1 above: a stationary order whose own group does not iterate
      // here is dominated; with no loop iterating, every order is the same.
      bool groupIterates = false;
      for (unsigned l = 0; l < kNumLoops; ++l)
        groupIterates |= factors[l] > 1 && !dependsOn(Tensor(s), Loop(l));
      if (trivial ? s > 0 : !groupIterates)
        continue;
      LevelReuse reuse = levelReuse(factors, kStationaryOrders[s]);
      TensorCounts reuseHere, fills;
      for (unsigned t = 0; t < kNumTensors; ++t) {
        reuseHere[t] =
            reuse.inner[t] * (reuse.passesThrough[t] ? reuseAbove[t] : 1);
        fills[t] = c.steps / reuseHere[t];
      }
      TensorCounts acc = fillAccesses(layer, fills, c.footprint);
      int64_t words = acc[I] + acc[W] + acc[O];
      double total = cost + weights[child + 1] * double(words);
      double totalCycles =
          std::max(cycles, transferCycles(arch, child + 1, words));
      ++evaluated;
      if (options.maxCandidates && evaluated >= options.maxCandidates &&
          best < std::numeric_limits<double>::infinity())
        aborted = true;
      if (score(total + rest, totalCycles) >= best)
        continue;
      pathOrders[child + 1] = s;
      if (child == 0) {
        best = score(total, totalCycles);
        bestTiles = pathTiles;
        bestOrders = pathOrders;
      } else {
        descend(child - 1, c.tile, reuseHere, total, totalCycles);
      }
    }
  }
}

Error Search::run(SearchResult &result) {
  if (Error err = validateLayer(layer))
    return err;
  if (Error err = validateArchitecture(arch))
    return err;
  auto start = std::chrono::steady_clock::now();
  unsigned levels = arch.numLevels();
  divisors.resize(kNumLoops);
  for (unsigned l = 0; l < kNumLoops; ++l)
    for (int64_t d = 1; d <= layer.bounds[l]; ++d)
      if (layer.bounds[l] % d == 0)
        divisors[l].push_back(d);

  candidates.resize(levels);
  restBound.assign(levels, 0.0);
  for (unsigned i = 0; i + 1 < levels; ++i) {
    LoopVector tile{1, 1, 1, 1, 1, 1, 1};
    enumerateTiles(i, 0, tile);
    if (candidates[i].empty())
      return createStringError(
          formatv("layer '{0}' cannot be blocked for '{1}': level {2} ('{3}') "
                  "has {4} words, fewer than the 3 that even 1x1 tiles of I, W "
                  "and O need",
                  layer.name, arch.name, i, arch.levels[i].name,
                  *arch.levels[i].capacityWords));
    std::sort(candidates[i].begin(), candidates[i].end(),
              [](const Candidate &a, const Candidate &b) {
                return a.bound != b.bound ? a.bound < b.bound : a.tile < b.tile;
              });
    if (i + 1 < levels)
      restBound[i + 1] = restBound[i] + candidates[i].front().bound;
  }

  // Level 0 serves the MACs whatever the blocking.
  int64_t rfWords = 4 * layer.macs() - layer.tensorWords(O);
  double fixed = options.objective == Objective::OuterAccesses
                     ? 0.0
                     : arch.macEnergyPJ * double(layer.macs());
  fixed += weights[0] * double(rfWords);
  double cycles = std::max(double(layer.macs()) / arch.macsPerCycle,
                           transferCycles(arch, 0, rfWords));
  pathTiles.assign(levels, layer.bounds);
  pathOrders.assign(levels, 0);
  if (levels == 1) {
    best = score(fixed, cycles);
    bestTiles = pathTiles;
    bestOrders = pathOrders;
  } else {
    descend(levels - 2, layer.bounds, TensorCounts{1, 1, 1}, fixed, cycles);
  }

  Blocking &blocking = result.blocking;
  blocking.factors.assign(levels, LoopVector{});
  blocking.orders.assign(levels, defaultOrder());
  for (unsigned i = 0; i < levels; ++i) {
    for (unsigned l = 0; l < kNumLoops; ++l)
      blocking.factors[i][l] =
          i == 0 ? bestTiles[0][l] : bestTiles[i][l] / bestTiles[i - 1][l];
    if (i > 0)
      blocking.orders[i] = kStationaryOrders[bestOrders[i]];
  }
  result.evaluation = evaluate(layer, arch, blocking);
  result.cost = objectiveCost(options.objective, arch, result.evaluation);
  result.candidates = evaluated;
  result.optimal = !aborted;
  result.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  return Error::success();
}

Expected<SearchResult> optimize(const Layer &layer, const Architecture &arch,
                                const SearchOptions &options) {
  SearchResult result;
  Search search(layer, arch, options);
  if (Error err = search.run(result))
    return std::move(err);
  return result;
}

} // namespace eie::blocking
