//===- ConvBench.cpp - Our conv code against OpenBLAS and oneDNN ----------===//
//
// Every conv layer of AlexNet and VGG-16 at batch 1 and 8, one thread: our
// generated code (the one-layer cnn module through a pipeline, JIT-compiled)
// against Caffe's im2col + OpenBLAS sgemm and oneDNN's direct convolution.
// Each layer is checked (all three against one reference) and timed in
// interleaved rounds; --cachegrind counts each one's last-level cache misses
// instead. docs/ConvBenchmark.md describes the method.
//
//===----------------------------------------------------------------------===//

#include "Cachegrind.h"
#include "ConvImplementation.h"
#include "ConvProblem.h"

#include "eie/InitAllDialects.h"
#include "eie/Pipelines/Pipelines.h"
#include "eie/Runner/JitFunction.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/TargetParser/Host.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <optional>

using namespace eie;
using namespace eie::convbench;
using llvm::outs;
namespace cl = llvm::cl;

static cl::OptionCategory benchOptions("eie-bench-conv options");

static cl::list<std::string>
    layerNames("layers", cl::cat(benchOptions), cl::CommaSeparated,
               cl::desc("Only these layers (e.g. alexnet.conv3,vgg16.conv5_1)"),
               cl::value_desc("network.layer,..."));
static cl::list<unsigned>
    batches("batch", cl::cat(benchOptions), cl::CommaSeparated,
            cl::desc("Batch sizes (default 1,8; 1,2 with --smoke)"),
            cl::value_desc("N,..."));
static cl::opt<unsigned>
    rounds("rounds", cl::cat(benchOptions),
           cl::desc("Timing rounds; each times every implementation as the "
                    "best of a few calls (default 5; 1 with --smoke)"),
           cl::value_desc("N"));
static cl::opt<bool> smoke(
    "smoke", cl::cat(benchOptions),
    cl::desc(
        "Two small AlexNet layers at batch 1 and 2, one round, checked "
        "against direct loops: checks that the benchmark runs and agrees"));
static cl::opt<std::string>
    pipeline("pipeline", cl::cat(benchOptions),
             cl::desc("Textual pass pipeline that lowers our module"),
             cl::init("eie-x86-pipeline"));
static cl::list<std::string>
    only("only", cl::cat(benchOptions), cl::CommaSeparated,
         cl::desc("Only these implementations: openblas, onednn, ours"),
         cl::value_desc("name,..."));
static cl::opt<bool> cachegrind(
    "cachegrind", cl::cat(benchOptions),
    cl::desc("Count last-level cache misses of one call with valgrind's "
             "cachegrind instead of timing, each implementation in its own "
             "process"));
static cl::opt<SimulatedLastLevel> simulatedLastLevel(
    "simulated-ll", cl::cat(benchOptions),
    cl::desc("Which of the host's caches cachegrind's LL is (D1 is its L1d)"),
    cl::values(clEnumValN(SimulatedLastLevel::L3, "l3",
                          "the per-core share of the L3, the last level one "
                          "thread has (default)"),
               clEnumValN(SimulatedLastLevel::L2, "l2",
                          "the L2, as if there were no L3 (our blocking "
                          "planned for three quarters of each cache)")),
    cl::init(SimulatedLastLevel::L3));
static cl::opt<bool>
    once("once", cl::cat(benchOptions),
         cl::desc("Set up the one --only implementation for the one --layers "
                  "layer and --batch, print what it chose, call it once "
                  "(what --cachegrind measures)"));
static cl::opt<bool>
    setupOnly("setup-only", cl::cat(benchOptions),
              cl::desc("As --once without the call (what --cachegrind "
                       "subtracts)"));
static cl::opt<uint64_t> evictBytes(
    "evict-bytes", cl::cat(benchOptions),
    cl::desc("With --once and --setup-only: bytes read before and after the "
             "call to empty the caches (--cachegrind passes 8 times its LL)"),
    cl::init(8 << 20), cl::value_desc("N"));
