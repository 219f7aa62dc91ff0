//===- Cachegrind.cpp - Simulated cache misses of a child process ---------===//

#include "Cachegrind.h"
#include "ConvProblem.h"

#include "eie/Analysis/Blocking/Optimizer.h"

#include "llvm/ADT/bit.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Program.h"

extern char **environ;

using namespace eie;
using namespace eie::convbench;

static llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

SimulatedCache convbench::cachegrindCache(const char *name, int64_t bytes,
                                          int64_t minWays) {
  constexpr int64_t lineBytes = 64;
  int64_t lines = std::max<int64_t>(bytes / lineBytes, minWays);
  int64_t sets = llvm::bit_floor(static_cast<uint64_t>(lines / minWays));
  return {name, lines / sets * sets * lineBytes, lines / sets, lineBytes};
}

blocking::Architecture SimulatedHierarchy::plannedFor() const {
  blocking::Architecture planned = architecture;
  for (blocking::MemoryLevel &level : planned.levels)
    // Registers are the micro-kernel's, used entirely; DRAM has no capacity.
    if (level.capacityWords && &level != &planned.levels.front())
      level.capacityWords = static_cast<int64_t>(
          static_cast<double>(*level.capacityWords) * plannedShare);
  planned.name += llvm::formatv("-planned-{0}pct",
                                static_cast<int>(plannedShare * 100));
  return planned;
}

SimulatedHierarchy
convbench::simulatedHierarchy(const blocking::HostDescription &host,
                              SimulatedLastLevel lastLevel) {
  bool l3 = lastLevel == SimulatedLastLevel::L3;
  SimulatedCache d1 = cachegrindCache("D1", host.l1dBytes, 8);
  SimulatedCache ll = cachegrindCache(
      "LL", l3 ? host.l3BytesPerCore : host.l2Bytes, 16);
  std::optional<blocking::VectorUnit> avx2 =
      blocking::vectorUnitOfISA("avx2");
  assert(avx2 && "avx2 is a known vector ISA");
  std::string name = llvm::formatv("cachegrind-d1-{0}k-ll-{1}k",
                                   d1.bytes / 1024, ll.bytes / 1024);
  blocking::Architecture arch =
      blocking::x86Architecture(name, *avx2, d1.bytes, host.l2Bytes, ll.bytes);
  // x86Architecture's levels are RF, L1d, L2, L3, DRAM.
  if (!l3) {
    // The LL is the L2.
    arch.levels.erase(arch.levels.begin() + 3);
    arch.levels[2].capacityWords = ll.bytes / 4;
  }
  blocking::Architecture simulated = arch;
  if (l3)
    simulated.levels.erase(simulated.levels.begin() + 2);
  return {{{"I1", 32768, 8, 64}, d1, ll},
          std::move(arch),
          std::move(simulated),
          l3 ? 1.0 : kPlannedL2Share};
}

std::vector<std::string>
convbench::cachegrindCacheOptions(const SimulatedHierarchy &hierarchy) {
  std::vector<std::string> options;
  for (const SimulatedCache &cache : hierarchy.caches)
    options.push_back(llvm::formatv("--{0}={1},{2},{3}", cache.name,
                                    cache.bytes, cache.ways, cache.lineBytes)
                          .str());
  return options;
}

std::vector<std::string> convbench::cachegrindEnvironment() {
  // OpenBLAS's Haswell kernels and oneDNN's AVX2 ones; our JIT compiles for
  // the CPU that LLVM detects, which under valgrind is valgrind's own
  // (AVX2, no AVX-512).
  llvm::StringMap<std::string> overrides = {{"OPENBLAS_CORETYPE", "Haswell"},
                                            {"ONEDNN_MAX_CPU_ISA", "AVX2"},
                                            {"OPENBLAS_NUM_THREADS", "1"},
                                            {"OMP_NUM_THREADS", "1"}};
  std::vector<std::string> env;
  for (char **var = environ; *var; ++var)
    if (!overrides.count(llvm::StringRef(*var).split('=').first))
      env.push_back(*var);
  for (const llvm::StringMapEntry<std::string> &entry : overrides)
    env.push_back((entry.getKey() + "=" + entry.getValue()).str());
  return env;
}

