//===- Model.cpp - The analytic access-count and energy model -------------===//

#include "eie/Analysis/Blocking/Model.h"

#include <algorithm>

namespace eie::blocking {

LevelReuse levelReuse(const LoopVector &factors, const LoopOrder &order) {
  LevelReuse reuse;
  for (unsigned t = 0; t < kNumTensors; ++t) {
    int64_t inner = 1;
    bool passes = true;
    // Scan innermost first until a loop the tensor depends on that actually
    // iterates.
    for (unsigned p = kNumLoops; p-- > 0;) {
      Loop l = order[p];
      if (factors[l] > 1 && dependsOn(Tensor(t), l)) {
        passes = false;
        break;
      }
      inner *= factors[l];
    }
    reuse.inner[t] = inner;
    reuse.passesThrough[t] = passes;
  }
  return reuse;
}

TensorCounts movedAccesses(const Layer &layer, const TensorCounts &words) {
  return {words[I], words[W], 2 * words[O] - layer.tensorWords(O)};
}

TensorCounts fillAccesses(const Layer &layer, const TensorCounts &fills,
                          const TensorCounts &footprintWords) {
  return movedAccesses(layer, {fills[I] * footprintWords[I],
                               fills[W] * footprintWords[W],
                               fills[O] * footprintWords[O]});
}

namespace {
/// What a walk over the loops from one position inward costs a tensor, the
/// first step counted as a fill.
struct SubWalk {
  TensorCounts fills{}, words{};
  /// Footprint of the tile of the first step.
  TensorCounts firstWords{};
  /// Whether every loop of the walk that the tensor depends on is back at
  /// index 0 in the last step: then the next walk's first step (all indices 0)
  /// shows the same tile and refills nothing.
  std::array<bool, kNumTensors> endsAtStart{};
  bool done = false;
};

/// The walk of imperfectFillWords(). A state has bit l set when the current
/// tile along loop l is the last one, possibly partial; along a loop whose
/// tiles all divide the bound the bit never matters and is kept clear, so only
/// 2^(partial loops) states per position exist.
class ImperfectWalk {
public:
  ImperfectWalk(const Layer &layer, const std::vector<LoopVector> &tiles,
                const std::vector<LoopOrder> &orders, unsigned level)
      : layer(layer), tiles(tiles), level(level), rest(tiles.size()) {
    for (unsigned j = tiles.size(); j-- > level + 1;)
      for (Loop l : orders[j])
        positions.push_back({j, l});
    for (unsigned j = level; j < tiles.size(); ++j)
      for (unsigned l = 0; l < kNumLoops; ++l) {
        int64_t bound = layer.bounds[l], t = tiles[j][l];
        rest[j][l] = bound - (bound - 1) / t * t;
        if (rest[j][l] != t)
          partialMask |= 1u << l;
      }
    for (unsigned l = 0; l < kNumLoops; ++l)
      if (partialMask >> l & 1)
        compactBit[l] = 1u << numPartial++;
    memo.resize((positions.size() + 1) << numPartial);
  }

  TensorCounts words() { return walk(0, partialMask).words; }

private:
  const SubWalk &walk(unsigned p, unsigned state);

