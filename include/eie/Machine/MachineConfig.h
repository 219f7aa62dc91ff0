//===- MachineConfig.h - An EIE machine's description -----------*- C++ -*-===//
//
// The machine description (docs/Simulator.md, "Machine description"): the
// capacities a program is compiled for, the timing parameters and the energy
// model (the energy of every event, the SRAM width's effect on it), read from
// JSON. Defaults are shared/contracts/EIE.md's. The compiler reads the
// capacities, the simulator all of it; neither depends on the other.
//
//===----------------------------------------------------------------------===//

#ifndef EIE_MACHINE_MACHINECONFIG_H
#define EIE_MACHINE_MACHINECONFIG_H

#include "eie/ISA/Program.h"

#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"

namespace eie::machine {

/// The documented ranges of a machine file's numbers (docs/Simulator.md): a
/// report's energies and times stay finite for any run within eie-sim's cycle
/// limit.
constexpr double kMinClockMHz = 1e-3, kMaxClockMHz = 1e6;
constexpr double kMaxEnergyPJ = 1e6;

/// Energy per event in picojoules. The defaults reproduce the published
/// 9.157 mW per PE at 800 MHz on the calibration workload of
/// docs/Simulator.md ("Energy").
struct EnergyModel {
  double spmatRead = 49.55;       ///< one sparse-matrix SRAM access
  double pointerRead = 13.55;     ///< one column's two pointers (both banks)
  double regFileAccess = 0.70125; ///< one activation/accumulator access
  double mac = 1.4525;            ///< one multiply-accumulate
  double queue = 0.84;            ///< one activation into and out of a queue
  double leakagePerPECycle = 0.0; ///< static energy per PE and cycle
};

struct MachineConfig {
  isa::MachineParams params;
  unsigned queueDepth = 8;
  unsigned sramWidthBits = 64;
  double clockMHz = 800.0;
  EnergyModel energy;

  /// Entries one sparse-matrix SRAM access returns.
  unsigned entriesPerSramRead() const { return sramWidthBits / 8; }

  /// This machine with a sparse-matrix SRAM `widthBits` wide (a positive
  /// multiple of 8). The energy of a read scales as (1 + w / w0) / 2 of this
  /// machine's (width w0): half of it is per access (decoder, sense control),
  /// half per bit read.
  MachineConfig withSramWidth(unsigned widthBits) const;
};

/// Parses a machine description; errors start with `name` and name the key.
llvm::Expected<MachineConfig> parseMachineConfig(llvm::StringRef json,
                                                 llvm::StringRef name);
/// Reads a machine description file.
llvm::Expected<MachineConfig> readMachineConfigFile(llvm::StringRef path);
/// The JSON form parseMachineConfig reads.
llvm::json::Value toJSON(const MachineConfig &config);

/// Checks that `program` runs on `config`: same PEs and register files, SRAMs
/// at least as large as it was compiled for.
llvm::Error checkCompatible(const isa::Program &program,
                            const MachineConfig &config);

} // namespace eie::machine

#endif // EIE_MACHINE_MACHINECONFIG_H
