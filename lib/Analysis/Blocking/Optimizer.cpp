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
// 3. Imperfect tiles (SearchOptions::imperfect). Partial tiles change which
// loop iterates innermost from one tile to the next, so a level may reuse
// different tensors in different places and the bound of 2 no longer holds.
// What still holds at every step of any walk is that the loop that advanced
// belongs to one group, so at most one tensor escapes its fill:
// imperfectBound() sums all three fills but the dearest over the tiles, which
// fall into at most 2^7 classes of equal sizes (full or last along each
// loop), and takes the larger of that and one fill of every distinct tile.
// The fills themselves come from imperfectFillWords() (Model.h).
//
// 4. Constraints (SearchOptions::constraints, TileConstraints.h). The search
// blocks the layer with K padded to whole vectors, and its space shrinks to
// the blockings that satisfy them; nothing above assumed that a tile or order
// outside that space exists. Tiles: the constraints on a tile depend on its
// level and sizes alone (unit factors, K a multiple of the lanes and the
// accumulators at level 0, alignments at every level), so each level's
// candidates are filtered, never pruned by dominance; the capacity cut-off in
// enumerateTiles() is about footprints, which still grow with every factor.
// Bounds: lowerBound() and imperfectBound() hold for every completion, so for
// the admissible ones; the bound of the levels below is the smallest over
// their admissible candidates. Orders: level 1's must put its iterating C, R,
// S innermost. If one of them iterates, every such order has a reduction loop
// innermost among the iterating ones and all of them after N, K, Y, X, which
// gives O the reuse of all three factors and I and W none (both depend on C,
// R, S): exactly O stationary. If none iterates, the constraint says nothing
// and the three stationary orders are written with C, R, S last
// (kReductionsLastOrders), the same counts.
//
// 5. Targets. Depth first, the first complete blockings can cost several
// times the optimum (the cheapest-bound tile of each level is often a poor
// start), and until a good one is found little is cut. So the search runs
// with a target instead of an incumbent: a node is cut when its bound reaches
// the target, first just above the lower bound of the whole search, the margin
// doubling until some blocking beats it, the last target infinite. A run with
// target B finds the optimum whenever it is below B (a blocking below B has
// every bound on its path below B too), and finding none proves the optimum is
// at least B; either way the result is exact.
//
//===----------------------------------------------------------------------===//

#include "eie/Analysis/Blocking/Optimizer.h"

#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
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
/// The search first looks for a blocking within 1/kFirstTargetMargin of the
/// lower bound, then doubles the margin; after kTargetRounds it has no target.
constexpr double kFirstTargetMargin = 128;
constexpr unsigned kTargetRounds = 16;

/// The three orders that dominate all others, one per tensor kept stationary:
/// the loops that tensor does not depend on go innermost.
constexpr LoopOrder kStationaryOrders[kNumTensors] = {
    {N, C, Y, X, R, S, K}, // I stationary
    {K, C, R, S, N, Y, X}, // W stationary
    {N, K, Y, X, C, R, S}, // O stationary
};

/// The same with C, R and S innermost, for level 1 when its reductions must
/// be: they count as kStationaryOrders when none of C, R, S iterates there,
/// and all as the O-stationary one when one does.
constexpr LoopOrder kReductionsLastOrders[kNumTensors] = {
    {N, Y, X, K, C, R, S}, // I stationary
    {K, N, Y, X, C, R, S}, // W stationary
    {N, K, Y, X, C, R, S}, // O stationary
};

/// Bit l set when the tensor depends on loop l (dependsOn(), as masks for the
/// inner loops of the bounds).
constexpr unsigned kRelevantLoops[kNumTensors] = {
    0b1111101, // I: N C Y X R S
    0b1100110, // W: K C R S
    0b0011011, // O: N K Y X
};

struct Candidate {
  LoopVector tile;
  TensorCounts footprint;
  int64_t steps;
  /// Whether some loop's tile does not divide the bound.
  bool partial;
  /// Lower bound on the weighted accesses this tile's fills cause one level up.
  double bound;
};

