//===- Report.h - What the EIE simulator measured ---------------*- C++ -*-===//
//
// Event counts of the simulated passes, per layer and in total, and the
// numbers derived from them (time, efficiencies, energy, power), printed as
// text or JSON (docs/Simulator.md, "Report").
//
//===----------------------------------------------------------------------===//

#ifndef EIE_SIM_REPORT_H
#define EIE_SIM_REPORT_H

#include "eie/Machine/MachineConfig.h"

#include "llvm/Support/JSON.h"

#include <cstdint>
#include <string>
#include <vector>

namespace llvm {
class raw_ostream;
} // namespace llvm

namespace eie::sim {

/// Events of one or more passes.
struct Counters {
  uint64_t passes = 0;
  uint64_t cycles = 0;
  /// Activations the LNZD broadcast, the bias column included.
  uint64_t broadcasts = 0;
  /// Cycles the LNZD held a non-zero activation back because a queue was full.
  uint64_t queueFullStalls = 0;
  /// Entries the PEs streamed, padding and the bias column included.
  uint64_t entries = 0;
  uint64_t paddingEntries = 0;
  uint64_t biasEntries = 0;
  uint64_t macs = 0;
  uint64_t pointerReads = 0;
  uint64_t regFileAccesses = 0;
  /// (entries of the broadcast columns, padding and bias included) / N.
  double theoreticalCycles = 0;
  // Per PE.
  std::vector<uint64_t> busy, stall, idle, sramReads;

  explicit Counters(unsigned numPEs = 0)
      : busy(numPEs), stall(numPEs), idle(numPEs), sramReads(numPEs) {}
  void add(const Counters &o);
  uint64_t totalSramReads() const;
};

/// Energy by component, picojoules.
struct Energy {
  double spmatRead = 0, pointerRead = 0, regFile = 0, mac = 0, queue = 0,
         leakage = 0;
  double total() const {
    return spmatRead + pointerRead + regFile + mac + queue + leakage;
  }
};

struct LayerReport {
  std::string name;
  Counters counters;

  double timeMicros(const machine::MachineConfig &m) const;
  double theoreticalMicros(const machine::MachineConfig &m) const;
  /// Entries / (N x cycles).
  double loadBalanceEfficiency(const machine::MachineConfig &m) const;
  /// MACs / (N x cycles).
  double macUtilization(const machine::MachineConfig &m) const;
  Energy energy(const machine::MachineConfig &m) const;
};

struct SimReport {
  machine::MachineConfig machine;
  std::vector<LayerReport> layers;
  LayerReport total;
};

void printReport(const SimReport &report, llvm::raw_ostream &os);
llvm::json::Value toJSON(const SimReport &report);

} // namespace eie::sim

#endif // EIE_SIM_REPORT_H
