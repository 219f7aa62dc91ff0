//===- HostArchitectureTest.cpp - x86 machines and the host detection ----===//

#include "eie/Analysis/Blocking/HostArchitecture.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

using namespace eie::blocking;

namespace {

constexpr int64_t KiB = 1 << 10, MiB = 1 << 20;

/// The registers of a cpuid leaf 4 / 0x8000001D subleaf describing a cache.
struct CacheRegisters {
  uint32_t eax, ebx, ecx;
};
CacheRegisters cacheRegisters(unsigned type, unsigned level, unsigned sharing,
                              unsigned ways, unsigned lineBytes,
                              unsigned sets) {
  return {type | level << 5 | (sharing - 1) << 14,
          (ways - 1) << 22 | (lineBytes - 1), sets - 1};
}

CpuidCache decode(const CacheRegisters &r) {
  return decodeCpuidCache(r.eax, r.ebx, r.ecx);
}

TEST(BlockingHostArchitecture, DecodesCpuidCacheLeaves) {
  // AMD Zen 5 in a virtual machine: 48 KiB 12-way L1d, 1 MiB L2, 32 MiB L3
  // that claims 254 sharing threads.
  CpuidCache l1d = decode(cacheRegisters(1, 1, 2, 12, 64, 64));
  EXPECT_EQ(l1d.type, 1u);
  EXPECT_EQ(l1d.level, 1u);
  EXPECT_EQ(l1d.bytes, 48 * KiB);
  EXPECT_EQ(l1d.sharingThreads, 2);
  std::vector<CpuidCache> subleaves = {
      l1d,
      decode(cacheRegisters(2, 1, 2, 8, 64, 64)), // 32 KiB L1i: skipped
      decode(cacheRegisters(3, 2, 2, 16, 64, 1024)),
      decode(cacheRegisters(3, 3, 254, 16, 64, 32768)),
      decode({0, 0, 0}),
      decode(cacheRegisters(3, 3, 1, 1, 64, 1)), // past the end
  };
  CacheReport report = cacheReportOfCpuid(subleaves, "cpuid leaf 0x8000001D");
  EXPECT_EQ(report.source, "cpuid leaf 0x8000001D");
  EXPECT_EQ(report.l1dBytes, 48 * KiB);
  EXPECT_EQ(report.l2Bytes, 1 * MiB);
  EXPECT_EQ(report.l3Bytes, 32 * MiB);
  EXPECT_EQ(report.l1dSharing, 2);
  EXPECT_EQ(report.l3Sharing, 254);
}

// The cpuid sharing field is an upper bound: 254 threads (127 cores) on a
// machine with 2 online CPUs plan for half the L3 each.
TEST(BlockingHostArchitecture, SharesTheL3AmongItsCores) {
  VectorUnit avx512 = *vectorUnitOfISA("avx512");
  CacheReport cpuid{"cpuid", 48 * KiB, 1 * MiB, 32 * MiB, 2, 254};
  HostDescription vm = describeHost("vm", avx512, {cpuid}, 2);
  EXPECT_EQ(vm.l3Cores, 2);
  EXPECT_EQ(vm.l3BytesPerCore, 16 * MiB);
  EXPECT_EQ(vm.sources[3], "cpuid, at most the online CPUs");
  EXPECT_TRUE(vm.assumptions.empty());

  // Bare metal, 2 threads per core, 8 cores per L3, 64 online CPUs.
  CacheReport ccx{"cpuid", 32 * KiB, 1 * MiB, 32 * MiB, 2, 16};
  HostDescription metal = describeHost("metal", avx512, {ccx}, 64);
  EXPECT_EQ(metal.l3Cores, 8);
  EXPECT_EQ(metal.l3BytesPerCore, 4 * MiB);
  EXPECT_EQ(metal.sources[3], "cpuid");

  // sysconf gives no sharing: the online CPUs share the L3.
  CacheReport sysconf{"sysconf", 48 * KiB, 2 * MiB, 260 * MiB, 0, 0};
  HostDescription sizesOnly = describeHost("x", avx512, {sysconf}, 4);
  EXPECT_EQ(sizesOnly.l3Cores, 4);
  EXPECT_EQ(sizesOnly.l3BytesPerCore, 65 * MiB);
  EXPECT_EQ(sizesOnly.sources[3], "online CPUs");
}

TEST(BlockingHostArchitecture, TakesEachSizeFromTheFirstSourceGivingIt) {
  CacheReport noL3{"first", 48 * KiB, 2 * MiB, 0, 0, 0};
  CacheReport all{"second", 32 * KiB, 1 * MiB, 8 * MiB, 1, 4};
  HostDescription host =
      describeHost("x", *vectorUnitOfISA("avx2"), {noL3, all}, 4);
  EXPECT_EQ(host.l1dBytes, 48 * KiB);
  EXPECT_EQ(host.l2Bytes, 2 * MiB);
  EXPECT_EQ(host.l3Bytes, 8 * MiB);
  EXPECT_EQ(host.l3BytesPerCore, 2 * MiB);
  EXPECT_EQ(host.sources,
            (std::array<std::string, 4>{"first", "first", "second", "second"}));
}

TEST(BlockingHostArchitecture, AssumesDefaultsWhenNothingAnswers) {
  HostDescription host = describeHost("x", *vectorUnitOfISA("avx2"), {}, 2);
  EXPECT_EQ(host.l1dBytes, 32 * KiB);
  EXPECT_EQ(host.l2Bytes, 1 * MiB);
  EXPECT_EQ(host.l3BytesPerCore, 2 * MiB);
  EXPECT_EQ(host.assumptions,
            (std::vector<std::string>{
                "no source gave the L1d size; assuming 32 KiB",
                "no source gave the L2 size; assuming 1 MiB",
                "no source gave the L3 size; assuming 2 MiB per core"}));
  Architecture arch = hostArchitecture(host);
  EXPECT_EQ(arch.assumptions, host.assumptions);
  EXPECT_EQ(arch.levels[3].capacityWords, 2 * MiB / 4);
}

/// Writes `text` to `dir`/`name`, creating `dir`.
void writeFile(const llvm::Twine &dir, llvm::StringRef name,
               llvm::StringRef text) {
  ASSERT_FALSE(llvm::sys::fs::create_directories(dir));
  std::error_code ec;
  llvm::raw_fd_ostream os((dir + "/" + name).str(), ec);
  ASSERT_FALSE(ec);
  os << text << "\n";
}

TEST(BlockingHostArchitecture, ReadsSysfsCacheFolders) {
  llvm::SmallString<128> root;
  ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("sysfs-cache", root));
  struct Index {
    const char *level, *type, *size, *sharing;
  };
  const Index indices[] = {{"1", "Data", "48K", "0,64"},
                           {"1", "Instruction", "32K", "0,64"},
                           {"2", "Unified", "2048K", "0,64"},
                           {"3", "Unified", "260M", "0-63,64-127"}};
  for (auto [i, index] : llvm::enumerate(indices)) {
    std::string dir = (root + "/index" + llvm::Twine(i)).str();
    writeFile(dir, "level", index.level);
    writeFile(dir, "type", index.type);
    writeFile(dir, "size", index.size);
    writeFile(dir, "shared_cpu_list", index.sharing);
  }
  std::optional<CacheReport> report = readSysfsCaches(root);
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(report->l1dBytes, 48 * KiB);
  EXPECT_EQ(report->l2Bytes, 2 * MiB);
  EXPECT_EQ(report->l3Bytes, 260 * MiB);
  EXPECT_EQ(report->l1dSharing, 2);
  EXPECT_EQ(report->l3Sharing, 128);
  HostDescription host =
      describeHost("x", *vectorUnitOfISA("avx512"), {*report}, 128);
  EXPECT_EQ(host.l3Cores, 64);
  EXPECT_EQ(host.l3BytesPerCore, 260 * MiB / 64);
  EXPECT_FALSE(llvm::sys::fs::remove_directories(root));

