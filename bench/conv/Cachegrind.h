//===- Cachegrind.h - Simulated cache misses of a child process -*- C++ -*-===//
//
// Runs a command under `valgrind --tool=cachegrind` with the host's caches
// (its L1d as D1; its per-core share of the L3, or its L2, as LL) and reads
// back the whole-process counts.
// Valgrind 3.19 has no client request that limits counting to a region (those
// arrived in 3.22), so the benchmark counts a region as the difference of two
// runs.
//
//===----------------------------------------------------------------------===//

#ifndef EIE_BENCH_CONV_CACHEGRIND_H
#define EIE_BENCH_CONV_CACHEGRIND_H

#include "eie/Analysis/Blocking/HostArchitecture.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace eie::convbench {

/// One cache cachegrind simulates.
struct SimulatedCache {
  const char *name; // cachegrind's: I1, D1, LL
  int64_t bytes;
  int64_t ways;
  int64_t lineBytes;
};

/// The cache of about `bytes` (64-byte lines, at least `minWays` ways) that
/// cachegrind can simulate: its sets must be a power of two, so the ways are
/// the lines over the largest power of two that leaves at least `minWays`
/// (48 KiB: 64 sets of 12 ways; 16 MiB: 16384 sets of 16 ways), and a size
/// that is no multiple of the sets is rounded down.
SimulatedCache cachegrindCache(const char *name, int64_t bytes,
                               int64_t minWays);

/// Which of the host's caches cachegrind's LL stands for.
enum class SimulatedLastLevel {
  /// The per-core share of the L3, the last level a single thread has.
  L3,
  /// The L2, as if there were no L3: a stricter check of the L2 blocking.
  L2,
};

/// The machine the --cachegrind runs simulate, and what our blocking is
/// planned for under it.
struct SimulatedHierarchy {
  /// cachegrind's I1, D1 and LL.
  SimulatedCache caches[3];
  /// AVX2's 16 x 8-lane registers (valgrind 3.19 decodes no AVX-512), the
  /// simulated D1, for L3 the host's L2 (which cachegrind does not
  /// simulate), the simulated LL and DRAM, with the x86 energies; every cache
  /// filled entirely.
  blocking::Architecture architecture;
  /// `architecture` without the levels cachegrind does not simulate.
  blocking::Architecture simulated;
  /// The share of each cache our blocking is planned to fill (plannedFor()).
  double plannedShare;

  /// `architecture` with every cache's capacity times plannedShare.
  blocking::Architecture plannedFor() const;
};

/// The share of each simulated cache our blocking is planned to fill when the
/// LL is the L2. The model's tiles may fill a level exactly; an LRU cache of
/// limited ways holding such tiles evicts what the next step reuses (VGG-16
/// conv3_2 planned for the whole 1 MiB LL: 5.0x the compulsory misses; conv3_1
/// planned for half of each cache: 1.92x, for three quarters: 1.30x). With the
/// L3 as LL our code is planned as the pipeline plans it on the host, for the
/// whole of each cache.
constexpr double kPlannedL2Share = 0.75;

/// The hierarchy cachegrind simulates for a host, its LL standing for
/// `lastLevel`.
SimulatedHierarchy simulatedHierarchy(const blocking::HostDescription &host,
                                      SimulatedLastLevel lastLevel);

/// The simulated caches as cachegrind options (--I1=32768,8,64 ...).
std::vector<std::string>
cachegrindCacheOptions(const SimulatedHierarchy &hierarchy);

struct ConvShape;

/// The fewest last-level misses any blocking of the model's space (a tile per
/// level, any loop order; within the code generator's constraints) can have
/// on the simulated hierarchy (`hierarchy.simulated`) with its caches filled
/// entirely: the model's
/// DRAM accesses of the blocking that minimizes them, in 64-byte lines,
/// summed over the groups. Where the simulated LL holds too little for every
/// tensor to be moved once, this is above the compulsory minimum whatever the
/// code does.
llvm::Expected<double>
modelMinimumMissLines(const ConvShape &shape,
                      const SimulatedHierarchy &hierarchy);

/// Data references and last-level misses of one run (or the difference of
/// two).
struct CacheCounts {
  int64_t dataReads = 0, dataWrites = 0;
  int64_t llReadMisses = 0, llWriteMisses = 0;

  int64_t llMisses() const { return llReadMisses + llWriteMisses; }
  CacheCounts operator-(const CacheCounts &other) const {
    return {dataReads - other.dataReads, dataWrites - other.dataWrites,
            llReadMisses - other.llReadMisses,
            llWriteMisses - other.llWriteMisses};
  }
};

/// The environment of a measured run: the libraries' AVX-512 code paths off
/// (valgrind 3.19 does not decode AVX-512) and one thread.
std::vector<std::string> cachegrindEnvironment();

/// One command run under cachegrind.
struct CachegrindRun {
  CacheCounts counts;
  /// What the command wrote to stdout.
  std::string output;
};

/// Runs `command` (program and arguments) under cachegrind with
/// cachegrindEnvironment(). Fails, with the end of the run's error output, if
/// the command fails.
llvm::Expected<CachegrindRun>
runCachegrind(llvm::StringRef valgrind, const SimulatedHierarchy &hierarchy,
              llvm::ArrayRef<std::string> command);

} // namespace eie::convbench

#endif // EIE_BENCH_CONV_CACHEGRIND_H