  const Layer &layer;
  const std::vector<LoopVector> &tiles;
  unsigned level;
  /// Size of the last tile of each level along each loop.
  std::vector<LoopVector> rest;
  std::vector<std::pair<unsigned, Loop>> positions;
  unsigned partialMask = 0, numPartial = 0;
  std::array<unsigned, kNumLoops> compactBit{};
  std::vector<SubWalk> memo;
};
} // namespace

const SubWalk &ImperfectWalk::walk(unsigned p, unsigned state) {
  unsigned index = 0;
  for (unsigned l = 0; l < kNumLoops; ++l)
    if (state >> l & 1)
      index |= compactBit[l];
  SubWalk &w = memo[(p << numPartial) | index];
  if (w.done)
    return w;
  w.done = true;
  if (p == positions.size()) {
    LoopVector sizes;
    for (unsigned l = 0; l < kNumLoops; ++l)
      sizes[l] = state >> l & 1 ? rest[level][l] : tiles[level][l];
    for (unsigned t = 0; t < kNumTensors; ++t) {
      w.fills[t] = 1;
      w.words[t] = w.firstWords[t] = footprint(layer, sizes, Tensor(t));
      w.endsAtStart[t] = true;
    }
    return w;
  }
  auto [j, l] = positions[p];
  // Loop l of level j walks the level-(j-1) tiles of the current level-j tile;
  // all but the last of them are full.
  int64_t size = state >> l & 1 ? rest[j][l] : tiles[j][l];
  int64_t n = (size + tiles[j - 1][l] - 1) / tiles[j - 1][l];
  const SubWalk &last = walk(p + 1, state);
  SubWalk other = n > 1 ? walk(p + 1, state & ~(1u << l)) : last;
  for (unsigned t = 0; t < kNumTensors; ++t) {
    w.fills[t] = (n - 1) * other.fills[t] + last.fills[t];
    w.words[t] = (n - 1) * other.words[t] + last.words[t];
    w.firstWords[t] = other.firstWords[t];
    bool relevant = dependsOn(Tensor(t), l);
    w.endsAtStart[t] = last.endsAtStart[t] && (n == 1 || !relevant);
    // Advancing a loop the tensor does not depend on refills nothing when the
    // inner loops it depends on come back to where they started.
    if (!relevant && n > 1 && other.endsAtStart[t]) {
      w.fills[t] -= n - 1;
      w.words[t] -= (n - 2) * other.firstWords[t] + last.firstWords[t];
    }
  }
  return w;
}

TensorCounts imperfectFillWords(const Layer &layer,
                                const std::vector<LoopVector> &tiles,
                                const std::vector<LoopOrder> &orders,
                                unsigned level) {
  return ImperfectWalk(layer, tiles, orders, level).words();
}

void assignEnergies(const Architecture &arch, Evaluation &eval) {
  eval.energyPJ = arch.macEnergyPJ * double(eval.macs);
  for (unsigned i = 0; i < eval.levels.size(); ++i) {
    LevelCost &cost = eval.levels[i];
    cost.energyPJ =
        arch.levels[i].energyPerAccessPJ *
        double(cost.accesses[I] + cost.accesses[W] + cost.accesses[O]);
    eval.energyPJ += cost.energyPJ;
  }
}

double transferCycles(const Architecture &arch, unsigned level, int64_t words) {
  const std::optional<double> &bandwidth = arch.levels[level].wordsPerCycle;
  return bandwidth ? double(words) / *bandwidth : 0.0;
}

double delayCycles(const Architecture &arch, const Evaluation &eval) {
  double cycles = double(eval.macs) / (arch.macsPerCycle * double(eval.pes));
  for (unsigned i = 0; i < eval.levels.size(); ++i) {
    const TensorCounts &acc = eval.levels[i].accesses;
    cycles =
        std::max(cycles, transferCycles(arch, i, acc[I] + acc[W] + acc[O]));
  }
  return cycles;
}

Evaluation evaluate(const Layer &layer, const Architecture &arch,
                    const Blocking &blocking) {
  unsigned levels = arch.numLevels();
  Evaluation eval;
  eval.macs = layer.macs();
  eval.pes = blocking.copies(0);
  eval.levels.resize(levels);
  LevelCost &rf = eval.levels[0];
  rf.accesses = {eval.macs, eval.macs, 2 * eval.macs - layer.tensorWords(O)};

  // reuse[T] of level i: product of the factors above level i that sit inside
  // T's innermost relevant iterating loop; steps: number of level-i tiles
  // walked.
  if (isImperfect(layer, blocking)) {
    std::vector<LoopVector> tiles(levels);
    for (unsigned i = 0; i < levels; ++i)
      tiles[i] = blocking.clippedTile(layer, i);
    for (unsigned i = 0; i < levels; ++i) {
      for (unsigned t = 0; t < kNumTensors; ++t)
        eval.levels[i].footprintWords[t] =
            footprint(layer, tiles[i], Tensor(t));
      if (i + 1 < levels)
        eval.levels[i + 1].accesses = movedAccesses(
            layer, imperfectFillWords(layer, tiles, blocking.orders, i));
    }
    assignEnergies(arch, eval);
    return eval;
  }

  TensorCounts reuse{1, 1, 1};
  for (unsigned i = levels; i-- > 0;) {
    LoopVector tile = blocking.tile(i);
    LevelCost &cost = eval.levels[i];
    for (unsigned t = 0; t < kNumTensors; ++t)
      cost.footprintWords[t] = footprint(layer, tile, Tensor(t));
    if (i + 1 < levels) {
      LevelReuse above =
          levelReuse(blocking.factors[i + 1], blocking.orders[i + 1]);
      int64_t steps = 1;
      for (unsigned l = 0; l < kNumLoops; ++l)
        steps *= layer.bounds[l] / tile[l];
      TensorCounts fills;
      for (unsigned t = 0; t < kNumTensors; ++t) {
        reuse[t] = above.inner[t] * (above.passesThrough[t] ? reuse[t] : 1);
        fills[t] = steps / reuse[t];
      }
      eval.levels[i + 1].accesses =
          fillAccesses(layer, fills, cost.footprintWords);
    }
  }
  assignEnergies(arch, eval);
  return eval;
}

} // namespace eie::blocking
