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
#include "eie/Machine/MachineConfig.h"
#include "eie/Sim/Report.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <vector>

namespace eie::sim {

/// Bounds on one simulation, so that no stream runs for hours: far above a
/// whole VGG-16 FC stack (about 10^6 cycles and 10^3 instructions).
struct SimLimits {
  uint64_t maxCycles = uint64_t(1) << 32;
  uint64_t maxInstructions = uint64_t(1) << 20;
};

/// The error simulate() returns when the program exceeds a SimLimits bound
/// (tools exit with a distinct code for it).
class LimitExceededError : public llvm::ErrorInfo<LimitExceededError> {
public:
  static char ID;
  explicit LimitExceededError(std::string message)
      : message(std::move(message)) {}
  void log(llvm::raw_ostream &os) const override { os << message; }
  std::error_code convertToErrorCode() const override {
    return llvm::inconvertibleErrorCode();
  }

private:
  std::string message;
};

struct SimResult {
  /// The output host vector, int16 in its Q(fracBits).
  std::vector<int16_t> output;
  SimReport report;
};

/// Runs `program` on `config` with `input` (the input host vector, int16 in
/// its Q(fracBits)). Every rule of isa::verifyProgram is checked before the
/// instruction it concerns executes; errors name the instruction. A program
/// past `limits` fails with a LimitExceededError.
llvm::Expected<SimResult> simulate(const isa::Program &program,
                                   const machine::MachineConfig &config,
                                   llvm::ArrayRef<int16_t> input,
                                   const SimLimits &limits = {});

} // namespace eie::sim

#endif // EIE_SIM_SIMULATOR_H
