//===- HostArchitecture.h - x86 machines, the host detected -----*- C++ -*-===//
//
// An x86 machine as the blocking model sees it, in 32-bit (fp32) words: the
// vector register file ("RF", registers x lanes words), "L1d", "L2", the
// per-core share of "L3", and "DRAM". `x86-host` is the machine this runs on:
// the vector ISA from cpuid (__builtin_cpu_supports), the cache sizes from
// cpuid leaf 4 (Intel) or 0x8000001D (AMD), else sysconf, else
// /sys/devices/system/cpu/cpu0/cache (absent on some machines), else
// conservative defaults, which the architecture then lists as assumptions.
//
//===----------------------------------------------------------------------===//

#ifndef EIE_ANALYSIS_BLOCKING_HOSTARCHITECTURE_H
#define EIE_ANALYSIS_BLOCKING_HOSTARCHITECTURE_H

#include "eie/Analysis/Blocking/Architecture.h"

#include "llvm/ADT/ArrayRef.h"

#include <array>

namespace eie::blocking {

/// What one source says about the data caches of a core; 0 where it says
/// nothing.
struct CacheReport {
  /// Where the numbers come from, e.g. "cpuid leaf 0x8000001D".
  std::string source;
  int64_t l1dBytes = 0, l2Bytes = 0, l3Bytes = 0;
  /// Logical CPUs that share one L1d (a core's hardware threads) and one L3.
  int64_t l1dSharing = 0, l3Sharing = 0;
};

/// One subleaf of cpuid leaf 4 (Intel) or 0x8000001D (AMD), which share a
/// layout.
struct CpuidCache {
  /// 0: no more caches; 1: data; 2: instruction; 3: unified.
  unsigned type = 0;
  unsigned level = 0;
  int64_t bytes = 0;
  /// EAX[25:14] + 1, the logical processor IDs that may share the cache: an
  /// upper bound, often a power of two, and arbitrary in some virtual
  /// machines.
  int64_t sharingThreads = 0;
};
CpuidCache decodeCpuidCache(uint32_t eax, uint32_t ebx, uint32_t ecx);

/// The data and unified caches of a cpuid cache leaf's subleaves, in order,
/// up to the first of type 0.
CacheReport cacheReportOfCpuid(llvm::ArrayRef<CpuidCache> subleaves,
                               llvm::StringRef source);

/// The host's caches from cpuid leaf 4 or 0x8000001D; empty when the host is
/// not x86 or neither leaf lists a cache.
std::optional<CacheReport> readCpuidCaches();
/// From sysconf(_SC_LEVEL1_DCACHE_SIZE) and the L2 and L3 ones (glibc reads
/// cpuid, including AMD's older leaves); sizes only.
std::optional<CacheReport> readSysconfCaches();
/// From the index*/{level,type,size,shared_cpu_list} files of `cacheDir`
/// (normally /sys/devices/system/cpu/cpu0/cache); empty when it is absent.
std::optional<CacheReport> readSysfsCaches(llvm::StringRef cacheDir);

/// The x86 machine to plan for, and where each number came from.
struct HostDescription {
  /// The cpuid brand string.
  std::string cpu;
  VectorUnit vector;
  /// Sizes of L1d, L2 and L3 in bytes (l3Bytes 0 when it was assumed).
  int64_t l1dBytes = 0, l2Bytes = 0, l3Bytes = 0;
  /// Cores sharing the L3, and the share of one core: what a single thread
  /// plans for.
  int64_t l3Cores = 1;
  int64_t l3BytesPerCore = 0;
  /// Where the sizes of L1d, L2 and L3, and l3Cores, came from.
  std::array<std::string, 4> sources;
  /// Numbers no source gave, assumed instead; one sentence each.
  std::vector<std::string> assumptions;
};

/// Combines the reports, the first that gives a number winning, with the
/// defaults 32 KiB L1d, 1 MiB L2 and 2 MiB of L3 per core for what none gives.
/// The L3 is shared by the cores of the first report that gives its sharing
/// (its L3 sharers over its L1d sharers, i.e. threads over threads per core),
/// at most `onlineCPUs`, since the cpuid field is only an upper bound; without
/// a report, by `onlineCPUs`.
HostDescription describeHost(llvm::StringRef cpu, const VectorUnit &vector,
                             llvm::ArrayRef<CacheReport> reports,
                             int64_t onlineCPUs);

/// Describes this machine from readCpuidCaches(), readSysconfCaches() and
/// readSysfsCaches() in that order; the vector unit is AVX-512 with avx512f,
/// AVX2 with avx2 and fma, else SSE. Fails on a host that is not x86.
llvm::Expected<HostDescription> detectHost();

/// An x86 machine: RF (vector.registers x vector.lanes words), L1d, L2, L3
/// (the per-core share) and DRAM, with the energies of docs/BlockingModel.md.
Architecture x86Architecture(llvm::StringRef name, const VectorUnit &vector,
                             int64_t l1dBytes, int64_t l2Bytes,
                             int64_t l3BytesPerCore);

/// The architecture "x86-host" of a host description, with its assumptions.
Architecture hostArchitecture(const HostDescription &host);
/// The same of detectHost().
llvm::Expected<Architecture> hostArchitecture();

/// The description as JSON: "cpu", "vector", the sizes, "l3_cores",
/// "l3_bytes_per_core", "sources" and "assumptions".
llvm::json::Value hostDescriptionToJSON(const HostDescription &host);

} // namespace eie::blocking

#endif // EIE_ANALYSIS_BLOCKING_HOSTARCHITECTURE_H
