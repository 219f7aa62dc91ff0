//===- Model.h - The analytic access-count and energy model -----*- C++ -*-===//
//
// Closed forms of shared/contracts/BLOCKING.md. Walking the level-i tiles in
// the order of the loops of levels i+1..L-1, a tensor's tile is refilled
// exactly when a loop it depends on, with a factor > 1, advances, i.e. at every
// step of the loops outside and including the innermost such loop. So
// fills_i(T) = steps_i / reuse_i(T), where reuse_i(T) is the product of the
// factors that sit inside that innermost relevant loop (all of them irrelevant
// to T). reuse is computed level by level from the top: a level contributes the
// factors after its innermost relevant non-1 loop, and when it has no relevant
// non-1 loop, all its factors times the reuse of the level above.
//
//===----------------------------------------------------------------------===//

#ifndef EIE_ANALYSIS_BLOCKING_MODEL_H
#define EIE_ANALYSIS_BLOCKING_MODEL_H

#include "eie/Analysis/Blocking/Blocking.h"

#include <array>

namespace eie::blocking {

using TensorCounts = std::array<int64_t, kNumTensors>;

/// What one level of a blocking costs.
struct LevelCost {
  /// Words of each tensor's tile at this level.
  TensorCounts footprintWords{};
  /// Word accesses made at this level (level 0: the MACs' reads and writes;
  /// level i+1: the reads and write-backs caused by level i's fills).
  TensorCounts accesses{};
  double energyPJ = 0;
};

struct Evaluation {
  std::vector<LevelCost> levels;
  int64_t macs = 0;
  /// PEs the MACs are spread over (Blocking::copies(0)).
  int64_t pes = 1;
  double energyPJ = 0;
};

/// What the loops of one level contribute to the reuse of the tiles below it.
struct LevelReuse {
  /// Product of the factors after the innermost loop that the tensor depends on
  /// and whose factor is > 1 (all factors if there is none).
  TensorCounts inner{};
  /// True when no loop the tensor depends on has a factor > 1 at this level:
  /// the reuse then extends into the level above.
  std::array<bool, kNumTensors> passesThrough{};
};
LevelReuse levelReuse(const LoopVector &factors, const LoopOrder &order);

/// Accesses at level i+1 caused by the fills of a level-i tile: I and W read
/// fills * footprint words; O reads every fill but the first visit of each tile
/// and writes every fill back.
TensorCounts fillAccesses(const Layer &layer, const TensorCounts &fills,
                          const TensorCounts &footprintWords);

/// The same from the words the fills moved (the sum of the filled tiles'
/// footprints): I and W read them; O writes them all back and reads all but
/// the first visits, which cover O once: 2 * words - |O|.
TensorCounts movedAccesses(const Layer &layer, const TensorCounts &words);

/// The words moved into level `level` by the fills of each tensor's tile,
/// walking the tiles of levels > `level`, partial tiles included (imperfect
/// blockings; docs/BlockingModel.md, "Imperfect tiles"). `tiles[j]` is level
/// j's full tile cut at the bounds (Blocking::clippedTile), the last one the
/// bounds; `orders[j]` the order of level j. Exact, without walking the tiles:
/// a walk over the loops of the levels above, memoized on which loops are in
/// their last, partial tile.
TensorCounts imperfectFillWords(const Layer &layer,
                                const std::vector<LoopVector> &tiles,
                                const std::vector<LoopOrder> &orders,
                                unsigned level);

/// Sets each level's energy from its accesses, and the total with the MACs'.
void assignEnergies(const Architecture &arch, Evaluation &eval);

/// Cycles a level needs to serve `words` accesses (0 when its bandwidth is
/// unlimited).
double transferCycles(const Architecture &arch, unsigned level, int64_t words);

/// Delay of an evaluated blocking in cycles, a roofline bound that assumes
/// transfers overlap with compute: max(MACs / (macs_per_cycle * PEs), max over
/// levels of accesses / words_per_cycle).
double delayCycles(const Architecture &arch, const Evaluation &eval);

/// Evaluates a blocking that validateBlocking accepted.
Evaluation evaluate(const Layer &layer, const Architecture &arch,
                    const Blocking &blocking);

} // namespace eie::blocking

#endif // EIE_ANALYSIS_BLOCKING_MODEL_H
