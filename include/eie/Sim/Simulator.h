//===- Simulator.h - Cycle-level simulator of the EIE machine ---*- C++ -*-===//
//
// Runs a program on the machine of shared/contracts/EIE.md: the
// data movement through isa::MachineState, every Run pass through the timing
// rules of docs/Simulator.md ("Timing") and the fixed-point arithmetic of
// docs/NUMERICS.md. Per-PE event-driven: the cost is O(broadcasts x PEs +
// entries) per pass, never a loop over idle cycles.
//
//===----------------------------------------------------------------------===//

#ifndef EIE_SIM_SIMULATOR_H
#define EIE_SIM_SIMULATOR_H

#include "eie/ISA/Program.h"
#include "eie/Sim/MachineConfig.h"
#include "eie/Sim/Report.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <vector>

namespace eie::sim {

struct SimResult {
  /// The output host vector, int16 in its Q(fracBits).
  std::vector<int16_t> output;
  SimReport report;
};

/// Runs `program` on `config` with `input` (the input host vector, int16 in
/// its Q(fracBits)). Every rule of isa::verifyProgram is checked before the
/// instruction it concerns executes; errors name the instruction.
llvm::Expected<SimResult> simulate(const isa::Program &program,
                                   const MachineConfig &config,
                                   llvm::ArrayRef<int16_t> input);

} // namespace eie::sim

#endif // EIE_SIM_SIMULATOR_H
