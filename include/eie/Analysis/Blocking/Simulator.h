//===- Simulator.h - Brute-force simulation of the contract -----*- C++ -*-===//
//
// Walks every MAC of the blocked loop nest (skipping the points past the bounds
// of an imperfect blocking), tracks the tile of each tensor at each level, per
// PE below spatial loops, by the indices of the loops above that level it
// depends on, and counts fills, first visits and write-backs as the contract
// words them.
// Footprints are measured as the extent of the elements a tile touches.
// One step per MAC: for tests on small layers.
//
//===----------------------------------------------------------------------===//

#ifndef EIE_ANALYSIS_BLOCKING_SIMULATOR_H
#define EIE_ANALYSIS_BLOCKING_SIMULATOR_H

#include "eie/Analysis/Blocking/Model.h"

namespace eie::blocking {

/// Per-level footprints and accesses (energies filled in as in evaluate()).
Evaluation simulate(const Layer &layer, const Architecture &arch,
                    const Blocking &blocking);

/// Simulates `blocking` and compares every footprint and access count with
/// evaluate(); the error names the first level, tensor and counts that differ.
llvm::Error checkAgainstSimulation(const Layer &layer, const Architecture &arch,
                                   const Blocking &blocking);

} // namespace eie::blocking

#endif // EIE_ANALYSIS_BLOCKING_SIMULATOR_H
