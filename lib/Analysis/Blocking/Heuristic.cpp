//===- Heuristic.cpp - A fixed output-stationary blocking -----------------===//

#include "eie/Analysis/Blocking/Heuristic.h"

#include "llvm/Support/FormatVariadic.h"

using namespace llvm;

namespace eie::blocking {

/// Smallest divisor d > 1 of bound / tile, so that tile * d still divides bound
/// (0 if none).
static int64_t nextStep(int64_t bound, int64_t tile) {
  int64_t rest = bound / tile;
  for (int64_t d = 2; d <= rest; ++d)
    if (rest % d == 0)
      return d;
  return 0;
}

Expected<Blocking> outputStationaryBlocking(const Layer &layer,
                                            const Architecture &arch) {
  unsigned levels = arch.numLevels();
  std::vector<LoopVector> tiles(levels, layer.bounds);
  LoopVector below{1, 1, 1, 1, 1, 1, 1};
  for (unsigned i = 0; i + 1 < levels; ++i) {
    int64_t capacity = *arch.levels[i].capacityWords;
    LoopVector tile = below;
    if (tileWords(layer, tile) > capacity)
      return createStringError(
          formatv("layer '{0}' cannot be blocked for '{1}': level {2} ('{3}') "
                  "has {4} words, fewer than "
                  "the {5} that the tile of the level below needs",
                  layer.name, arch.name, i, arch.levels[i].name, capacity,
                  tileWords(layer, tile)));
    auto grow = [&](Loop l, int64_t limit) {
      for (int64_t step; (step = nextStep(layer.bounds[l], tile[l])) &&
                         tile[l] * step <= limit;) {
        tile[l] *= step;
        if (tileWords(layer, tile) > capacity) {
          tile[l] /= step;
          return;
        }
      }
    };
    if (i == 0) {
      grow(K, 16);
      grow(C, 16);
    } else {
      for (Loop l : {R, S, C, X, Y, K, N})
        grow(l, layer.bounds[l]);
    }
    tiles[i] = below = tile;
  }
  Blocking blocking;
  blocking.factors.assign(levels, LoopVector{});
  // Output stationary: the loops O does not depend on innermost.
  blocking.orders.assign(levels, LoopOrder{N, K, Y, X, C, R, S});
  for (unsigned i = 0; i < levels; ++i)
    for (unsigned l = 0; l < kNumLoops; ++l)
      blocking.factors[i][l] =
          i == 0 ? tiles[0][l] : tiles[i][l] / tiles[i - 1][l];
  return blocking;
}

} // namespace eie::blocking