static cl::list<std::string> networkFiles(
    "networks", cl::cat(benchOptions), cl::CommaSeparated,
    cl::desc("Network descriptions whose conv layers are benchmarked"),
    cl::value_desc("file.json,..."),
    cl::list_init<std::string>({EIE_BENCH_NETWORKS_DIR "/alexnet.json",
                                EIE_BENCH_NETWORKS_DIR "/vgg16.json"}));

namespace {

constexpr double kTolerance = 1e-4;

[[noreturn]] void fail(const llvm::Twine &message) {
  llvm::errs() << "eie-bench-conv: error: " << message << "\n";
  std::exit(1);
}

void failOn(llvm::Error error) {
  if (error)
    fail(llvm::toString(std::move(error)));
}

template <typename T> T valueOrFail(llvm::Expected<T> value) {
  failOn(value.takeError());
  return std::move(*value);
}

/// "AMD EPYC (family 26, model 2); LLVM host CPU znver5, vector ISA AVX-512".
std::string describeCPU() {
  std::string model = "unknown", family = "?", number = "?";
  if (llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> info =
          llvm::MemoryBuffer::getFileAsStream("/proc/cpuinfo")) {
    llvm::StringRef text = (*info)->getBuffer();
    // The first processor's block: the fields up to the first blank line.
    text = text.split("\n\n").first;
    while (!text.empty()) {
      llvm::StringRef line;
      std::tie(line, text) = text.split('\n');
      auto [key, value] = line.split(':');
      key = key.trim();
      value = value.trim();
      if (key == "model name")
        model = value.str();
      else if (key == "cpu family")
        family = value.str();
      else if (key == "model")
        number = value.str();
    }
  }
  llvm::StringMap<bool> features = llvm::sys::getHostCPUFeatures();
  const char *isa = features.lookup("avx512f") ? "AVX-512"
                    : features.lookup("avx2") && features.lookup("fma")
                        ? "AVX2+FMA"
                        : "no AVX2";
  return model + " (family " + family + ", model " + number +
         "); LLVM host CPU " + llvm::sys::getHostCPUName().str() +
         ", vector ISA " + isa;
}

/// Fails with the parser's message unless `text` is a pass pipeline.
void checkPipeline(llvm::StringRef text) {
  std::string errors;
  llvm::raw_string_ostream errorStream(errors);
  mlir::OpPassManager scratch(mlir::ModuleOp::getOperationName());
  if (mlir::succeeded(mlir::parsePassPipeline(text, scratch, errorStream)))
    return;
  // The parser reports "<location>: error: <message>" and a caret line; bad
  // pass options are reported on stderr by the option parser instead.
  llvm::StringRef message =
      llvm::StringRef(errors).split('\n').first.split("error: ").second;
  fail("invalid --pipeline '" + text + "'" +
       (message.empty() ? "" : ": " + message));
}

struct Selection {
  std::vector<ConvLayer> layers;
  /// Index of each layer in the full list: its data's seed.
  std::vector<uint64_t> seeds;
  std::vector<int64_t> batches;
  std::vector<ImplementationKind> implementations;
};

Selection selectFromOptions() {
  std::vector<ConvLayer> all = valueOrFail(loadConvLayers(networkFiles));
  Selection sel;
  std::vector<std::string> wanted(layerNames.begin(), layerNames.end());
  if (wanted.empty() && smoke)
    wanted = {"alexnet.conv1", "alexnet.conv5"};
  if (wanted.empty())
    for (const ConvLayer &layer : all)
      wanted.push_back(layer.name);
  for (const std::string &name : wanted) {
    auto it = llvm::find_if(
        all, [&](const ConvLayer &layer) { return layer.name == name; });
    if (it == all.end()) {
      std::string known;
      for (const ConvLayer &layer : all)
        known += (known.empty() ? "" : ", ") + layer.name;
      fail("unknown layer '" + name + "' (the layers are " + known + ")");
    }
    sel.layers.push_back(*it);
    sel.seeds.push_back(it - all.begin() + 1);
  }

  sel.batches.assign(batches.begin(), batches.end());
  if (sel.batches.empty())
    sel.batches =
        smoke ? std::vector<int64_t>{1, 2} : std::vector<int64_t>{1, 8};
  if (llvm::is_contained(sel.batches, 0))
    fail("--batch sizes must be at least 1");

  for (const std::string &name : only) {
    auto it = llvm::find_if(kImplementationKinds, [&](ImplementationKind k) {
      return getImplementationName(k) == name;
    });
    if (it == std::end(kImplementationKinds))
      fail("unknown implementation '" + name +
           "' in --only (openblas, onednn, ours)");
    sel.implementations.push_back(*it);
  }
  if (sel.implementations.empty())
    sel.implementations.assign(std::begin(kImplementationKinds),
                               std::end(kImplementationKinds));
  return sel;
}

std::unique_ptr<ConvImplementation>
createImplementation(ImplementationKind kind, const ConvProblem &problem,
                     llvm::StringRef ourPipeline) {
  switch (kind) {
  case ImplementationKind::OpenBLAS:
    return createOpenBLASConv(problem);
  case ImplementationKind::OneDNN:
    return valueOrFail(createOneDNNConv(problem));
  case ImplementationKind::Ours:
    return valueOrFail(createJitConv(problem, ourPipeline));
  }
  llvm_unreachable("unknown implementation");
}

struct Timing {
  double minMs, medianMs;
};

/// Times every implementation in interleaved rounds, so that the noise of a
/// shared machine falls on all of them alike: each round takes the best of a
/// few single calls of each (as many as fit in about 30 ms, up to 10, and 1
/// under --smoke). Callers warm the implementations up first.
std::vector<Timing>
timeInRounds(llvm::ArrayRef<std::unique_ptr<ConvImplementation>> impls,
             unsigned numRounds) {
  using Clock = std::chrono::steady_clock;
  auto timeOneCall = [](ConvImplementation &impl) {
    Clock::time_point start = Clock::now();
    impl.run();
    return std::chrono::duration<double, std::milli>(Clock::now() - start)
        .count();
  };
  std::vector<unsigned> callsPerRound;
  for (const std::unique_ptr<ConvImplementation> &impl : impls) {
    double ms = timeOneCall(*impl);
    callsPerRound.push_back(smoke ? 1
                                  : unsigned(std::clamp(30.0 / ms, 1.0, 10.0)));
  }
  std::vector<std::vector<double>> bests(impls.size());
  for (unsigned round = 0; round < numRounds; ++round)
    for (size_t i = 0; i < impls.size(); ++i) {
      double best = std::numeric_limits<double>::infinity();
      for (unsigned call = 0; call < callsPerRound[i]; ++call)
        best = std::min(best, timeOneCall(*impls[i]));
      bests[i].push_back(best);
    }
  std::vector<Timing> timings;
  for (std::vector<double> &b : bests) {
    llvm::sort(b);
    size_t mid = b.size() / 2;
    timings.push_back(
        {b.front(), b.size() % 2 ? b[mid] : (b[mid - 1] + b[mid]) / 2});
  }
  return timings;
}

double geometricMean(llvm::ArrayRef<double> values) {
  double logSum = 0;
  for (double v : values)
    logSum += std::log(v);
  return std::exp(logSum / values.size());
}

/// One layer at one batch size: all three timed.
struct Measurement {
  std::string layer;
  int64_t batch;
  Timing openblas, onednn, ours;
};

void printRatioSummary(llvm::ArrayRef<Measurement> measurements,
                       int64_t batch) {
  std::vector<double> vsDnnlMin, vsDnnlMed, vsBlasMed;
  const Measurement *worst = nullptr;
  unsigned fasterThanBlas = 0;
  for (const Measurement &m : measurements) {
    if (m.batch != batch)
      continue;
    vsDnnlMin.push_back(m.ours.minMs / m.onednn.minMs);
    vsDnnlMed.push_back(m.ours.medianMs / m.onednn.medianMs);
    vsBlasMed.push_back(m.ours.medianMs / m.openblas.medianMs);
    fasterThanBlas += vsBlasMed.back() < 1;
    if (!worst ||
        vsDnnlMed.back() > worst->ours.medianMs / worst->onednn.medianMs)
      worst = &m;
  }
  if (!worst)
    return;
  outs() << llvm::format(
      "batch %lld, %zu conv layers: ours/oneDNN geometric mean %.2fx "
      "(median times; %.2fx on min times), max %.2fx (%s); ours/OpenBLAS "
      "geometric mean %.2fx, ours faster on %u of %zu\n",
      (long long)batch, vsDnnlMed.size(), geometricMean(vsDnnlMed),
      geometricMean(vsDnnlMin), worst->ours.medianMs / worst->onednn.medianMs,
      worst->layer.c_str(), geometricMean(vsBlasMed), fasterThanBlas,
      vsBlasMed.size());
}

/// Times all three implementations on every selected layer and batch, after
/// checking them against one reference. Returns the exit code.
int runTimings(const Selection &sel, llvm::StringRef ourPipeline) {
  if (sel.implementations.size() != std::size(kImplementationKinds))
    fail("timing compares all three implementations: --only is for --once, "
         "--setup-only and --cachegrind");
  unsigned numRounds = rounds.getNumOccurrences() ? rounds : smoke ? 1 : 5;
  if (numRounds == 0)
    fail("--rounds must be at least 1");

  outs() << "Conv layers, one thread, " << numRounds
         << " interleaved round(s) (each the best of up to 10 calls); ms as "
            "min and median over rounds, GFLOP/s = 2 * MACs (padding "
            "included) / min time, ratios on median times.\n"
         << "OpenBLAS: Caffe's im2col + sgemm per group ("
         << "im2col timed). oneDNN: " << describeOneDNN()
         << ", direct convolution, formats 'any', input and weights "
            "reordered before timing, output left in oneDNN's format. ours: "
            "--pipeline='"
         << ourPipeline
         << "', timed on the channel-blocked layouts it keeps between layers "
            "(input converted before timing, output converted back after), as "
            "oneDNN on its formats.\n";
  outs() << "AlexNet conv2, conv4 and conv5 are grouped (groups=2, as in "
            "Caffe's AlexNet) and every implementation runs them grouped. "
            "Error: max |x - ref| / max |ref| over the three, against "
         << (smoke ? "direct loops in double" : "OpenBLAS") << ".\n";
  outs() << llvm::format(
      "%-16s %2s %2s %7s | %8s %8s %6s | %8s %8s %6s | %8s %8s %6s | %7s "
      "%7s | %7s\n",
      "layer", "N", "g", "GFLOP", "BLAS min", "med", "GF/s", "DNNL min", "med",
      "GF/s", "ours min", "med", "GF/s", "/oneDNN", "/BLAS", "error");

  std::vector<Measurement> measurements;
  std::vector<std::string> choices, mismatches;
  for (auto [layer, seed] : llvm::zip_equal(sel.layers, sel.seeds))
    for (int64_t batch : sel.batches) {
      ConvProblem problem = valueOrFail(makeProblem(layer, batch, seed));
      std::vector<std::unique_ptr<ConvImplementation>> impls;
      for (ImplementationKind kind : kImplementationKinds)
        impls.push_back(createImplementation(kind, problem, ourPipeline));

      // The first call also warms each implementation up.
      std::vector<std::vector<float>> outputs;
      for (std::unique_ptr<ConvImplementation> &impl : impls) {
        impl->run();
        outputs.push_back(impl->readOutput());
      }
      std::vector<float> reference =
          smoke ? referenceConv(problem) : outputs.front();
      double error = 0;
      for (const std::vector<float> &output : outputs)
        error = std::max(error, maxRelativeError(output, reference));
      if (!(error <= kTolerance))
        mismatches.push_back(problem.name + " batch " + std::to_string(batch));

      std::vector<Timing> t = timeInRounds(impls, numRounds);
      measurements.push_back({problem.name, batch, t[0], t[1], t[2]});
      double gflop = 2 * problem.shape.macs() / 1e9;
      outs() << llvm::format(
          "%-16s %2lld %2lld %7.3f | %8.3f %8.3f %6.1f | %8.3f %8.3f %6.1f | "
          "%8.3f %8.3f %6.1f | %6.2fx %6.2fx | %7.1e\n",
          problem.name.c_str(), (long long)batch,
          (long long)problem.shape.groups, gflop, t[0].minMs, t[0].medianMs,
          gflop / t[0].minMs * 1e3, t[1].minMs, t[1].medianMs,
          gflop / t[1].minMs * 1e3, t[2].minMs, t[2].medianMs,
          gflop / t[2].minMs * 1e3, t[2].medianMs / t[1].medianMs,
          t[2].medianMs / t[0].medianMs, error);
      outs().flush();
      choices.push_back(problem.name + " batch " + std::to_string(batch) +
                        ": oneDNN " + impls[1]->describe() + "; ours " +
                        impls[2]->describe());
    }

  outs() << "\noneDNN's implementation and our compile time:\n";
  for (const std::string &choice : choices)
    outs() << "  " << choice << "\n";
  outs() << "\n";
  for (int64_t batch : sel.batches)
    printRatioSummary(measurements, batch);
  outs() << "CPU: " << describeCPU() << "\n";

  if (!mismatches.empty()) {
    llvm::errs() << "eie-bench-conv: error: results differ by more than "
                 << llvm::format("%g", kTolerance) << " (relative) on "
                 << llvm::join(mismatches, ", ") << "\n";
    return 1;
  }
  outs() << "every result agrees within " << llvm::format("%g", kTolerance)
         << " relative\n";
  return 0;
}

/// Evicts everything from the caches by reading --evict-bytes, at least the
/// last-level cache cachegrind simulates.
void evictCaches() {
  std::vector<char> buffer(evictBytes, 1);
  volatile char sink = 0;
  for (size_t i = 0; i < buffer.size(); i += 64)
    sink = sink + buffer[i];
}

/// --once and --setup-only: the set-up of one implementation on one layer,
/// and one call unless setupOnly.
int runOnce(const Selection &sel, llvm::StringRef ourPipeline) {
  if (sel.layers.size() != 1 || sel.batches.size() != 1 ||
      sel.implementations.size() != 1)
    fail("--once and --setup-only take one --layers layer, one --batch and "
         "one --only implementation");
  ConvProblem problem =
      valueOrFail(makeProblem(sel.layers[0], sel.batches[0], sel.seeds[0]));
  std::unique_ptr<ConvImplementation> impl =
      createImplementation(sel.implementations[0], problem, ourPipeline);
  outs() << impl->describe() << "\n";
  outs().flush();
  // The call starts cold whatever the set-up touched last, and the exit
  // starts from the same cache state in both runs --cachegrind subtracts.
  evictCaches();
  if (!setupOnly)
    impl->run();
  evictCaches();
  return 0;
}

/// How many times the simulated LL the children read to empty the caches
/// around the call. Twice did not empty a 16 MiB LL: AlexNet conv4's call
/// missed 46612 lines after 32 MiB were read, 52363 after 256 MiB (1.06x the
/// compulsory minimum, as on a 1 MiB LL after 8 MiB).
constexpr int64_t kEvictedLLs = 8;

/// Each implementation on each layer and batch in two cachegrind runs of
/// this program (--once and --setup-only): the difference is the call's.
int runCachegrindMode(const Selection &sel, llvm::StringRef ourPipeline,
                      const char *argv0) {
  llvm::ErrorOr<std::string> valgrind =
      llvm::sys::findProgramByName("valgrind");
  if (!valgrind)
    fail("--cachegrind needs valgrind on PATH");
  std::string self = llvm::sys::fs::getMainExecutable(
      argv0, reinterpret_cast<void *>(&runCachegrindMode));

  // The host is read here, outside valgrind, whose CPU has other caches.
  blocking::HostDescription host = valueOrFail(blocking::detectHost());
  SimulatedHierarchy hierarchy = simulatedHierarchy(host, simulatedLastLevel);

  // Unless --pipeline says otherwise, our blocking is planned for the
  // simulated hierarchy, not for the CPU valgrind presents.
  llvm::SmallString<128> archPath;
  std::optional<llvm::FileRemover> removeArch;
  std::string measuredPipeline = ourPipeline.str();
  if (!pipeline.getNumOccurrences()) {
    int fd;
    if (std::error_code ec = llvm::sys::fs::createTemporaryFile(
            "eie-bench-conv-arch", "json", fd, archPath))
      fail("cannot create a temporary file: " + ec.message());
    removeArch.emplace(archPath);
    llvm::raw_fd_ostream archFile(fd, /*shouldClose=*/true);
    archFile << blocking::architectureToJSON(hierarchy.plannedFor()) << "\n";
    archFile.close();
    if (archFile.has_error())
      fail(("cannot write " + archPath).str());
    // With the L3 as LL, as the pipeline plans on the host (its share of the
    // last level included); with the L2, for the planned share of each cache.
    measuredPipeline =
        ("eie-x86-pipeline{arch=" + archPath +
         (hierarchy.plannedShare == 1 ? "" : " last-level-share=1") + "}")
            .str();
  }

  outs() << llvm::formatv(
      "Last-level cache misses (data reads + writes) of one call, valgrind "
      "--tool=cachegrind with the host's caches: D1 its L1d ({0} KiB), LL {1}",
      host.l1dBytes / 1024,
      simulatedLastLevel == SimulatedLastLevel::L3
          ? llvm::formatv("its share of the L3 ({0} KiB of {1} KiB shared by "
                          "{2} cores)",
                          host.l3BytesPerCore / 1024, host.l3Bytes / 1024,
                          host.l3Cores)
                .str()
          : llvm::formatv("its L2 ({0} KiB, --simulated-ll=l2)",
                          host.l2Bytes / 1024)
                .str());
  for (const std::string &option : cachegrindCacheOptions(hierarchy))
    outs() << " " << option;
  outs() << ", one process per implementation and layer: counts of (set-up + "
            "one call) minus (set-up alone), the caches flushed between set-up "
            "and call.\nAVX2 code everywhere (valgrind 3.19 "
            "does not decode AVX-512): OPENBLAS_CORETYPE=Haswell, "
            "ONEDNN_MAX_CPU_ISA=AVX2, and our JIT compiles for the CPU "
            "valgrind presents. ours: ";
  std::string levels =
      llvm::join(llvm::map_range(hierarchy.architecture.levels,
                                 [](const blocking::MemoryLevel &level) {
                                   return level.name;
                                 }),
                 ", ");
  if (removeArch && hierarchy.plannedShare == 1)
    outs() << llvm::formatv(
        "eie-x86-pipeline as it plans on this host, for AVX2 registers: {0}, "
        "{1}% of the last cache (its last-level-share; --pipeline changes "
        "it).\n",
        levels, static_cast<int>(mlir::eie::kBlockedLastLevelShare * 100));
  else if (removeArch)
    outs() << llvm::formatv(
        "eie-x86-pipeline with its blocking planned for AVX2 registers and "
        "{0}% of each cache of {1} (--pipeline changes it).\n",
        static_cast<int>(hierarchy.plannedShare * 100), levels);
  else
    outs() << "--pipeline='" << ourPipeline << "'.\n";
  outs() << "compulsory: (input + weights + output) * 4 bytes / 64-byte "
            "lines, each moved once. model min: the fewest DRAM accesses of "
            "any blocking of the model's space on the simulated hierarchy, its "
            "caches filled entirely, in lines, over compulsory (above 1 where "
            "the LL cannot hold what moving each tensor once needs).\n";
  outs() << llvm::format(
      "%-16s %2s %-8s | %12s %12s %12s | %10s %9s %9s %9s\n", "layer", "N",
      "impl", "LL misses", "read", "write", "compulsory", "model min",
      "x compul", "x BLAS");

  std::vector<std::string> choices;
  for (auto [layer, seed] : llvm::zip_equal(sel.layers, sel.seeds))
    for (int64_t batch : sel.batches) {
      ConvProblem problem = valueOrFail(makeProblem(layer, batch, seed));
      const ConvShape &s = problem.shape;
      double compulsory =
          double(s.inputElements() + s.weightElements() + s.outputElements()) *
          4 / 64;
      double modelMinimum = valueOrFail(modelMinimumMissLines(s, hierarchy));
      std::optional<double> openblasMisses;
      for (ImplementationKind kind : sel.implementations) {
        std::vector<std::string> command = {
            self,
            "--layers=" + layer.name,
            "--batch=" + std::to_string(batch),
            ("--only=" + getImplementationName(kind)).str(),
            "--pipeline=" + measuredPipeline,
            "--networks=" + llvm::join(networkFiles, ","),
            "--evict-bytes=" + std::to_string(kEvictedLLs * hierarchy.caches[2].bytes),
            "--once"};
        CachegrindRun withCall = valueOrFail(runCachegrind(*valgrind, hierarchy, command));
        command.back() = "--setup-only";
        CachegrindRun setup = valueOrFail(runCachegrind(*valgrind, hierarchy, command));
        CacheCounts call = withCall.counts - setup.counts;
        if (!withCall.output.empty())
          choices.push_back(layer.name + " batch " + std::to_string(batch) +
                            ": " + getImplementationName(kind).str() + " " +
                            withCall.output);
        if (kind == ImplementationKind::OpenBLAS)
          openblasMisses = call.llMisses();
        std::string vsBlas =
            openblasMisses
                ? llvm::formatv("{0:f2}x", call.llMisses() / *openblasMisses)
                      .str()
                : "-";
        outs() << llvm::format(
            "%-16s %2lld %-8s | %12lld %12lld %12lld | %10.0f %8.2fx %8.2fx "
            "%9s\n",
            layer.name.c_str(), (long long)batch,
            getImplementationName(kind).str().c_str(),
            (long long)call.llMisses(), (long long)call.llReadMisses,
            (long long)call.llWriteMisses, compulsory,
            modelMinimum / compulsory, call.llMisses() / compulsory,
            vsBlas.c_str());
        outs().flush();
      }
    }
  outs() << "\nUnder cachegrind:\n";
  for (const std::string &choice : choices)
    outs() << "  " << choice << "\n";
  outs() << "CPU: " << describeCPU() << "\n";
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  cl::HideUnrelatedOptions(benchOptions);
  cl::ParseCommandLineOptions(
      argc, argv,
      "conv layers: our generated code against OpenBLAS and oneDNN\n");
  mlir::eie::registerAllPasses();
  mlir::eie::retainFreedMemory();
  useOneOpenBLASThread();
  useOneOneDNNThread();

  if (once && setupOnly)
    fail("--once and --setup-only exclude each other");
  if ((once || setupOnly) && (cachegrind || smoke))
    fail("--once and --setup-only are single runs: no --cachegrind or "
         "--smoke");
  if (cachegrind && smoke)
    fail("--cachegrind and --smoke exclude each other");
  Selection sel = selectFromOptions();
  checkPipeline(pipeline);
  if (once || setupOnly)
    return runOnce(sel, pipeline);
  if (cachegrind)
    return runCachegrindMode(sel, pipeline, argv[0]);
  return runTimings(sel, pipeline);
}
