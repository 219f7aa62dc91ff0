//===- Simulator.cpp - Brute-force simulation of the contract -------------===//

#include "eie/Analysis/Blocking/Simulator.h"

#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <map>
#include <set>

namespace eie::blocking {

namespace {
/// One loop of the flattened nest: loop `loop` of level `level`.
struct Position {
  unsigned level;
  Loop loop;
  int64_t factor;
  /// A spatial loop: its index picks the PE, which keeps its own tiles of the
  /// levels below.
  bool spatial;
  /// Distance between consecutive indices of this loop in the loop's full index
  /// space.
  int64_t scale;
};

/// The elements a tile touches: per tensor dimension, the lowest and highest
/// index.
struct Box {
  std::array<int64_t, 4> lo{INT64_MAX, INT64_MAX, INT64_MAX, INT64_MAX};
  std::array<int64_t, 4> hi{INT64_MIN, INT64_MIN, INT64_MIN, INT64_MIN};

  void add(const std::array<int64_t, 4> &coords) {
    for (unsigned d = 0; d < 4; ++d) {
      lo[d] = std::min(lo[d], coords[d]);
      hi[d] = std::max(hi[d], coords[d]);
    }
  }
  int64_t words() const {
    int64_t n = 1;
    for (unsigned d = 0; d < 4; ++d)
      n *= hi[d] - lo[d] + 1;
    return n;
  }
};

/// Per level, per tensor: the key of each PE's current tile, how often each
/// tile was filled and the elements each tile touches.
struct TileTracker {
  /// PE (the indices of the spatial loops above the level) -> current key.
  std::map<int64_t, int64_t> current;
  std::map<int64_t, int64_t> fills;
  std::map<int64_t, Box> boxes;
};
} // namespace

Evaluation simulate(const Layer &layer, const Architecture &arch,
                    const Blocking &blocking) {
  unsigned levels = arch.numLevels();
  std::vector<Position> nest;
  // A level's spatial loops sit inside its temporal ones: the PEs work in
  // lockstep on consecutive sub-tiles of each step.
  for (unsigned j = levels; j-- > 0;) {
    LoopVector below =
        j == 0 ? LoopVector{1, 1, 1, 1, 1, 1, 1} : blocking.tile(j - 1);
    for (Loop l : blocking.orders[j]) {
      int64_t spread = blocking.spatial.empty() ? 1 : blocking.spatial[j][l];
      nest.push_back({j, l, blocking.factors[j][l], false, below[l] * spread});
    }
    if (!blocking.spatial.empty())
      for (unsigned l = 0; l < kNumLoops; ++l)
        if (blocking.spatial[j][l] > 1)
          nest.push_back({j, Loop(l), blocking.spatial[j][l], true, below[l]});
  }
  std::vector<int64_t> digit(nest.size(), 0);

  // Tile of level i: key = the mixed-radix number of the indices of the loops
  // of levels > i that the tensor depends on. It identifies the tile visited,
  // which is all the contract looks at.
  std::vector<std::array<TileTracker, kNumTensors>> trackers(levels);

  Evaluation eval;
  eval.macs = layer.macs();
  eval.pes = blocking.copies(0);
  eval.levels.resize(levels);
  std::set<std::array<int64_t, 4>> outputsWritten;
  int64_t rfOutputReads = 0;

  // The nest of nominal tiles; in an imperfect blocking the points past a
  // bound belong to no tile and are skipped, which leaves the partial tiles.
  for (bool more = true; more;) {
    LoopVector index{};
    for (size_t p = 0; p < nest.size(); ++p)
      index[nest[p].loop] += digit[p] * nest[p].scale;
    bool inside = true;
    for (unsigned l = 0; l < kNumLoops; ++l)
      inside &= index[l] < layer.bounds[l];
    if (inside) {
      int64_t iy = index[Y] * layer.strideY + index[R],
              ix = index[X] * layer.strideX + index[S];
      std::array<std::array<int64_t, 4>, kNumTensors> coords = {
          std::array<int64_t, 4>{index[N], index[C], iy, ix},
          std::array<int64_t, 4>{index[K], index[C], index[R], index[S]},
          std::array<int64_t, 4>{index[N], index[K], index[Y], index[X]}};

      if (!outputsWritten.insert(coords[O]).second)
        ++rfOutputReads;

      for (unsigned i = 0; i < levels; ++i)
        for (unsigned t = 0; t < kNumTensors; ++t) {
          // The key names the PE too, so that the tiles of different PEs
          // differ.
          int64_t key = 0, pe = 0;
          for (size_t p = 0; p < nest.size(); ++p) {
            if (nest[p].level <= i)
              continue;
            if (nest[p].spatial)
              pe = pe * nest[p].factor + digit[p];
            if (nest[p].spatial || dependsOn(Tensor(t), nest[p].loop))
              key = key * nest[p].factor + digit[p];
          }
          TileTracker &tr = trackers[i][t];
          tr.boxes[key].add(coords[t]);
          auto [current, first] = tr.current.try_emplace(pe, key);
          if (!first && current->second == key)
            continue;
          current->second = key;
          ++tr.fills[key];
        }
    }

    // Advance the odometer, innermost position first.
    more = false;
    for (size_t p = nest.size(); p-- > 0;) {
      if (++digit[p] < nest[p].factor) {
        more = true;
        break;
      }
      digit[p] = 0;
    }
  }

  eval.levels[0].accesses = {eval.macs, eval.macs, eval.macs + rfOutputReads};
  for (unsigned i = 0; i < levels; ++i) {
    LevelCost &cost = eval.levels[i];
    const auto &tr = trackers[i];
    // The reported footprint is that of the first tile, a full one.
    for (unsigned t = 0; t < kNumTensors; ++t)
      cost.footprintWords[t] = tr[t].boxes.at(0).words();
    if (i + 1 == levels)
      continue;
    TensorCounts &above = eval.levels[i + 1].accesses;
    above = {0, 0, 0};
    for (unsigned t = 0; t < kNumTensors; ++t)
      for (auto [key, fills] : tr[t].fills) {
        int64_t words = tr[t].boxes.at(key).words();
        // Every fill but a first visit reads the partial sums; every tile
        // filled is written back once it is replaced (the last at the end).
        above[t] += t == O ? (2 * fills - 1) * words : fills * words;
      }
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
