//===- RandomCases.h - Random small layers, architectures and blockings ---===//

#ifndef EIE_UNITTESTS_ANALYSIS_BLOCKING_RANDOMCASES_H
#define EIE_UNITTESTS_ANALYSIS_BLOCKING_RANDOMCASES_H

#include "eie/Analysis/Blocking/Blocking.h"

#include <algorithm>
#include <random>

namespace eie::blocking::testing {

/// A layer with at most `maxMacs` MACs, small bounds and strides 1..3.
inline Layer randomLayer(std::mt19937 &rng, int64_t maxMacs) {
  Layer layer;
  layer.name = "random";
  std::uniform_int_distribution<int64_t> bound(1, 6), stride(1, 3);
  do {
    for (int64_t &b : layer.bounds)
      b = rng() % 3 == 0 ? 1 : bound(rng);
  } while (layer.macs() > maxMacs);
  layer.strideY = stride(rng);
  layer.strideX = stride(rng);
  return layer;
}

/// `levels` levels with the given capacities below the outermost, energies
/// growing outwards.
inline Architecture makeArchitecture(const std::vector<int64_t> &capacities) {
  Architecture arch;
  arch.name = "test";
  double energy = 1;
  for (int64_t c : capacities) {
    arch.levels.push_back(
        {"L" + std::to_string(arch.levels.size()), c, energy});
    energy *= 6.5;
  }
  arch.levels.push_back({"DRAM", std::nullopt, 200});
  arch.macEnergyPJ = 0.075;
  return arch;
}

/// A layer with these bounds and strides 1.
inline Layer layerWithBounds(const LoopVector &bounds) {
  Layer layer;
  layer.bounds = bounds;
  return layer;
}

/// A blocking from its factors per level; orders default to N K C Y X R S.
inline Blocking makeBlocking(std::vector<LoopVector> factors,
                             std::vector<LoopOrder> orders = {},
                             std::vector<LoopVector> spatial = {}) {
  Blocking b;
  b.orders = orders.empty()
                 ? std::vector<LoopOrder>(factors.size(), defaultOrder())
                 : std::move(orders);
  b.factors = std::move(factors);
  b.spatial = std::move(spatial);
  return b;
}

/// Splits every bound into `levels` random divisor factors; orders are random
/// permutations.
inline Blocking randomBlocking(std::mt19937 &rng, const Layer &layer,
                               unsigned levels) {
  Blocking b;
  b.factors.assign(levels, LoopVector{1, 1, 1, 1, 1, 1, 1});
  b.orders.assign(levels, defaultOrder());
  for (unsigned l = 0; l < kNumLoops; ++l) {
    int64_t rest = layer.bounds[l];
    for (unsigned i = 0; i + 1 < levels; ++i) {
      std::vector<int64_t> divs;
      for (int64_t d = 1; d <= rest; ++d)
        if (rest % d == 0)
          divs.push_back(d);
      b.factors[i][l] = divs[rng() % divs.size()];
      rest /= b.factors[i][l];
    }
    b.factors[levels - 1][l] = rest;
  }
  for (LoopOrder &order : b.orders)
    std::shuffle(order.begin(), order.end(), rng);
  return b;
}

/// Like randomBlocking, but each loop's tiles are any chain of sizes (each a
/// multiple of the one below, or the whole bound), so tiles need not divide
/// the bounds: an imperfect blocking, unless every tile drawn happens to.
inline Blocking randomImperfectBlocking(std::mt19937 &rng, const Layer &layer,
                                        unsigned levels) {
  std::vector<LoopVector> tiles(levels, layer.bounds);
  for (unsigned l = 0; l < kNumLoops; ++l) {
    int64_t bound = layer.bounds[l], below = 1;
    for (unsigned i = 0; i + 1 < levels; ++i) {
      std::vector<int64_t> sizes;
      for (int64_t t = below; t < bound; t += below)
        sizes.push_back(t);
      sizes.push_back(bound);
      below = tiles[i][l] = sizes[rng() % sizes.size()];
    }
  }
  Blocking b;
  b.factors = factorsOfTiles(tiles);
  b.orders.assign(levels, defaultOrder());
  for (LoopOrder &order : b.orders)
    std::shuffle(order.begin(), order.end(), rng);
  return b;
}

/// A random perfect blocking whose levels >= 1 move a random divisor of their
/// factor of each of N K Y X to a spatial factor (PEs).
inline Blocking randomSpatialBlocking(std::mt19937 &rng, const Layer &layer,
                                      unsigned levels) {
  Blocking b = randomBlocking(rng, layer, levels);
  b.spatial.assign(levels, LoopVector{1, 1, 1, 1, 1, 1, 1});
  for (unsigned i = 1; i < levels; ++i)
    for (Loop l : {N, K, Y, X}) {
      std::vector<int64_t> divs;
      for (int64_t d = 1; d <= b.factors[i][l]; ++d)
        if (b.factors[i][l] % d == 0)
          divs.push_back(d);
      b.spatial[i][l] = divs[rng() % divs.size()];
      b.factors[i][l] /= b.spatial[i][l];
    }
  return b;
}

} // namespace eie::blocking::testing

#endif // EIE_UNITTESTS_ANALYSIS_BLOCKING_RANDOMCASES_H
