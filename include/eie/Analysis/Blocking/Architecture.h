//===- Architecture.h - A memory hierarchy with energies --------*- C++ -*-===//
//
// Levels 0..L-1, 0 innermost (register file), L-1 outermost (DRAM, unbounded).
// Every level but the outermost has a capacity in words shared by the I, W and
// O tiles it holds. An x86 target also describes its vector registers, which
// the code generator's tile constraints are made of (TileConstraints.h).
//
//===----------------------------------------------------------------------===//

#ifndef EIE_ANALYSIS_BLOCKING_ARCHITECTURE_H
#define EIE_ANALYSIS_BLOCKING_ARCHITECTURE_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace eie::blocking {

/// The most memory levels an architecture may have: the search's work grows
/// with the level count (12 levels do not finish), and real hierarchies have
/// at most 6 (registers, L1, L2, L3, L4/HBM, DRAM).
constexpr unsigned kMaxMemoryLevels = 6;
/// The largest energy per access or per MAC, in pJ (a DRAM access is a few
/// hundred): with at most 2^58 accesses (validateLayer) every cost stays
/// finite.
constexpr double kMaxEnergyPJ = 1e6;
/// The largest "macs_per_cycle" and "words_per_cycle".
constexpr double kMaxRate = 1e9;

struct MemoryLevel {
  std::string name;
  /// Words; empty for the unbounded outermost level.
  std::optional<int64_t> capacityWords;
  double energyPerAccessPJ = 0;
  /// Words per cycle the level can serve ("words_per_cycle"); empty: no limit.
  /// Only the energy-delay objective looks at it.
  std::optional<double> wordsPerCycle = std::nullopt;
};

/// The SIMD registers of an x86 target ("vector": {"isa": "avx512", "lanes":
/// 16, "registers": 32}): what the code generator vectorizes with.
struct VectorUnit {
  std::string isa;
  /// fp32 lanes per register.
  int64_t lanes = 0;
  int64_t registers = 0;

  bool operator==(const VectorUnit &other) const {
    return isa == other.isa && lanes == other.lanes &&
           registers == other.registers;
  }
};

/// The architectural vector registers of `isa`: "avx512" (32 zmm x 16 fp32
/// lanes), "avx2" (16 ymm x 8) or "sse" (16 xmm x 4); empty for other names.
std::optional<VectorUnit> vectorUnitOfISA(llvm::StringRef isa);

struct Architecture {
  std::string name;
  std::vector<MemoryLevel> levels;
  double macEnergyPJ = 0;
  /// MACs per cycle ("macs_per_cycle", default 1): the compute bound of the
  /// delay.
  double macsPerCycle = 1;
  /// The vector registers of an x86 target ("vector"); empty otherwise.
  std::optional<VectorUnit> vector = std::nullopt;
  /// What the host detection (x86-host) could not read and assumed instead,
  /// one sentence each, for tools to show as warnings.
  std::vector<std::string> assumptions = {};

  unsigned numLevels() const { return levels.size(); }
};

/// Checks 1 to kMaxMemoryLevels levels, positive capacities below the
/// outermost level, an unbounded outermost level, finite energies in [0,
/// kMaxEnergyPJ], rates in (0, kMaxRate], and a vector unit of a known ISA
/// with its lane count and at most its register count.
llvm::Error validateArchitecture(const Architecture &arch);

/// Parses the contract's architecture JSON; `fileName` prefixes every error.
llvm::Expected<Architecture> parseArchitecture(llvm::StringRef text,
                                               llvm::StringRef fileName);

/// The architecture as parseArchitecture() reads it (the optional fields only
/// when set).
llvm::json::Value architectureToJSON(const Architecture &arch);

/// The preset name of the machine this runs on: never read from a file, but
/// detected (HostArchitecture.h).
constexpr llvm::StringLiteral kHostArchitectureName = "x86-host";

/// Loads `fileOrPreset`: "x86-host" (the detected host, hostArchitecture()),
/// an existing file path, or a preset name such as "asic-3level" looked up as
/// <dataDirectory("arch", argv0)>/<name>.json (eie/Support/DataDirectory.h).
llvm::Expected<Architecture> loadArchitecture(llvm::StringRef fileOrPreset,
                                              llvm::StringRef argv0 = "");

} // namespace eie::blocking

#endif // EIE_ANALYSIS_BLOCKING_ARCHITECTURE_H
