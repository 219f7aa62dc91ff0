//===- HostArchitecture.cpp - x86 machines, the host detected -------------===//

#include "eie/Analysis/Blocking/HostArchitecture.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <cstring>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#define EIE_HOST_IS_X86 1
#endif
#if __has_include(<unistd.h>)
#include <unistd.h>
#endif

using namespace llvm;

namespace eie::blocking {

// Energies per 32-bit word access and per fp32 MAC, the same for every x86
// machine (docs/BlockingModel.md, "Architecture presets", has the sources):
// only their ratios steer the blocking.
constexpr double kRegisterEnergyPJ = 1.0;
constexpr double kL1dEnergyPJ = 12.5;
constexpr double kL2EnergyPJ = 70;
constexpr double kL3EnergyPJ = 250;
constexpr double kDRAMEnergyPJ = 1000;
constexpr double kMacEnergyPJ = 4.6;

// What a thread plans for when no source gives a size: the smallest caches of
// the machines this project runs on.
constexpr int64_t kDefaultL1dBytes = 32 << 10;
constexpr int64_t kDefaultL2Bytes = 1 << 20;
constexpr int64_t kDefaultL3BytesPerCore = 2 << 20;

CpuidCache decodeCpuidCache(uint32_t eax, uint32_t ebx, uint32_t ecx) {
  CpuidCache cache;
  cache.type = eax & 0x1f;
  cache.level = (eax >> 5) & 0x7;
  cache.sharingThreads = ((eax >> 14) & 0xfff) + 1;
  int64_t ways = ((ebx >> 22) & 0x3ff) + 1;
  int64_t partitions = ((ebx >> 12) & 0x3ff) + 1;
  int64_t lineBytes = (ebx & 0xfff) + 1;
  int64_t sets = int64_t(ecx) + 1;
  cache.bytes = ways * partitions * lineBytes * sets;
  return cache;
}

CacheReport cacheReportOfCpuid(ArrayRef<CpuidCache> subleaves,
                               StringRef source) {
  CacheReport report;
  report.source = source.str();
  for (const CpuidCache &cache : subleaves) {
    if (cache.type == 0)
      break;
    if (cache.type == 2)
      continue;
    if (cache.level == 1) {
      report.l1dBytes = cache.bytes;
      report.l1dSharing = cache.sharingThreads;
    } else if (cache.level == 2) {
      report.l2Bytes = cache.bytes;
    } else if (cache.level == 3) {
      report.l3Bytes = cache.bytes;
      report.l3Sharing = cache.sharingThreads;
    }
  }
  return report;
}

std::optional<CacheReport> readCpuidCaches() {
#ifdef EIE_HOST_IS_X86
  struct Leaf {
    unsigned leaf;
    const char *name;
  };
  // Intel lists its caches in leaf 4, AMD in 0x8000001D (leaf 4 reads as
  // zeros there).
  for (Leaf leaf :
       {Leaf{4, "cpuid leaf 4"}, Leaf{0x8000001D, "cpuid leaf 0x8000001D"}}) {
    if (__get_cpuid_max(leaf.leaf & 0x80000000, nullptr) < leaf.leaf)
      continue;
    std::vector<CpuidCache> subleaves;
    for (unsigned subleaf = 0; subleaf < 16; ++subleaf) {
      unsigned eax, ebx, ecx, edx;
      __cpuid_count(leaf.leaf, subleaf, eax, ebx, ecx, edx);
      subleaves.push_back(decodeCpuidCache(eax, ebx, ecx));
      if (subleaves.back().type == 0)
        break;
    }
    CacheReport report = cacheReportOfCpuid(subleaves, leaf.name);
    if (report.l1dBytes || report.l2Bytes || report.l3Bytes)
      return report;
  }
#endif
  return std::nullopt;
}

std::optional<CacheReport> readSysconfCaches() {
#ifdef _SC_LEVEL1_DCACHE_SIZE
  CacheReport report;
  report.source = "sysconf";
  report.l1dBytes = std::max<long>(0, sysconf(_SC_LEVEL1_DCACHE_SIZE));
  report.l2Bytes = std::max<long>(0, sysconf(_SC_LEVEL2_CACHE_SIZE));
  report.l3Bytes = std::max<long>(0, sysconf(_SC_LEVEL3_CACHE_SIZE));
  if (report.l1dBytes || report.l2Bytes || report.l3Bytes)
    return report;
#endif
  return std::nullopt;
}

/// The trimmed contents of a small file (sysfs files report a size they do
/// not have, so read as a stream).
static std::optional<std::string> readSmallFile(const Twine &path) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> buffer =
      MemoryBuffer::getFileAsStream(path);
  if (!buffer)
    return std::nullopt;
  return (*buffer)->getBuffer().trim().str();
}

