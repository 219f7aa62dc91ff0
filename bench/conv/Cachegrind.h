//===- Cachegrind.h - Simulated cache misses of a child process -*- C++ -*-===//
//
// Runs a command under `valgrind --tool=cachegrind` with a fixed cache
// configuration (D1 32 KiB, LL 1 MiB) and reads back the whole-process counts.
// Valgrind 3.19 has no client request that limits counting to a region (those
// arrived in 3.22), so the benchmark counts a region as the difference of two
// runs.
//
//===----------------------------------------------------------------------===//

#ifndef EIE_BENCH_CONV_CACHEGRIND_H
#define EIE_BENCH_CONV_CACHEGRIND_H

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

/// The caches simulated: cachegrind's I1, D1 and LL.
extern const SimulatedCache kSimulatedCaches[3];

/// The simulated caches as cachegrind options (--I1=32768,8,64 ...).
std::vector<std::string> cachegrindCacheOptions();

/// The share of each simulated cache our blocking is planned to fill. The
/// model's tiles may fill a level exactly; an LRU cache of limited ways holding
/// such tiles evicts what the next step reuses (VGG-16 conv3_2 planned for
/// the whole LL: 5.0x the compulsory misses; conv3_1 planned for half of
/// each cache: 1.92x, for three quarters: 1.30x).
constexpr double kPlannedCacheShare = 0.75;

/// An architecture file (docs/BlockingModel.md) for the machine cachegrind
/// simulates: AVX2's 16 x 8-lane registers, `cacheShare` of D1 and of LL,
/// then DRAM, with the x86-avx2 preset's energies. The blocking our code runs
/// under --cachegrind is planned for it with kPlannedCacheShare, so that the
/// misses counted are those of the hierarchy the model optimized for.
std::string simulatedArchitectureJson(double cacheShare);

struct ConvShape;

/// The fewest last-level misses any blocking of the model's space (a tile per
/// level, any loop order; within the code generator's constraints) can have
/// on the simulated hierarchy with its caches filled entirely: the model's
/// DRAM accesses of the blocking that minimizes them, in 64-byte lines,
/// summed over the groups. Where the simulated LL holds too little for every
/// tensor to be moved once, this is above the compulsory minimum whatever the
/// code does.
llvm::Expected<double> modelMinimumMissLines(const ConvShape &shape);

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
runCachegrind(llvm::StringRef valgrind, llvm::ArrayRef<std::string> command);

} // namespace eie::convbench

#endif // EIE_BENCH_CONV_CACHEGRIND_H
