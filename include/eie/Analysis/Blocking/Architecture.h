//===- Architecture.h - A memory hierarchy with energies --------*- C++ -*-===//
//
// Levels 0..L-1, 0 innermost (register file), L-1 outermost (DRAM, unbounded).
// Every level but the outermost has a capacity in words shared by the I, W and
// O tiles it holds.
//
//===----------------------------------------------------------------------===//

#ifndef EIE_ANALYSIS_BLOCKING_ARCHITECTURE_H
#define EIE_ANALYSIS_BLOCKING_ARCHITECTURE_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace eie::blocking {

struct MemoryLevel {
  std::string name;
  /// Words; empty for the unbounded outermost level.
  std::optional<int64_t> capacityWords;
  double energyPerAccessPJ = 0;
  /// Words per cycle the level can serve ("words_per_cycle"); empty: no limit.
  /// Only the energy-delay objective looks at it.
  std::optional<double> wordsPerCycle = std::nullopt;
};

struct Architecture {
  std::string name;
  std::vector<MemoryLevel> levels;
  double macEnergyPJ = 0;
  /// MACs per cycle ("macs_per_cycle", default 1): the compute bound of the
  /// delay.
  double macsPerCycle = 1;

  unsigned numLevels() const { return levels.size(); }
};

/// Checks at least one level, positive capacities below the outermost level, an
/// unbounded outermost level, non-negative energies.
llvm::Error validateArchitecture(const Architecture &arch);

/// Parses the contract's architecture JSON; `fileName` prefixes every error.
llvm::Expected<Architecture> parseArchitecture(llvm::StringRef text,
                                               llvm::StringRef fileName);

/// The folder holding the shipped presets: $EIE_DATA_DIR/arch if set, else
/// <prefix>/share/eie/arch when the running executable (`argv0`) is installed
/// in <prefix>/bin, else the source tree's data/arch.
std::string presetDirectory(llvm::StringRef argv0);

/// Loads `fileOrPreset`: an existing file path, or a preset name such as
/// "asic-3level" looked up as <presetDirectory>/<name>.json.
llvm::Expected<Architecture> loadArchitecture(llvm::StringRef fileOrPreset,
                                              llvm::StringRef argv0 = "");

} // namespace eie::blocking

#endif // EIE_ANALYSIS_BLOCKING_ARCHITECTURE_H