/// "48K", "1024K", "32M" or a plain number of bytes; 0 if malformed.
static int64_t parseCacheSize(StringRef text) {
  int64_t scale = 1;
  if (text.consume_back("K"))
    scale = 1 << 10;
  else if (text.consume_back("M"))
    scale = 1 << 20;
  else if (text.consume_back("G"))
    scale = 1 << 30;
  int64_t value;
  if (text.getAsInteger(10, value) || value <= 0)
    return 0;
  return value * scale;
}

/// The number of CPUs of a list such as "0-3,8-11"; 0 if malformed.
static int64_t countCPUList(StringRef list) {
  int64_t count = 0;
  SmallVector<StringRef> ranges;
  list.split(ranges, ',');
  for (StringRef range : ranges) {
    auto [first, last] = range.split('-');
    int64_t from, to;
    if (first.getAsInteger(10, from))
      return 0;
    if (last.empty())
      to = from;
    else if (last.getAsInteger(10, to) || to < from)
      return 0;
    count += to - from + 1;
  }
  return count;
}

std::optional<CacheReport> readSysfsCaches(StringRef cacheDir) {
  CacheReport report;
  report.source = cacheDir.str();
  for (unsigned index = 0; index < 16; ++index) {
    SmallString<128> dir(cacheDir);
    sys::path::append(dir, "index" + Twine(index));
    if (!sys::fs::is_directory(dir))
      break;
    std::optional<std::string> level = readSmallFile(dir + "/level");
    std::optional<std::string> type = readSmallFile(dir + "/type");
    std::optional<std::string> size = readSmallFile(dir + "/size");
    std::optional<std::string> sharing =
        readSmallFile(dir + "/shared_cpu_list");
    if (!level || !type || !size || *type == "Instruction")
      continue;
    int64_t bytes = parseCacheSize(*size);
    int64_t sharers = sharing ? countCPUList(*sharing) : 0;
    if (*level == "1") {
      report.l1dBytes = bytes;
      report.l1dSharing = sharers;
    } else if (*level == "2") {
      report.l2Bytes = bytes;
    } else if (*level == "3") {
      report.l3Bytes = bytes;
      report.l3Sharing = sharers;
    }
  }
  if (report.l1dBytes || report.l2Bytes || report.l3Bytes)
    return report;
  return std::nullopt;
}

HostDescription describeHost(StringRef cpu, const VectorUnit &vector,
                             ArrayRef<CacheReport> reports,
                             int64_t onlineCPUs) {
  HostDescription host;
  host.cpu = cpu.str();
  host.vector = vector;
  struct Level {
    const char *name;
    int64_t CacheReport::*reported;
    int64_t HostDescription::*size;
  };
  const Level levels[] = {
      {"L1d", &CacheReport::l1dBytes, &HostDescription::l1dBytes},
      {"L2", &CacheReport::l2Bytes, &HostDescription::l2Bytes},
      {"L3", &CacheReport::l3Bytes, &HostDescription::l3Bytes}};
  for (auto [i, level] : enumerate(levels))
    for (const CacheReport &report : reports)
      if (report.*level.reported > 0) {
        host.*level.size = report.*level.reported;
        host.sources[i] = report.source;
        break;
      }
  if (!host.l1dBytes) {
    host.l1dBytes = kDefaultL1dBytes;
    host.sources[0] = "default";
    host.assumptions.push_back("no source gave the L1d size; assuming 32 KiB");
  }
  if (!host.l2Bytes) {
    host.l2Bytes = kDefaultL2Bytes;
    host.sources[1] = "default";
    host.assumptions.push_back("no source gave the L2 size; assuming 1 MiB");
  }
  if (!host.l3Bytes) {
    host.l3BytesPerCore = kDefaultL3BytesPerCore;
    host.sources[2] = host.sources[3] = "default";
    host.assumptions.push_back(
        "no source gave the L3 size; assuming 2 MiB per core");
    return host;
  }
  const CacheReport *sharing = nullptr;
  for (const CacheReport &report : reports)
    if (report.l3Sharing > 0) {
      sharing = &report;
      break;
    }
  if (sharing) {
    // Threads sharing the L3 over threads sharing a core's L1d: cores.
    host.l3Cores = std::max<int64_t>(
        1, sharing->l3Sharing / std::max<int64_t>(1, sharing->l1dSharing));
    host.sources[3] = sharing->source;
    if (onlineCPUs > 0 && host.l3Cores > onlineCPUs) {
      host.l3Cores = onlineCPUs;
      host.sources[3] += ", at most the online CPUs";
    }
  } else if (onlineCPUs > 0) {
    host.l3Cores = onlineCPUs;
    host.sources[3] = "online CPUs";
  } else {
    host.sources[3] = "default";
    host.assumptions.push_back("no source gave the cores sharing the L3; "
                               "planning for all of it");
  }
  host.l3BytesPerCore = host.l3Bytes / host.l3Cores;
  return host;
}

