//===- Simulator.cpp - Brute-force simulation of the contract -------------===//

#include "eie/Analysis/Blocking/Simulator.h"

#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <set>

namespace eie::blocking {

namespace {
/// One loop of the flattened nest: loop `loop` of level `level`.
struct Position {
  unsigned level;
  Loop loop;
  int64_t factor;
  /// Distance between consecutive indices of this loop in the loop's full index
  /// space.
  int64_t scale;
};

/// Per level, per tensor: the key of the current tile and what has been
/// counted.
struct TileTracker {
  bool started = false;
  int64_t key = 0;
  int64_t fills = 0;
  int64_t firstVisits = 0;
  std::set<int64_t> visited;
};
} // namespace

Evaluation simulate(const Layer &layer, const Architecture &arch,
                    const Blocking &blocking) {
  unsigned levels = arch.numLevels();
  std::vector<Position> nest;
  for (unsigned j = levels; j-- > 0;)
    for (Loop l : blocking.orders[j]) {
      int64_t scale = 1;
      for (unsigned below = 0; below < j; ++below)
        scale *= blocking.factors[below][l];
      nest.push_back({j, l, blocking.factors[j][l], scale});
    }
  std::vector<int64_t> digit(nest.size(), 0);

  // Tile of level i: key = the mixed-radix number of the indices of the loops
  // of levels > i that the tensor depends on. It identifies the tile visited,
  // which is all the contract looks at.
  std::vector<std::array<TileTracker, kNumTensors>> trackers(levels);
  // Bounding box of the elements the first tile of each level touches, per
  // tensor dimension.
  std::vector<std::array<std::array<int64_t, 4>, kNumTensors>> lo(levels),
      hi(levels);
  for (unsigned i = 0; i < levels; ++i)
    for (auto &dims : lo[i])
      dims.fill(INT64_MAX);
  for (unsigned i = 0; i < levels; ++i)
    for (auto &dims : hi[i])
      dims.fill(INT64_MIN);
  std::vector<int64_t> tileMacs(levels);
  for (unsigned i = 0; i < levels; ++i) {
    LoopVector t = blocking.tile(i);
    tileMacs[i] = 1;
    for (int64_t v : t)
      tileMacs[i] *= v;
  }

  Evaluation eval;
  eval.macs = layer.macs();
  eval.levels.resize(levels);
  std::set<std::array<int64_t, 4>> outputsWritten;
  int64_t rfOutputReads = 0;

  for (int64_t mac = 0; mac < eval.macs; ++mac) {
    LoopVector index{};
    for (size_t p = 0; p < nest.size(); ++p)
      index[nest[p].loop] += digit[p] * nest[p].scale;
    int64_t iy = index[Y] * layer.strideY + index[R],
            ix = index[X] * layer.strideX + index[S];
    std::array<std::array<int64_t, 4>, kNumTensors> coords = {
        std::array<int64_t, 4>{index[N], index[C], iy, ix},
        std::array<int64_t, 4>{index[K], index[C], index[R], index[S]},
        std::array<int64_t, 4>{index[N], index[K], index[Y], index[X]}};

    if (!outputsWritten.insert(coords[O]).second)
      ++rfOutputReads;

    for (unsigned i = 0; i < levels; ++i) {
      if (mac < tileMacs[i])
        for (unsigned t = 0; t < kNumTensors; ++t)
          for (unsigned d = 0; d < 4; ++d) {
            lo[i][t][d] = std::min(lo[i][t][d], coords[t][d]);
            hi[i][t][d] = std::max(hi[i][t][d], coords[t][d]);
          }
      for (unsigned t = 0; t < kNumTensors; ++t) {
        int64_t key = 0;
        for (size_t p = 0; p < nest.size(); ++p)
          if (nest[p].level > i && dependsOn(Tensor(t), nest[p].loop))
            key = key * nest[p].factor + digit[p];
        TileTracker &tr = trackers[i][t];
        if (tr.started && tr.key == key)
          continue;
        tr.started = true;
        tr.key = key;
        ++tr.fills;
        if (tr.visited.insert(key).second)
          ++tr.firstVisits;
      }
    }

    // Advance the odometer, innermost position first.
    for (size_t p = nest.size(); p-- > 0;) {
      if (++digit[p] < nest[p].factor)
        break;
      digit[p] = 0;
    }
  }

  eval.levels[0].accesses = {eval.macs, eval.macs, eval.macs + rfOutputReads};
  for (unsigned i = 0; i < levels; ++i) {
    LevelCost &cost = eval.levels[i];
    for (unsigned t = 0; t < kNumTensors; ++t) {
      cost.footprintWords[t] = 1;
      for (unsigned d = 0; d < 4; ++d)
        cost.footprintWords[t] *= hi[i][t][d] - lo[i][t][d] + 1;
    }
    if (i + 1 == levels)
      continue;
    TensorCounts &above = eval.levels[i + 1].accesses;
    const auto &tr = trackers[i];
    above[I] = tr[I].fills * cost.footprintWords[I];
    above[W] = tr[W].fills * cost.footprintWords[W];
    // Every fill but a first visit reads the partial sums; every tile filled is
    // written back once it is replaced (the last one at the end).
    above[O] = (tr[O].fills - tr[O].firstVisits) * cost.footprintWords[O] +
               tr[O].fills * cost.footprintWords[O];
  }
  assignEnergies(arch, eval);
  return eval;
}

llvm::Error checkAgainstSimulation(const Layer &layer, const Architecture &arch,
                                   const Blocking &blocking) {
  Evaluation model = evaluate(layer, arch, blocking);
  Evaluation sim = simulate(layer, arch, blocking);
  for (unsigned i = 0; i < arch.numLevels(); ++i)
    for (unsigned t = 0; t < kNumTensors; ++t) {
      const char *what = nullptr;
      int64_t a = 0, b = 0;
      if (model.levels[i].footprintWords[t] !=
          sim.levels[i].footprintWords[t]) {
        what = "footprint";
        a = model.levels[i].footprintWords[t];
        b = sim.levels[i].footprintWords[t];
      } else if (model.levels[i].accesses[t] != sim.levels[i].accesses[t]) {
        what = "accesses";
        a = model.levels[i].accesses[t];
        b = sim.levels[i].accesses[t];
      }
      if (what)
        return llvm::createStringError(
            llvm::formatv("layer '{0}': level {1} ('{2}') {3} of {4}: model "
                          "{5}, simulation {6}",
                          layer.name, i, arch.levels[i].name, what,
                          tensorName(Tensor(t)), a, b));
    }
  return llvm::Error::success();
}

} // namespace eie::blocking