/// The "summary:" counts of a cachegrind output file, by event name.
static llvm::Expected<CacheCounts> readCounts(llvm::StringRef path) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> file =
      llvm::MemoryBuffer::getFile(path);
  if (!file)
    return makeError("cannot read " + path + ": " + file.getError().message());
  llvm::SmallVector<llvm::StringRef> events, values;
  llvm::StringRef text = (*file)->getBuffer();
  while (!text.empty()) {
    llvm::StringRef line;
    std::tie(line, text) = text.split('\n');
    if (line.consume_front("events:"))
      line.split(events, ' ', -1, /*KeepEmpty=*/false);
    else if (line.consume_front("summary:"))
      line.split(values, ' ', -1, /*KeepEmpty=*/false);
  }
  if (events.empty() || events.size() != values.size())
    return makeError(path + " has no events/summary lines cachegrind writes");
  llvm::StringMap<int64_t> counts;
  for (auto [event, value] : llvm::zip_equal(events, values))
    if (value.getAsInteger(10, counts[event]))
      return makeError(path + ": '" + value + "' is not a count");
  for (llvm::StringRef needed : {"Dr", "Dw", "DLmr", "DLmw"})
    if (!counts.count(needed))
      return makeError(path + " has no " + needed +
                       " count (was the cache simulation on?)");
  return CacheCounts{counts["Dr"], counts["Dw"], counts["DLmr"],
                     counts["DLmw"]};
}

/// The last `count` lines of a file, for error messages.
static std::string tailOf(llvm::StringRef path, size_t count) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> file =
      llvm::MemoryBuffer::getFile(path);
  if (!file)
    return "";
  llvm::SmallVector<llvm::StringRef> lines;
  (*file)->getBuffer().rtrim().split(lines, '\n');
  return llvm::join(llvm::ArrayRef(lines).take_back(count), "\n");
}

llvm::Expected<CachegrindRun>
convbench::runCachegrind(llvm::StringRef valgrind,
                         const SimulatedHierarchy &hierarchy,
                         llvm::ArrayRef<std::string> command) {
  llvm::SmallString<128> countsPath, outputPath, logPath;
  for (auto [path, suffix] : {std::pair{&countsPath, "cachegrind"},
                              {&outputPath, "out"},
                              {&logPath, "log"}})
    if (std::error_code ec =
            llvm::sys::fs::createTemporaryFile("eie-bench-conv", suffix, *path))
      return makeError("cannot create a temporary file: " + ec.message());
  llvm::FileRemover removeCounts(countsPath), removeOutput(outputPath),
      removeLog(logPath);

  std::string outFileOption = ("--cachegrind-out-file=" + countsPath).str();
  std::vector<llvm::StringRef> args = {valgrind, "--tool=cachegrind",
                                       "--cache-sim=yes"};
  std::vector<std::string> cacheOptions = cachegrindCacheOptions(hierarchy);
  args.insert(args.end(), cacheOptions.begin(), cacheOptions.end());
  args.push_back(outFileOption);
  args.insert(args.end(), command.begin(), command.end());
  std::vector<std::string> env = cachegrindEnvironment();
  std::vector<llvm::StringRef> envRefs(env.begin(), env.end());
  std::optional<llvm::StringRef> redirects[] = {std::nullopt, outputPath.str(),
                                                logPath.str()};
  std::string errorMessage;
  int status = llvm::sys::ExecuteAndWait(valgrind, args, envRefs, redirects,
                                         /*SecondsToWait=*/0,
                                         /*MemoryLimit=*/0, &errorMessage);
  if (status != 0)
    return makeError("'" + llvm::join(command, " ") +
                     "' under cachegrind failed" +
                     (errorMessage.empty() ? "" : ": " + errorMessage) +
                     "; its error output ends with:\n" + tailOf(logPath, 10));
  llvm::Expected<CacheCounts> counts = readCounts(countsPath);
  if (!counts)
    return counts.takeError();
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> output =
      llvm::MemoryBuffer::getFile(outputPath);
  if (!output)
    return makeError("cannot read " + outputPath + ": " +
                     output.getError().message());
  return CachegrindRun{*counts, (*output)->getBuffer().trim().str()};
}

llvm::Expected<double>
convbench::modelMinimumMissLines(const ConvShape &shape,
                                 const SimulatedHierarchy &hierarchy) {
  const blocking::Architecture &arch = hierarchy.simulated;
  // One group: the groups are independent convolutions of equal shape.
  blocking::Layer layer;
  layer.name = "group";
  layer.bounds = {shape.batch,        shape.filtersPerGroup(),
                  shape.channelsPerGroup(), shape.outHeight,
                  shape.outWidth,     shape.kernelHeight,
                  shape.kernelWidth};
  layer.strideY = shape.strideHeight;
  layer.strideX = shape.strideWidth;
  blocking::SearchOptions options;
  options.objective = blocking::Objective::OuterAccesses;
  llvm::Expected<blocking::TileConstraints> constraints =
      blocking::x86Constraints(
          layer, arch,
          blocking::x86InputChannelBlock(shape.channelsPerGroup(),
                                         arch.vector->lanes),
          /*groups=*/1);
  if (!constraints)
    return constraints.takeError();
  options.constraints = *constraints;
  llvm::Expected<blocking::SearchResult> result =
      blocking::optimize(layer, arch, options);
  if (!result)
    return result.takeError();
  double words = 0;
  for (int64_t tensorWords : result->evaluation.levels.back().accesses)
    words += tensorWords;
  return words * shape.groups * 4 / 64;
}
