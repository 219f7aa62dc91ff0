//===- Blocking.h - Per-level tile factors and loop orders ------*- C++ -*-===//
//
// For each level i and loop l a factor f_i(l) >= 1 with prod_i f_i(l) =
// bound(l), and for each level i >= 1 an order of its loops, outermost first.
// The loops of level i iterate over tiles of level i-1; the tile of level i is
// the sub-nest of all loops at levels <= i.
//
//===----------------------------------------------------------------------===//

#ifndef EIE_ANALYSIS_BLOCKING_BLOCKING_H
#define EIE_ANALYSIS_BLOCKING_BLOCKING_H

#include "eie/Analysis/Blocking/Architecture.h"
#include "eie/Analysis/Blocking/Layer.h"

#include <array>
#include <vector>

namespace eie::blocking {

using LoopOrder = std::array<Loop, kNumLoops>;

/// N K C Y X R S: the order reported for level 0, whose order never matters.
LoopOrder defaultOrder();

struct Blocking {
  std::vector<LoopVector> factors;
  std::vector<LoopOrder> orders;

  unsigned numLevels() const { return factors.size(); }
  /// Tile sizes of level `level`: the product of the factors of levels <=
  /// `level`.
  LoopVector tile(unsigned level) const;
};

/// Checks the shape (one factor vector and order per level), factors >= 1 whose
/// products equal the bounds, orders that are permutations, and that every
/// bounded level holds its I + W + O tiles.
llvm::Error validateBlocking(const Layer &layer, const Architecture &arch,
                             const Blocking &blocking);

} // namespace eie::blocking

#endif // EIE_ANALYSIS_BLOCKING_BLOCKING_H
