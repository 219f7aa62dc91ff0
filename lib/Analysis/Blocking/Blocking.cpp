//===- Blocking.cpp - Per-level tile factors and loop orders --------------===//

#include "eie/Analysis/Blocking/Blocking.h"

#include "llvm/Support/FormatVariadic.h"

#include <algorithm>

using namespace llvm;

namespace eie::blocking {

LoopOrder defaultOrder() { return {N, K, C, Y, X, R, S}; }

int64_t Blocking::copies(unsigned level) const {
  int64_t n = 1;
  for (unsigned i = level + 1; i < spatial.size(); ++i)
    for (int64_t s : spatial[i])
      n *= s;
  return n;
}

LoopVector Blocking::tile(unsigned level) const {
  LoopVector t{1, 1, 1, 1, 1, 1, 1};
  for (unsigned i = 0; i <= level; ++i)
    for (unsigned l = 0; l < kNumLoops; ++l)
      t[l] *= factors[i][l] * (spatial.empty() ? 1 : spatial[i][l]);
  return t;
}

LoopVector Blocking::clippedTile(const Layer &layer, unsigned level) const {
  LoopVector t = tile(level);
  for (unsigned l = 0; l < kNumLoops; ++l)
    t[l] = std::min(t[l], layer.bounds[l]);
  return t;
}

bool isImperfect(const Layer &layer, const Blocking &blocking) {
  return blocking.tile(blocking.numLevels() - 1) != layer.bounds;
}

std::vector<LoopVector> factorsOfTiles(const std::vector<LoopVector> &tiles) {
  std::vector<LoopVector> factors(tiles.size());
  for (unsigned i = 0; i < tiles.size(); ++i)
    for (unsigned l = 0; l < kNumLoops; ++l)
      factors[i][l] =
          i == 0 ? tiles[0][l]
                 : (tiles[i][l] + tiles[i - 1][l] - 1) / tiles[i - 1][l];
  return factors;
}

Error validateBlocking(const Layer &layer, const Architecture &arch,
                       const Blocking &blocking) {
  unsigned levels = arch.numLevels();
  if (blocking.factors.size() != levels || blocking.orders.size() != levels)
    return createStringError(formatv(
        "blocking has {0} factor vectors and {1} orders, the "
        "architecture '{2}' has {3} levels",
        blocking.factors.size(), blocking.orders.size(), arch.name, levels));
  for (unsigned i = 0; i < levels; ++i) {
    for (unsigned l = 0; l < kNumLoops; ++l)
      if (blocking.factors[i][l] < 1)
        return createStringError(formatv(
            "level {0} ('{1}'): factor of {2} must be >= 1, got {3}", i,
            arch.levels[i].name, loopName(Loop(l)), blocking.factors[i][l]));
    std::array<bool, kNumLoops> seen{};
    for (Loop l : blocking.orders[i]) {
      if (l >= kNumLoops || seen[l])
        return createStringError(
            formatv("level {0} ('{1}'): order is not a permutation of "
                    "N K C Y X R S",
                    i, arch.levels[i].name));
      seen[l] = true;
    }
  }
  if (!blocking.spatial.empty()) {
    if (blocking.spatial.size() != levels)
      return createStringError(
          formatv("blocking has {0} spatial factor vectors, the architecture "
                  "'{1}' has {2} levels",
                  blocking.spatial.size(), arch.name, levels));
    for (unsigned i = 0; i < levels; ++i)
      for (unsigned l = 0; l < kNumLoops; ++l) {
        int64_t s = blocking.spatial[i][l];
        if (s < 1 || (s > 1 && (i == 0 || !dependsOn(O, Loop(l)))))
          return createStringError(formatv(
              "level {0} ('{1}'): spatial factor of {2} must be {3}, got {4}",
              i, arch.levels[i].name, loopName(Loop(l)),
              i == 0 || !dependsOn(O, Loop(l))
                  ? "1 (PEs split N K Y X above level 0)"
                  : ">= 1",
              s));
      }
  }
  bool spatial = blocking.copies(0) > 1;
  for (unsigned l = 0; l < kNumLoops; ++l) {
    int64_t bound = layer.bounds[l], below = 1;
    for (unsigned i = 0; i < levels; ++i) {
      // Iterations past ceil(bound / below) would walk only tiles that lie
      // wholly beyond the bound. Level 0's factor is the size of the
      // innermost tile, which may exceed the bound: a padded tile (e.g. K
      // in whole vectors, TileConstraints.h), cut at the bound like any.
      int64_t most = (bound + below - 1) / below;
      if (i > 0 && blocking.factors[i][l] > most)
        return createStringError(
            formatv("level {0} ('{1}'): factor {2} of loop {3} exceeds "
                    "ceil({4} / {5}) = {6}, the tiles its level below leaves",
                    i, arch.levels[i].name, blocking.factors[i][l],
                    loopName(Loop(l)), bound, below, most));
      below *= blocking.factors[i][l] *
               (blocking.spatial.empty() ? 1 : blocking.spatial[i][l]);
    }
    if (spatial && below != bound)
      return createStringError(
          formatv("loop {0}: spatial unrolling needs factors that multiply "
                  "to the bound {1}, got {2}",
                  loopName(Loop(l)), bound, below));
    if (below < bound)
      return createStringError(
          formatv("loop {0}: the product of its factors over all levels is "
                  "{1}, the layer's bound is {2}",
                  loopName(Loop(l)), below, bound));
  }
  for (unsigned i = 0; i < levels; ++i) {
    if (!arch.levels[i].capacityWords)
      continue;
    LoopVector t = blocking.clippedTile(layer, i);
    int64_t fi = footprint(layer, t, I), fw = footprint(layer, t, W),
            fo = footprint(layer, t, O);
    if (fi + fw + fo > *arch.levels[i].capacityWords)
      return createStringError(
          formatv("level {0} ('{1}'): tiles I {2} + W {3} + O {4} = {5} words "
                  "exceed its capacity of {6}",
                  i, arch.levels[i].name, fi, fw, fo, fi + fw + fo,
                  *arch.levels[i].capacityWords));
  }
  return Error::success();
}

} // namespace eie::blocking