class Search {
public:
  Search(const Layer &layer, const Architecture &arch,
         const SearchOptions &options)
      : layer(paddedLayer(layer, options.constraints)), arch(arch),
        options(options), weights(accessWeights(options.objective, arch)) {}

  Error run(SearchResult &result);

private:
  /// Whether a level-`level` tile may have `size` iterations of `loop` under
  /// the constraints (the accumulators are checked on whole tiles).
  bool admissible(unsigned level, unsigned loop, int64_t size) const;
  void enumerateTiles(unsigned level, unsigned loop, LoopVector &tile);
  double lowerBound(unsigned level, const Candidate &c) const;
  double imperfectBound(unsigned level, const Candidate &c) const;
  /// Fills of the level-`child` tile `c` under the tiles and orders fixed
  /// above, with `reuse` the reuse of a perfect walk (Model.h).
  TensorCounts fillWords(unsigned child, const Candidate &c,
                         const TensorCounts &reuse) const;
  /// `cost`: weighted accesses (energy, or DRAM words) so far; `cycles`: the
  /// delay so far (energy-delay objective).
  void descend(unsigned child, const LoopVector &above,
               const TensorCounts &reuseAbove, double cost, double cycles);
  /// The objective of a (partial) blocking: both arguments only grow as levels
  /// are added, so this of lower bounds is a lower bound.
  double score(double cost, double cycles) const {
    return options.objective == Objective::EnergyDelay ? cost * cycles : cost;
  }

  /// The layer searched: K padded to the constraints' vector lanes.
  const Layer layer;
  const Architecture &arch;
  const SearchOptions &options;
  std::vector<double> weights;
  /// Per loop, the tile sizes searched, ascending: the divisors of the bound,
  /// or with imperfect tiles every ceil(bound / c).
  std::vector<std::vector<int64_t>> tileSizes;
  /// The k-th candidate of `level` in increasing bound order (ties by tile),
  /// or null past the last. Sorted lazily: the tile loops stop at the first
  /// bound that fails, so most candidates are never needed in order.
  const Candidate *sortedCandidate(unsigned level, size_t k);

  /// Per bounded level: every tile that fits, in enumeration order (by tile).
  std::vector<std::vector<Candidate>> candidates;
  /// Per level: the positions of the candidates sorted so far, and a min-heap
  /// of (bound, position) of the others.
  std::vector<std::vector<size_t>> sortedPrefix;
  std::vector<std::vector<std::pair<double, size_t>>> unsorted;
  /// restBound[i]: sum over levels j < i of the smallest bound of level j.
  std::vector<double> restBound;
  uint64_t evaluated = 0;
  /// Tiles enumerated plus candidates evaluated (SearchOptions::maxWork).
  uint64_t work = 0;
  /// Whether maxCandidates or maxWork stopped the search.
  bool aborted = false;
  bool outOfWork = false;
  /// Whether maxCandidates cut a level's tiles short (or, when it equals their
  /// count, may have).
  bool truncated = false;
  bool levelFull(unsigned level) const {
    return options.maxCandidates &&
           candidates[level].size() >= options.maxCandidates;
  }
  Error workLimitError() const {
    return createStringError(formatv(
        "the blocking search of layer '{0}' for '{1}' stopped at its work "
        "limit of {2} tiles and candidates ({3} levels{4}); raise it with "
        "--max-work (eie-block) or max-work= (--cnn-optimize-blocking), or "
        "keep the best found within --max-candidates / max-candidates=",
        layer.name, arch.name, options.maxWork, arch.numLevels(),
        options.imperfect ? ", imperfect tiles" : ""));
  }
  /// Counts one step of work; false once SearchOptions::maxWork is exceeded.
  bool spend() {
    if (++work <= options.maxWork)
      return true;
    aborted = outOfWork = true;
    return false;
  }
  double best = std::numeric_limits<double>::infinity();
  std::vector<LoopVector> pathTiles, bestTiles;
  /// The order chosen for each level >= 1 on the current path.
  std::vector<LoopOrder> pathOrders, bestOrders;
  /// Whether a tile fixed above does not divide the bound: the walk above is
  /// then imperfect.
  std::vector<bool> partialAbove;
};
} // namespace

