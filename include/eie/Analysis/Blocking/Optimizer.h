//===- Optimizer.h - Exact minimum-cost blocking search ---------*- C++ -*-===//
//
// Branch and bound over every contract-valid blocking with divisor factors.
// Docs: docs/BlockingModel.md ("The optimizer") gives the proofs that the
// pruning is exact.
//
//===----------------------------------------------------------------------===//

#ifndef EIE_ANALYSIS_BLOCKING_OPTIMIZER_H
#define EIE_ANALYSIS_BLOCKING_OPTIMIZER_H

#include "eie/Analysis/Blocking/Model.h"
#include "eie/Analysis/Blocking/TileConstraints.h"

#include <optional>

namespace eie::blocking {

enum class Objective {
  /// The contract's energy.
  Energy,
  /// Word accesses at the outermost level (DRAM) only.
  OuterAccesses,
  /// Energy times delayCycles() (Model.h).
  EnergyDelay,
};
llvm::StringRef objectiveName(Objective objective);
std::optional<Objective> parseObjective(llvm::StringRef name);

/// The default SearchOptions::maxWork: about 20 seconds of search on an idle
/// core (3 to 4 million steps a second).
constexpr uint64_t kDefaultMaxSearchWork = uint64_t(1) << 26;

struct SearchOptions {
  Objective objective = Objective::Energy;
  /// Keep at most this many tiles per level and stop after this many
  /// candidates, returning the best found, not proven optimal (0: no limit).
  uint64_t maxCandidates = 0;
  /// Fail, saying how to raise it, once the search has enumerated and
  /// evaluated this many tiles and candidates in all: the search space grows
  /// with the levels, the bounds and imperfect tiles, and must not run for
  /// hours.
  uint64_t maxWork = kDefaultMaxSearchWork;
  /// Widen the search to imperfect blockings: along a loop of bound b, a
  /// level's tile may be any ceil(b / c), c = 1..b (the smallest tile that
  /// needs c tiles to cover the loop; the divisors are among them), each a
  /// multiple of the tile below or the whole bound. Exact over that space.
  bool imperfect = false;
  /// Search only the blockings a code generator can run (TileConstraints.h),
  /// of the layer with K padded to whole vectors; exact within them.
  TileConstraints constraints;
};

struct SearchResult {
  Blocking blocking;
  Evaluation evaluation;
  /// Objective value of `blocking`.
  double cost = 0;
  /// (tile, order) pairs whose exact cost was computed.
  uint64_t candidates = 0;
  double seconds = 0;
  /// True when the search finished: no blocking of its space (divisor
  /// factors, or the imperfect tiles of SearchOptions::imperfect, that satisfy
  /// SearchOptions::constraints) costs less.
  bool optimal = false;
};

/// The cost a search minimizes.
double objectiveCost(Objective objective, const Architecture &arch,
                     const Evaluation &eval);

/// Finds a minimum-cost blocking of paddedLayer(layer, options.constraints)
/// (`layer` itself unless the constraints pad K): the blocking's factors, the
/// evaluation and the cost are that layer's, and of `layer` the blocking is
/// an imperfect one when K was padded. Fails, saying which level and why, when
/// no blocking fits (a level too small for even the 1x1 tiles, or for any tile
/// the constraints admit), or on an invalid layer, architecture or
/// constraints.
llvm::Expected<SearchResult> optimize(const Layer &layer,
                                      const Architecture &arch,
                                      const SearchOptions &options = {});

} // namespace eie::blocking

#endif // EIE_ANALYSIS_BLOCKING_OPTIMIZER_H