  EXPECT_FALSE(readSysfsCaches(root).has_value());
}

TEST(BlockingHostArchitecture, BuildsTheFiveLevels) {
  Architecture arch = x86Architecture("m", *vectorUnitOfISA("avx512"), 48 * KiB,
                                      2 * MiB, 4 * MiB);
  ASSERT_EQ(arch.numLevels(), 5u);
  const char *names[] = {"RF", "L1d", "L2", "L3", "DRAM"};
  const std::optional<int64_t> words[] = {512, 12 * KiB, 512 * KiB, 1 * MiB,
                                          std::nullopt};
  for (unsigned i = 0; i < 5; ++i) {
    EXPECT_EQ(arch.levels[i].name, names[i]);
    EXPECT_EQ(arch.levels[i].capacityWords, words[i]);
  }
  EXPECT_EQ(arch.vector, vectorUnitOfISA("avx512"));
  EXPECT_FALSE(bool(validateArchitecture(arch)));
  EXPECT_EQ(
      x86Architecture("m", *vectorUnitOfISA("avx2"), 32 * KiB, 1 * MiB, 2 * MiB)
          .levels[0]
          .capacityWords,
      128);
}

// The presets are x86Architecture() of their named machines.
TEST(BlockingHostArchitecture, PresetsAreNamedMachines) {
  struct Preset {
    const char *name, *isa;
    int64_t l1d, l2, l3;
  };
  for (Preset preset :
       {Preset{"x86-avx512", "avx512", 48 * KiB, 2 * MiB, 4 * MiB},
        Preset{"x86-avx2", "avx2", 32 * KiB, 1 * MiB, 2 * MiB}}) {
    llvm::Expected<Architecture> loaded = loadArchitecture(preset.name);
    ASSERT_TRUE(bool(loaded)) << llvm::toString(loaded.takeError());
    EXPECT_EQ(architectureToJSON(*loaded),
              architectureToJSON(
                  x86Architecture(preset.name, *vectorUnitOfISA(preset.isa),
                                  preset.l1d, preset.l2, preset.l3)));
  }
}

TEST(BlockingHostArchitecture, DetectsThisMachine) {
  llvm::Expected<HostDescription> host = detectHost();
#if defined(__x86_64__) || defined(__i386__)
  ASSERT_TRUE(bool(host)) << llvm::toString(host.takeError());
  EXPECT_EQ(vectorUnitOfISA(host->vector.isa), host->vector);
  EXPECT_GT(host->l1dBytes, 0);
  EXPECT_GE(host->l2Bytes, host->l1dBytes);
  EXPECT_GT(host->l3BytesPerCore, 0);
  EXPECT_GE(host->l3Cores, 1);
  llvm::Expected<Architecture> arch = loadArchitecture("x86-host");
  ASSERT_TRUE(bool(arch)) << llvm::toString(arch.takeError());
  EXPECT_EQ(architectureToJSON(*arch),
            architectureToJSON(hostArchitecture(*host)));
  EXPECT_EQ(arch->name, "x86-host");
  EXPECT_EQ(arch->levels[0].capacityWords,
            host->vector.registers * host->vector.lanes);
#else
  ASSERT_FALSE(bool(host));
  llvm::consumeError(host.takeError());
#endif
}

} // namespace
