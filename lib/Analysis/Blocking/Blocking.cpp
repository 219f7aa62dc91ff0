//===- Blocking.cpp - Per-level tile factors and loop orders --------------===//

#include "eie/Analysis/Blocking/Blocking.h"

#include "llvm/Support/FormatVariadic.h"

using namespace llvm;

namespace eie::blocking {

LoopOrder defaultOrder() { return {N, K, C, Y, X, R, S}; }

LoopVector Blocking::tile(unsigned level) const {
  LoopVector t{1, 1, 1, 1, 1, 1, 1};
  for (unsigned i = 0; i <= level; ++i)
    for (unsigned l = 0; l < kNumLoops; ++l)
      t[l] *= factors[i][l];
  return t;
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
  LoopVector whole = blocking.tile(levels - 1);
  for (unsigned l = 0; l < kNumLoops; ++l)
    if (whole[l] != layer.bounds[l])
      return createStringError(
          formatv("loop {0}: the product of its factors over all levels is "
                  "{1}, the layer's bound is {2}",
                  loopName(Loop(l)), whole[l], layer.bounds[l]));
  for (unsigned i = 0; i < levels; ++i) {
    if (!arch.levels[i].capacityWords)
      continue;
    LoopVector t = blocking.tile(i);
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