bool Search::admissible(unsigned level, unsigned loop, int64_t size) const {
  const TileConstraints &constraints = options.constraints;
  if (level == 0 && constraints.unitAtLevel0[loop] && size != 1)
    return false;
  if (level == 0 && loop == K && size % constraints.vectorLanes != 0)
    return false;
  int64_t alignment = constraints.alignment[loop];
  return alignment % size == 0 || size % alignment == 0 ||
         size == layer.bounds[loop];
}

void Search::enumerateTiles(unsigned level, unsigned loop, LoopVector &tile) {
  if (loop == kNumLoops) {
    const TileConstraints &constraints = options.constraints;
    if (level == 0 && constraints.maxAccumulators &&
        registerAccumulators(tile, constraints.vectorLanes) >
            constraints.maxAccumulators)
      return;
    if (!spend())
      return;
    Candidate c;
    c.tile = tile;
    c.steps = 1;
    c.partial = false;
    for (unsigned l = 0; l < kNumLoops; ++l) {
      c.steps *= (layer.bounds[l] + tile[l] - 1) / tile[l];
      c.partial |= layer.bounds[l] % tile[l] != 0;
    }
    for (unsigned t = 0; t < kNumTensors; ++t)
      c.footprint[t] = footprint(layer, tile, Tensor(t));
    c.bound =
        options.imperfect ? imperfectBound(level, c) : lowerBound(level, c);
    candidates[level].push_back(c);
    return;
  }
  int64_t capacity = *arch.levels[level].capacityWords;
  // Tiles are enumerated small first, so the ones kept by maxCandidates fit.
  for (int64_t d : tileSizes[loop]) {
    if (outOfWork || levelFull(level))
      break;
    tile[loop] = d;
    // Footprints grow with every factor: once too big, larger divisors are too.
    if (tileWords(layer, tile) > capacity)
      break;
    if (admissible(level, loop, d))
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

double Search::imperfectBound(unsigned level, const Candidate &c) const {
  // Along each loop: (number of tiles, size) of the full tiles and of the last
  // one, merged when the last is full too.
  std::array<std::array<int64_t, 2>, kNumLoops> count, size;
  unsigned partialMask = 0;
  for (unsigned l = 0; l < kNumLoops; ++l) {
    int64_t bound = layer.bounds[l], t = c.tile[l], n = (bound + t - 1) / t;
    int64_t last = bound - (n - 1) * t;
    count[l] = {last == t ? n : n - 1, 1};
    size[l] = {t, last};
    if (last != t)
      partialMask |= 1u << l;
  }
  int64_t stepBound = -layer.tensorWords(O);
  TensorCounts distinct{0, 0, 0};
  // Every subset of the loops with a partial tile, as a class of tiles.
  for (unsigned mask = partialMask, more = 1; more;
       more = mask != 0, mask = (mask - 1) & partialMask) {
    LoopVector sizes;
    int64_t tiles = 1;
    for (unsigned l = 0; l < kNumLoops; ++l) {
      sizes[l] = size[l][mask >> l & 1];
      tiles *= count[l][mask >> l & 1];
    }
    if (tiles == 0)
      continue;
    TensorCounts words;
    for (unsigned t = 0; t < kNumTensors; ++t) {
      words[t] = footprint(layer, sizes, Tensor(t)) * (t == O ? 2 : 1);
      // Each distinct tile of T once: count its class over T's loops only.
      if (mask & ~kRelevantLoops[t])
        continue;
      int64_t tilesOfT = 1;
      for (unsigned l = 0; l < kNumLoops; ++l)
        if (kRelevantLoops[t] >> l & 1)
          tilesOfT *= count[l][mask >> l & 1];
      distinct[t] += tilesOfT * words[t];
    }
    stepBound += tiles * (words[I] + words[W] + words[O] -
                          std::max({words[I], words[W], words[O]}));
  }
  int64_t distinctBound =
      distinct[I] + distinct[W] + distinct[O] - layer.tensorWords(O);
  return weights[level + 1] * double(std::max(stepBound, distinctBound));
}

TensorCounts Search::fillWords(unsigned child, const Candidate &c,
                               const TensorCounts &reuse) const {
  bool perfect = !c.partial;
  for (unsigned j = child + 1; j < arch.numLevels(); ++j)
    perfect &= !partialAbove[j];
  if (!perfect)
    return imperfectFillWords(layer, pathTiles, pathOrders, child);
  TensorCounts words;
  for (unsigned t = 0; t < kNumTensors; ++t)
    words[t] = c.steps / reuse[t] * c.footprint[t];
  return words;
}

const Candidate *Search::sortedCandidate(unsigned level, size_t k) {
  std::vector<size_t> &prefix = sortedPrefix[level];
  std::vector<std::pair<double, size_t>> &heap = unsorted[level];
  while (prefix.size() <= k && !heap.empty()) {
    std::pop_heap(heap.begin(), heap.end(), std::greater<>());
    prefix.push_back(heap.back().second);
    heap.pop_back();
  }
  return k < prefix.size() ? &candidates[level][prefix[k]] : nullptr;
}

void Search::descend(unsigned child, const LoopVector &above,
                     const TensorCounts &reuseAbove, double cost,
                     double cycles) {
  // Choose the tile of level `child` (a divisor of `above`) and the order of
  // level `child` + 1.
  double rest = restBound[child];
  for (size_t k = 0; const Candidate *next = sortedCandidate(child, k); ++k) {
    const Candidate &c = *next;
    if (aborted || score(cost + c.bound + rest, cycles) >= best)
      return;
    LoopVector factors;
    bool divides = true;
    bool trivial = true;
    for (unsigned l = 0; l < kNumLoops && divides; ++l) {
      // An imperfect tile nests in a full tile above it, or in the whole
      // bound (with a partial last tile).
      divides = above[l] % c.tile[l] == 0 || above[l] == layer.bounds[l];
      factors[l] = (above[l] + c.tile[l] - 1) / c.tile[l];
      trivial &= factors[l] == 1;
    }
    if (!divides)
      continue;
    pathTiles[child] = c.tile;
    partialAbove[child] = c.partial;
    // Section 4 above: level 1 may have to keep its reductions innermost;
    // once one of them iterates, those orders all keep O stationary.
    bool reductionsLast =
        child == 0 && options.constraints.reductionsInnermostAtLevel1;
    bool reductionsIterate = factors[C] > 1 || factors[R] > 1 || factors[S] > 1;
    const LoopOrder *orders =
        reductionsLast ? kReductionsLastOrders : kStationaryOrders;
    for (unsigned s = 0; s < kNumTensors && !aborted; ++s) {
      // Section 1 above: a stationary order whose own group does not iterate
      // here is dominated; with no loop iterating, every order is the same.
      bool groupIterates = false;
      for (unsigned l = 0; l < kNumLoops; ++l)
        groupIterates |= factors[l] > 1 && !dependsOn(Tensor(s), Loop(l));
      if (trivial ? s > 0 : !groupIterates)
        continue;
      if (reductionsLast && reductionsIterate && s != O)
        continue;
      LevelReuse reuse = levelReuse(factors, orders[s]);
      TensorCounts reuseHere;
      for (unsigned t = 0; t < kNumTensors; ++t)
        reuseHere[t] =
            reuse.inner[t] * (reuse.passesThrough[t] ? reuseAbove[t] : 1);
      pathOrders[child + 1] = orders[s];
      TensorCounts acc = movedAccesses(layer, fillWords(child, c, reuseHere));
      int64_t words = acc[I] + acc[W] + acc[O];
      double total = cost + weights[child + 1] * double(words);
      double totalCycles =
          std::max(cycles, transferCycles(arch, child + 1, words));
      ++evaluated;
      if (!spend())
        return;
      if (options.maxCandidates && evaluated >= options.maxCandidates &&
          !bestTiles.empty())
        aborted = true;
      if (score(total + rest, totalCycles) >= best)
        continue;
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
  if (Error err = validateConstraints(options.constraints))
    return err;
  auto start = std::chrono::steady_clock::now();
  unsigned levels = arch.numLevels();
  tileSizes.resize(kNumLoops);
  for (unsigned l = 0; l < kNumLoops; ++l) {
    int64_t bound = layer.bounds[l];
    for (int64_t c = bound; c >= 1; --c) {
      int64_t t = (bound + c - 1) / c;
      bool divides = bound % t == 0;
      if ((options.imperfect || divides) &&
          (tileSizes[l].empty() || tileSizes[l].back() != t))
        tileSizes[l].push_back(t);
    }
  }

  candidates.resize(levels);
  sortedPrefix.resize(levels);
  unsorted.resize(levels);
  restBound.assign(levels, 0.0);
  for (unsigned i = 0; i + 1 < levels; ++i) {
    LoopVector tile{1, 1, 1, 1, 1, 1, 1};
    enumerateTiles(i, 0, tile);
    if (outOfWork)
      return workLimitError();
    truncated |= levelFull(i);
    int64_t capacity = *arch.levels[i].capacityWords;
    if (candidates[i].empty() && capacity >= 3)
      return createStringError(
          formatv("layer '{0}' cannot be blocked for '{1}' under the tile "
                  "constraints: no tile of level {2} ('{3}') both satisfies "
                  "them and fits its {4} words",
                  layer.name, arch.name, i, arch.levels[i].name, capacity));
    if (candidates[i].empty())
      return createStringError(
          formatv("layer '{0}' cannot be blocked for '{1}': level {2} ('{3}') "
                  "has {4} words, fewer than the 3 that even 1x1 tiles of I, W "
                  "and O need",
                  layer.name, arch.name, i, arch.levels[i].name, capacity));
    // Enumeration order is by tile, so (bound, position) orders by bound,
    // ties by tile.
    unsorted[i].reserve(candidates[i].size());
    for (size_t k = 0; k < candidates[i].size(); ++k)
      unsorted[i].push_back({candidates[i][k].bound, k});
    std::make_heap(unsorted[i].begin(), unsorted[i].end(), std::greater<>());
    if (i + 1 < levels)
      restBound[i + 1] = restBound[i] + sortedCandidate(i, 0)->bound;
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
  pathOrders.assign(levels, defaultOrder());
  partialAbove.assign(levels, false);
  if (levels == 1) {
    // The single level holds the whole layer: the only blocking there is.
    Blocking whole{{layer.bounds}, {defaultOrder()}, {}};
    if (Error err = checkConstraints(layer, arch, whole, options.constraints))
      return createStringError(
          formatv("layer '{0}' cannot be blocked for '{1}' under the tile "
                  "constraints: {2}",
                  layer.name, arch.name, toString(std::move(err))));
    best = score(fixed, cycles);
    bestTiles = pathTiles;
    bestOrders = pathOrders;
  } else {
    // Section 5 above: targets from just above the lower bound up, the last
    // one infinite.
    double lowest = score(fixed + restBound[levels - 1], cycles);
    for (unsigned round = 0; bestTiles.empty() && !aborted; ++round) {
      bool last = round == kTargetRounds;
      best = last ? std::numeric_limits<double>::infinity()
                  : lowest * (1 + std::ldexp(1.0, round) / kFirstTargetMargin);
      descend(levels - 2, layer.bounds, TensorCounts{1, 1, 1}, fixed, cycles);
      if (last)
        break;
    }
  }
  if (outOfWork)
    return workLimitError();
  if (bestTiles.empty())
    return createStringError(
        formatv("layer '{0}' cannot be blocked for '{1}' under the tile "
                "constraints: no chain of tiles they admit fits every level",
                layer.name, arch.name));

  Blocking &blocking = result.blocking;
  blocking.factors = factorsOfTiles(bestTiles);
  blocking.orders = bestOrders;
  result.evaluation = evaluate(layer, arch, blocking);
  result.cost = objectiveCost(options.objective, arch, result.evaluation);
  result.candidates = evaluated;
  result.optimal = !aborted && !truncated;
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
