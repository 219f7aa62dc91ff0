//===- Blocking.h - Per-level tile factors and loop orders ------*- C++ -*-===//
//
// For each level i and loop l a factor f_i(l) >= 1 with prod_i f_i(l) =
// bound(l), and for each level i >= 1 an order of its loops, outermost first.
// The loops of level i iterate over tiles of level i-1; the tile of level i is
// the sub-nest of all loops at levels <= i.
//
// Imperfect blockings (the contract's extension) let the product exceed the
// bound: the nest of nominal tiles is cut at the bound, so the last tile along
// such a loop is partial (docs/BlockingModel.md, "Imperfect tiles").
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
  /// The full tile of level `level` as it is walked: tile(level) cut at the
  /// bounds (they differ only in imperfect blockings).
  LoopVector clippedTile(const Layer &layer, unsigned level) const;
};

/// True when some loop's factors multiply to more than its bound (partial
/// tiles).
bool isImperfect(const Layer &layer, const Blocking &blocking);

/// The factors of the blocking whose level-i full tiles, cut at the bounds, are
/// `tiles[i]` (each a multiple of the one below or the whole bound; the last the
/// bounds): f_0 = t_0, f_i = ceil(t_i / t_{i-1}).
std::vector<LoopVector> factorsOfTiles(const std::vector<LoopVector> &tiles);

/// Checks the shape (one factor vector and order per level), factors >= 1 that
/// cover the bounds (their product equals the bound, or, for an imperfect
/// blocking, exceeds it with no level iterating over tiles that lie wholly
/// past the bound: f_0 <= bound, f_i <= ceil(bound / (f_0 ... f_{i-1})) and the
/// product >= bound), orders that are permutations, and that every bounded
/// level holds its I + W + O tiles.
llvm::Error validateBlocking(const Layer &layer, const Architecture &arch,
                             const Blocking &blocking);

} // namespace eie::blocking

#endif // EIE_ANALYSIS_BLOCKING_BLOCKING_H
