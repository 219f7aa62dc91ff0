//===- Heuristic.h - A fixed output-stationary blocking ---------*- C++ -*-===//
//
// The baseline that the optimizer is measured against: a DianNao-style
// output-stationary blocking chosen by fixed rules, without looking at the
// energies. Level 0 holds a block of up to 16x16 output-channel x input-channel
// weights (DianNao's Tn x Tn) with its outputs; every bounded level above grows
// the tile of the level below greedily in a fixed loop priority (R, S, C, X, Y,
// K, N) while it fits; every level keeps the partial sums stationary (C, R, S
// innermost).
//
//===----------------------------------------------------------------------===//

#ifndef EIE_ANALYSIS_BLOCKING_HEURISTIC_H
#define EIE_ANALYSIS_BLOCKING_HEURISTIC_H

#include "eie/Analysis/Blocking/Blocking.h"

namespace eie::blocking {

/// The output-stationary baseline; fails like optimize() when a level cannot
/// hold 1x1 tiles.
llvm::Expected<Blocking> outputStationaryBlocking(const Layer &layer,
                                                  const Architecture &arch);

} // namespace eie::blocking

#endif // EIE_ANALYSIS_BLOCKING_HEURISTIC_H