#ifdef EIE_HOST_IS_X86
/// The cpuid brand string, e.g. "AMD EPYC 9V45 96-Core Processor".
static std::string cpuBrand() {
  if (__get_cpuid_max(0x80000000, nullptr) < 0x80000004)
    return "unknown x86 CPU";
  char brand[49] = {};
  for (unsigned i = 0; i < 3; ++i) {
    unsigned regs[4];
    __cpuid(0x80000002 + i, regs[0], regs[1], regs[2], regs[3]);
    std::memcpy(brand + 16 * i, regs, sizeof(regs));
  }
  return StringRef(brand).trim().str();
}
#endif

Expected<HostDescription> detectHost() {
#ifdef EIE_HOST_IS_X86
  __builtin_cpu_init();
  // __builtin_cpu_supports also checks that the OS saves the registers.
  StringRef isa =
      __builtin_cpu_supports("avx512f") ? "avx512"
      : __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") ? "avx2"
                                                                        : "sse";
  std::vector<CacheReport> reports;
  for (std::optional<CacheReport> report :
       {readCpuidCaches(), readSysconfCaches(),
        readSysfsCaches("/sys/devices/system/cpu/cpu0/cache")})
    if (report)
      reports.push_back(std::move(*report));
  int64_t onlineCPUs = 0;
#ifdef _SC_NPROCESSORS_ONLN
  onlineCPUs = std::max<long>(0, sysconf(_SC_NPROCESSORS_ONLN));
#endif
  return describeHost(cpuBrand(), *vectorUnitOfISA(isa), reports, onlineCPUs);
#else
  return createStringError(kHostArchitectureName +
                           ": this machine is not an x86 CPU");
#endif
}

Architecture x86Architecture(StringRef name, const VectorUnit &vector,
                             int64_t l1dBytes, int64_t l2Bytes,
                             int64_t l3BytesPerCore) {
  Architecture arch;
  arch.name = name.str();
  arch.levels = {
      {"RF", vector.registers * vector.lanes, kRegisterEnergyPJ},
      {"L1d", l1dBytes / 4, kL1dEnergyPJ},
      {"L2", l2Bytes / 4, kL2EnergyPJ},
      {"L3", l3BytesPerCore / 4, kL3EnergyPJ},
      {"DRAM", std::nullopt, kDRAMEnergyPJ},
  };
  arch.macEnergyPJ = kMacEnergyPJ;
  arch.vector = vector;
  return arch;
}

Architecture hostArchitecture(const HostDescription &host) {
  Architecture arch =
      x86Architecture(kHostArchitectureName, host.vector, host.l1dBytes,
                      host.l2Bytes, host.l3BytesPerCore);
  arch.assumptions = host.assumptions;
  return arch;
}

Expected<Architecture> hostArchitecture() {
  Expected<HostDescription> host = detectHost();
  if (!host)
    return host.takeError();
  return hostArchitecture(*host);
}

json::Value hostDescriptionToJSON(const HostDescription &host) {
  return json::Object{
      {"cpu", host.cpu},
      {"vector", json::Object{{"isa", host.vector.isa},
                              {"lanes", host.vector.lanes},
                              {"registers", host.vector.registers}}},
      {"l1d_bytes", host.l1dBytes},
      {"l2_bytes", host.l2Bytes},
      {"l3_bytes", host.l3Bytes},
      {"l3_cores", host.l3Cores},
      {"l3_bytes_per_core", host.l3BytesPerCore},
      {"sources", json::Object{{"L1d", host.sources[0]},
                               {"L2", host.sources[1]},
                               {"L3", host.sources[2]},
                               {"l3_cores", host.sources[3]}}},
      {"assumptions", json::Array(host.assumptions)},
  };
}

} // namespace eie::blocking
