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
  /// Temporal factors: the loops each level iterates.
  std::vector<LoopVector> factors;
  std::vector<LoopOrder> orders;
  /// Spatial factors, one vector per level or empty for none
  /// (docs/BlockingModel.md, "Spatial unrolling"): level i >= 1 spreads
  /// spatial[i][l] of its level-(i-1) tiles along loop l over as many copies
  /// (PEs) of the levels below it, each with its own buffers, working in
  /// lockstep. Only on loops O depends on (N K Y X), so that every output
  /// belongs to one PE; perfect blockings only.
  std::vector<LoopVector> spatial;

  unsigned numLevels() const { return factors.size(); }
  /// Copies of level `level` (and of every level below it): the product of the
  /// spatial factors of the levels above it.
  int64_t copies(unsigned level) const;
  /// Tile sizes of level `level`: the product of the temporal and spatial
  /// factors of levels <= `level` (one copy's tile when levels above are
  /// spatial).
  LoopVector tile(unsigned level) const;
  /// The full tile of level `level` as it is walked: tile(level) cut at the
  /// bounds (they differ only in imperfect blockings).
  LoopVector clippedTile(const Layer &layer, unsigned level) const;
};

/// True when some loop's factors multiply to more than its bound (partial
/// tiles).
bool isImperfect(const Layer &layer, const Blocking &blocking);

/// The factors of the blocking whose level-i full tiles, cut at the bounds, are
/// `tiles[i]` (each a multiple of the one below or the whole bound; the last
/// the bounds): f_0 = t_0, f_i = ceil(t_i / t_{i-1}).
std::vector<LoopVector> factorsOfTiles(const std::vector<LoopVector> &tiles);

/// Checks the shape (one factor vector and order per level), factors >= 1 that
/// cover the bounds (their product equals the bound, or, for an imperfect
/// blocking, exceeds it with no level above 0 iterating over tiles that lie
/// wholly past the bound: f_i <= ceil(bound / (f_0 ... f_{i-1})) for i >= 1
/// and the product >= bound; f_0 > bound is a padded innermost tile, such as
/// K padded to a whole vector, and leaves every f_i = 1 above it), orders that
/// are permutations, and that every bounded
/// level holds its I + W + O tiles. Spatial factors count in the products;
/// they must be >= 1, 1 at level 0, 1 on C R S and absent in an imperfect
/// blocking.
llvm::Error validateBlocking(const Layer &layer, const Architecture &arch,
                             const Blocking &blocking);

} // namespace eie::blocking

#endif // EIE_ANALYSIS_BLOCKING_BLOCKING_H
