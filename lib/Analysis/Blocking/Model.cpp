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

TensorCounts fillAccesses(const Layer &layer, const TensorCounts &fills,
                          const TensorCounts &footprintWords) {
  return {fills[I] * footprintWords[I], fills[W] * footprintWords[W],
          2 * fills[O] * footprintWords[O] - layer.tensorWords(O)};
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
  double cycles = double(eval.macs) / arch.macsPerCycle;
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
  eval.levels.resize(levels);
  LevelCost &rf = eval.levels[0];
  rf.accesses = {eval.macs, eval.macs, 2 * eval.macs - layer.tensorWords(O)};

  // reuse[T] of level i: product of the factors above level i that sit inside
  // T's innermost relevant iterating loop; steps: number of level-i tiles
  // walked.
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
