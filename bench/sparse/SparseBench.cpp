//===- SparseBench.cpp - Compressed sparse layer vs sgemv and Eigen -------===//
//
// One run over the nine EIE benchmark layers (EIE paper, Table III), batch 1:
// our compressed kernels (every variant this CPU runs, and the one chosen
// when the matrix is packed: float and fixed, one and two threads) against
// dense OpenBLAS sgemv, Eigen's CSC with zero-activation skipping and MLIR's
// own sparse_tensor path (the sparsifier on a CSC matrix), then the storage
// report and the Deep Compression pipeline on AlexNet's FC layers.
//
//===----------------------------------------------------------------------===//

#include "eie/Format/CompressedMatrix.h"
#include "eie/Format/Pruning.h"
#include "eie/Format/StorageStats.h"
#include "eie/Format/WeightSharing.h"
#include "eie/InitAllDialects.h"
#include "eie/Pipelines/Pipelines.h"
#include "eie/Runner/JitFunction.h"
#include "eie/Runtime/SparseKernel.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/TargetParser/Host.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <Eigen/SparseCore>
#include <cblas.h>
#include <cpuid.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <random>
#include <thread>

#ifdef __linux__
#include <pthread.h>
#include <sched.h>
#endif

using namespace eie;
using llvm::outs;

namespace {

struct Layer {
  const char *name;
  uint32_t inputs, outputs;
  double weightDensity, actDensity;
};

// Shapes as inputs x outputs, as in the EIE paper's Table III.
const Layer kLayers[] = {
    {"Alex-6", 9216, 4096, 0.09, 0.35},  {"Alex-7", 4096, 4096, 0.09, 0.35},
    {"Alex-8", 4096, 1000, 0.25, 0.38},  {"VGG-6", 25088, 4096, 0.04, 0.18},
    {"VGG-7", 4096, 4096, 0.04, 0.37},   {"VGG-8", 4096, 1000, 0.23, 0.41},
    {"NT-We", 4096, 600, 0.10, 1.00},    {"NT-Wd", 600, 8791, 0.11, 1.00},
    {"NT-LSTM", 1201, 2400, 0.10, 1.00},
};

constexpr unsigned kPEs = 64;
constexpr int kActFrac = 14; // activations in (0, 1]

/// A uniformly random non-zero pattern (geometric gaps) with uniform codes.
format::SparseCodes randomCodes(uint32_t rows, uint32_t cols, double density,
                                uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::geometric_distribution<uint32_t> gap(density);
  std::uniform_int_distribution<int> code(1, 15);
  format::SparseCodes c;
  c.numRows = rows;
  c.numCols = cols;
  c.colPtr.push_back(0);
  for (uint32_t j = 0; j < cols; ++j) {
    for (uint64_t i = gap(rng); i < rows; i += gap(rng) + 1) {
      c.rowIdx.push_back(static_cast<uint32_t>(i));
      c.codes.push_back(static_cast<uint8_t>(code(rng)));
    }
    c.colPtr.push_back(c.rowIdx.size());
  }
  return c;
}

format::Codebook benchCodebook() {
  std::vector<float> v(16, 0.0f);
  for (int i = 1; i < 16; ++i)
    v[i] = 0.02f * float(i - 8) + (i >= 8 ? 0.01f : -0.01f);
  return llvm::cantFail(format::Codebook::create(4, v));
}

/// The median of v (the upper one of an even count).
double median(std::vector<double> v) {
  std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
  return v[v.size() / 2];
}

/// Microseconds per call of each of a set of peers, caches warm, timed in
/// interleaved rounds.
struct Timings {
  /// Per peer, one sample per round.
  std::vector<std::vector<double>> samples;
  /// Per peer, the median of its samples.
  std::vector<double> medians;

  /// Peer a's time over peer b's: the median over the rounds of the ratio
  /// within each round, where the two ran at most a few hundred ms apart. A
  /// virtual machine's speed changes from second to second (the same kernel
  /// took 60-91 us in runs minutes apart on the Zen 5 VM), and the per-round
  /// ratios cancel what a ratio of two medians, taken from different rounds,
  /// does not.
  double ratio(size_t a, size_t b) const {
    std::vector<double> ratios;
    for (size_t round = 0; round < samples[a].size(); ++round)
      ratios.push_back(samples[a][round] / samples[b][round]);
    return median(std::move(ratios));
  }
};

/// Times each of fns in interleaved rounds (a slot of about 20 ms each per
/// round) so that noise from the rest of the machine falls on all of them
/// alike.
Timings timeInterleaved(llvm::ArrayRef<std::function<void()>> fns,
                        double seconds) {
  using Clock = std::chrono::steady_clock;
  auto micros = [](Clock::time_point a) {
    return std::chrono::duration<double, std::micro>(Clock::now() - a).count();
  };
  std::vector<unsigned> reps;
  for (const std::function<void()> &f : fns) {
    f(); // warm caches
    Clock::time_point a = Clock::now();
    f();
    reps.push_back(unsigned(std::clamp(20000.0 / micros(a), 1.0, 10000.0)));
  }
  std::vector<std::vector<double>> samples(fns.size());
  Clock::time_point start = Clock::now();
  for (unsigned round = 0;
       round < 5 || (round < 500 && micros(start) < seconds * 1e6); ++round)
    for (size_t i = 0; i < fns.size(); ++i) {
      // The previous peer evicted this one's data (dense sgemv streams the
      // whole matrix): untimed calls warm the caches again, for 2 ms and
      // two calls at least (after one, a 10 MB matrix was still partly in
      // DRAM: the same kernel timed 10% apart in two slots).
      Clock::time_point warm = Clock::now();
      for (unsigned w = 0; w < 2 || micros(warm) < 2000; ++w)
        fns[i]();
      Clock::time_point a = Clock::now();
      for (unsigned r = 0; r < reps[i]; ++r)
        fns[i]();
      samples[i].push_back(micros(a) / reps[i]);
    }
  Timings timings{samples, {}};
  for (const std::vector<double> &t : samples)
    timings.medians.push_back(median(t));
  return timings;
}

#ifdef __linux__
/// The first two CPUs this process may run on (fewer when it has fewer);
/// allowedOut, if given, receives all of them.
std::vector<int> twoCpus(cpu_set_t *allowedOut = nullptr) {
  cpu_set_t allowed;
  std::vector<int> cpus;
  if (sched_getaffinity(0, sizeof(allowed), &allowed) != 0)
    return cpus;
  if (allowedOut)
    *allowedOut = allowed;
  for (int c = 0; c < CPU_SETSIZE && cpus.size() < 2; ++c)
    if (CPU_ISSET(c, &allowed))
      cpus.push_back(c);
  return cpus;
}

/// Keeps the calling thread on cpu.
void runOn(int cpu) {
  cpu_set_t one;
  CPU_ZERO(&one);
  CPU_SET(cpu, &one);
  pthread_setaffinity_np(pthread_self(), sizeof(one), &one);
}
#endif

/// What two threads gain over one, by twoThreadScaling.
struct Scaling {
  /// One thread's time over two threads'.
  double speedup;
  /// Two threads' time against the best split of the work between the two
  /// CPUs at their one-thread speeds in the same round (1 / (1/t0 + 1/t1)
  /// over t2T): what the kernel itself loses on two threads (the handing
  /// over of lines, waits, slower blocks), apart from how far the two CPUs'
  /// speeds differ. 0 when the process may use one CPU.
  double splitEfficiency;
};

/// One thread's time over two threads' (call[0] on one thread, call[1] on
/// two), the median over interleaved rounds. The one-thread call is timed
/// pinned to each of the first two CPUs in turn and each round takes the
/// faster: on a virtual machine one vCPU may run the same call 1.4x slower
/// than the other (Alex-7's 32 x 4 panels on the Zen 5 VM: 114-123 against
/// 81 us for minutes), and a caller that happened to sit on it made
/// two threads look 2.1x one. Unpinned when the process may use one CPU.
Scaling twoThreadScaling(const std::function<void()> (&call)[2],
                         double seconds) {
#ifdef __linux__
  cpu_set_t allowed;
  std::vector<int> cpus = twoCpus(&allowed);
  if (cpus.size() == 2) {
    // The CPU the caller is kept on (-1: every allowed one), changed once
    // per timing slot, not per call.
    int pinned = -1;
    auto keepOn = [&](int cpu) {
      if (cpu == pinned)
        return;
      if (cpu < 0)
        pthread_setaffinity_np(pthread_self(), sizeof(allowed), &allowed);
      else
        runOn(cpu);
      pinned = cpu;
    };
    Timings t = timeInterleaved({[&] {
                                   keepOn(cpus[0]);
                                   call[0]();
                                 },
                                 [&] {
                                   keepOn(cpus[1]);
                                   call[0]();
                                 },
                                 [&] {
                                   keepOn(-1);
                                   call[1]();
                                 }},
                                seconds);
    keepOn(-1);
    std::vector<double> speedups, efficiencies;
    for (size_t round = 0; round < t.samples[2].size(); ++round) {
      const double first = t.samples[0][round], second = t.samples[1][round],
                   both = t.samples[2][round];
      speedups.push_back(std::min(first, second) / both);
      efficiencies.push_back(1 / (1 / first + 1 / second) / both);
    }
    return {median(std::move(speedups)), median(std::move(efficiencies))};
  }
#endif
  return {timeInterleaved({call[0], call[1]}, seconds).ratio(0, 1), 0};
}

/// What two threads could gain over one on a layer with the machine as it
/// is: a one-thread call runs on each of two CPUs, alone (the other idle) and
/// both at once, in interleaved windows of 20 ms after 2 ms of warm-up; the
/// result is the two CPUs' calls per second at once over the faster CPU's
/// alone (medians over the windows). On a virtual machine the host may take
/// cycles from one vCPU (on the Zen 5 VM one ran the same calls 15-30%
/// slower than the other for seconds), and then no split of the work into
/// two threads reaches 2x; what the calls share (the L3, memory) counts too.
/// call[i] runs on CPU i, into an output of its own. 0 when the process
/// cannot run on two CPUs.
double concurrentCap(const std::function<void()> (&call)[2], double seconds) {
#ifdef __linux__
  std::vector<int> cpus = twoCpus();
  if (cpus.size() < 2)
    return 0;
  // The kernels' pool threads spin for up to 2 ms after a call.
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  // Which calls run: bit i for call[i]; -1 stops the threads.
  std::atomic<int> running{0};
  std::atomic<uint64_t> done[2] = {0, 0};
  auto worker = [&](unsigned i) {
    runOn(cpus[i]);
    for (int r; (r = running.load()) >= 0;) {
      if (r & (1 << i)) {
        call[i]();
        done[i].fetch_add(1, std::memory_order_relaxed);
      } else {
        std::this_thread::sleep_for(std::chrono::microseconds(100));
      }
    }
  };
  std::thread first(worker, 0), second(worker, 1);
  using Clock = std::chrono::steady_clock;
  // rates[mask][i]: call i's calls per second while the calls in mask ran.
  std::vector<double> rates[4][2];
  Clock::time_point start = Clock::now();
  for (unsigned round = 0;
       round < 3 ||
       std::chrono::duration<double>(Clock::now() - start).count() < seconds;
       ++round)
    for (int mask : {1, 2, 3}) {
      running = mask;
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
      uint64_t before[2] = {done[0].load(), done[1].load()};
      Clock::time_point a = Clock::now();
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      double elapsed = std::chrono::duration<double>(Clock::now() - a).count();
      for (unsigned i = 0; i < 2; ++i)
        if (mask & (1 << i))
          rates[mask][i].push_back((done[i].load() - before[i]) / elapsed);
    }
  running = -1;
  first.join();
  second.join();
  double alone = std::max(median(rates[1][0]), median(rates[2][1]));
  return alone > 0 ? (median(rates[3][0]) + median(rates[3][1])) / alone : 0;
#else
  return 0;
#endif
}

/// Nanoseconds for one cache line to go from one of the two CPUs to the
/// other and back (a counter bumped in turn by a thread on each; median of
/// five runs); 0 when the process cannot run on two CPUs.
/// A two-thread call hands lines across at every step the threads share:
/// the job, the chunk claims, the walk's sums. On the Zen 5 VM of
/// docs/CompressedFormat.md a round trip took 120-600 ns at different
/// moments, where two cores of one bare Zen 5 CCX take tens.
double lineRoundTripNanos() {
#ifdef __linux__
  std::vector<int> cpus = twoCpus();
  if (cpus.size() < 2)
    return 0;
  // At most 20,000 trips or 10 ms a run: on a busy machine (a test suite
  // running beside the benchmark's smoke run) a trip may wait for the
  // other thread's next time slice.
  constexpr int kTrips = 20000, kStop = -1;
  std::vector<double> runs;
  for (int run = 0; run < 5; ++run) {
    alignas(64) std::atomic<int> turn{0};
    double nanos = 0;
    int trips = 0;
    std::thread first([&] {
      runOn(cpus[0]);
      auto start = std::chrono::steady_clock::now(),
           end = start + std::chrono::milliseconds(10);
      // The clock is read every 256 trips: at every trip it added about 5%
      // to a 460 ns one.
      for (; trips < kTrips &&
             (trips % 256 != 0 || std::chrono::steady_clock::now() < end);
           ++trips) {
        turn.store(2 * trips + 1, std::memory_order_release);
        while (turn.load(std::memory_order_acquire) != 2 * trips + 2) {
        }
      }
      nanos = std::chrono::duration<double, std::nano>(
                  std::chrono::steady_clock::now() - start)
                  .count();
      turn.store(kStop, std::memory_order_release);
    });
    std::thread second([&] {
      runOn(cpus[1]);
      for (int seen; (seen = turn.load(std::memory_order_acquire)) != kStop;)
        if (seen % 2 == 1)
          turn.store(seen + 1, std::memory_order_release);
    });
    first.join();
    second.join();
    runs.push_back(nanos / std::max(trips, 1));
  }
  return median(std::move(runs));
#else
  return 0;
#endif
}

/// y = A x for a rows x cols CSC matrix of nnz entries given as (positions,
/// coordinates, values), written for MLIR's sparsifier: sparse_tensor.assemble
/// makes the arrays a #CSC tensor without a copy and a linalg.generic matvec
/// reads it.
std::string sparsifierModule(uint32_t rows, uint32_t cols, uint64_t nnz) {
  return llvm::formatv(R"mlir(
#CSC = #sparse_tensor.encoding<{{ map = (i, j) -> (j : dense, i : compressed),
                                  posWidth = 32, crdWidth = 32 }>
#matvec = {{
  indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (j)>,
                   affine_map<(i, j) -> (i)>],
  iterator_types = ["parallel", "reduction"]
}
func.func @spmv(%pos: tensor<{1}xi32>, %crd: tensor<{2}xi32>,
                %val: tensor<{2}xf32>, %x: tensor<{3}xf32>) -> tensor<{0}xf32> {{
  %a = sparse_tensor.assemble (%pos, %crd), %val
      : (tensor<{1}xi32>, tensor<{2}xi32>), tensor<{2}xf32>
      to tensor<{0}x{3}xf32, #CSC>
  %zero = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<{0}xf32>
  %init = linalg.fill ins(%zero : f32) outs(%empty : tensor<{0}xf32>)
      -> tensor<{0}xf32>
  %y = linalg.generic #matvec
      ins(%a, %x : tensor<{0}x{3}xf32, #CSC>, tensor<{3}xf32>)
      outs(%init : tensor<{0}xf32>) {{
  ^bb0(%w: f32, %v: f32, %acc: f32):
    %p = arith.mulf %w, %v : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  } -> tensor<{0}xf32>
  return %y : tensor<{0}xf32>
}
)mlir",
                       rows, cols + 1, nnz, cols);
}

/// The sparsifier's code for sparsifierModule, JIT-compiled by the runner.
std::unique_ptr<mlir::eie::JitFunction>
compileSparsifier(uint32_t rows, uint32_t cols, uint64_t nnz) {
  mlir::DialectRegistry registry;
  mlir::eie::registerAllDialects(registry);
  mlir::MLIRContext context(registry);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceString<mlir::ModuleOp>(sparsifierModule(rows, cols, nnz),
                                              &context);
  if (!module)
    llvm::report_fatal_error("the sparsifier benchmark module does not parse");
  mlir::eie::JitOptions options;
  options.buildPipeline = [](mlir::OpPassManager &pm) {
    if (mlir::failed(
            mlir::parsePassPipeline("sparsification-and-bufferization", pm)))
      return mlir::failure();
    mlir::eie::buildLinalgToLLVMPipeline(pm);
    return mlir::success();
  };
  return llvm::cantFail(
      mlir::eie::JitFunction::compile(*module, "spmv", options));
}

template <typename T> NpyArray arrayOf(DType dtype, llvm::ArrayRef<T> values) {
  NpyArray array(dtype, {int64_t(values.size())});
  llvm::copy(values, array.getValues<T>().begin());
  return array;
}

/// The variants this CPU runs for a 4-bit codebook, as the table's columns.
std::vector<runtime::KernelVariant> benchVariants() {
  std::vector<runtime::KernelVariant> out;
  for (runtime::KernelVariant v : runtime::allKernelVariants())
    if (runtime::isKernelISASupported(v.isa))
      out.push_back(v);
  return out;
}

struct Result {
  const Layer *layer;
  /// Medians.
  double sgemv, eigen, sparsifier, oursF, oursQ, oursF2, oursQ2;
  /// The table's ratios (Timings::ratio), in its order: Eigen's time over
  /// ours-f and ours-q, the fastest variant's over ours-f, ours-q over
  /// ours-f, sgemv's and the sparsifier's over ours-f.
  double eigenOverF, eigenOverQ, bestOverF, fixedOverF, gemvOverF,
      sparsifierOverF;
  /// One thread's time over two threads', each mode timed apart from the
  /// other peers (their data would evict one thread's slice from its L2).
  double scalingF, scalingQ;
  /// Scaling::splitEfficiency of the float calls.
  double splitEfficiencyF;
  /// concurrentCap() of the one-thread float call, timed after them.
  double concurrentCap;
  /// lineRoundTripNanos(), measured after concurrentCap.
  double lineTripNanos;
  std::vector<double> variantF; ///< float, one thread, each benchVariants()
  double packMillis;            ///< the automatic packing and calibration
  runtime::KernelSpec chosen;   ///< the one-thread float packing's
  /// Per packing (one and two threads, float and fixed mode), what it is
  /// packed for and "variant, why".
  std::vector<std::pair<std::string, std::string>> reasons;
  double formatBytesPerNnz, kernelBytesPerNnz;
  double maxRelErr;
};

/// A variant's table column: "pan-512" for panels-avx512.
std::string columnLabel(runtime::KernelVariant v) {
  std::string isa = v.isa == runtime::KernelISA::Portable
                        ? "sc"
                        : runtime::kernelISAName(v.isa).drop_front(3).str();
  return runtime::layoutName(v.layout).take_front(3).str() + "-" + isa;
}

Result runLayer(const Layer &l, uint64_t seed, double seconds) {
  uint32_t rows = l.outputs, cols = l.inputs;
  format::SparseCodes codes = randomCodes(rows, cols, l.weightDensity, seed);
  format::Codebook cb = benchCodebook();
  format::CompressedMatrix m = llvm::cantFail(format::encode(codes, kPEs, cb));
  // Packed as the compiler packs for the thread count and the mode it is
  // given: one slice for the one-thread peers, two for the two-thread ones;
  // calibrated in float for the float peers and in fixed mode for the fixed
  // ones. Each packing calibrates; the first one's time is the table's.
  runtime::PackOptions po;
  po.numSlices = 1;
  po.expectedActivationDensity = l.actDensity;
  auto packStart = std::chrono::steady_clock::now();
  runtime::PackedMatrix packed =
      llvm::cantFail(runtime::PackedMatrix::create(m, po));
  double packMillis = std::chrono::duration<double, std::milli>(
                          std::chrono::steady_clock::now() - packStart)
                          .count();
  runtime::PackOptions po2 = po;
  po2.numSlices = 2;
  runtime::PackedMatrix packed2 =
      llvm::cantFail(runtime::PackedMatrix::create(m, po2));
  runtime::PackOptions poQ = po, poQ2 = po2;
  poQ.mode = poQ2.mode = runtime::NumericMode::Fixed;
  runtime::PackedMatrix packedQ =
      llvm::cantFail(runtime::PackedMatrix::create(m, poQ));
  runtime::PackedMatrix packedQ2 =
      llvm::cantFail(runtime::PackedMatrix::create(m, poQ2));
  std::vector<runtime::PackedMatrix> forced;
  for (runtime::KernelVariant v : benchVariants()) {
    runtime::PackOptions o = po;
    o.variant = v;
    forced.push_back(llvm::cantFail(runtime::PackedMatrix::create(m, o)));
  }

  // Activations: Q(14) values in (0, 1], float mode sees the same values.
  std::mt19937_64 rng(seed + 1);
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<int16_t> xq(cols, 0);
  std::vector<float> x(cols, 0.0f);
  for (uint32_t j = 0; j < cols; ++j)
    if (u(rng) < l.actDensity) {
      xq[j] = std::max<int16_t>(1, format::quantize(u(rng), kActFrac));
      x[j] = format::dequantize(xq[j], kActFrac);
    }

  std::vector<float> dense(size_t(rows) * cols, 0.0f);
  std::vector<Eigen::Triplet<float>> triplets;
  for (uint32_t j = 0; j < cols; ++j)
    for (uint64_t k = codes.colPtr[j]; k < codes.colPtr[j + 1]; ++k) {
      float w = cb.values[codes.codes[k]];
      dense[size_t(codes.rowIdx[k]) * cols + j] = w;
      triplets.emplace_back(codes.rowIdx[k], j, w);
    }
  Eigen::SparseMatrix<float, Eigen::ColMajor, int> eig(rows, cols);
  eig.setFromTriplets(triplets.begin(), triplets.end());
  eig.makeCompressed();
  triplets = {};

  std::vector<float> yDense(rows), yEigen(rows);
  // One output per float peer of ours, each checked against sgemv.
  std::vector<std::vector<float>> yOurs(forced.size() + 2,
                                        std::vector<float>(rows));
  std::vector<int16_t> yq(rows);
  format::FixedPointParams p{kActFrac, cb.fracBits, 8};

  std::unique_ptr<mlir::eie::JitFunction> mlirSpMV =
      compileSparsifier(rows, cols, eig.nonZeros());
  NpyArray inputs[] = {
      arrayOf<int32_t>(DType::I32, {eig.outerIndexPtr(), size_t(cols) + 1}),
      arrayOf<int32_t>(DType::I32,
                       {eig.innerIndexPtr(), size_t(eig.nonZeros())}),
      arrayOf<float>(DType::F32, {eig.valuePtr(), size_t(eig.nonZeros())}),
      arrayOf<float>(DType::F32, x)};
  llvm::SmallVector<NpyArray> ySparsifier = mlirSpMV->allocateResults();

  runtime::KernelOptions one, two;
  two.numThreads = 2;
  auto oursFloat = [&](const runtime::PackedMatrix &pm,
                       const runtime::KernelOptions &o, std::vector<float> &y) {
    return [&pm, &o, &x, &y] {
      llvm::cantFail(
          runtime::multiplyFloat(pm, x.data(), nullptr, y.data(), false, o));
    };
  };
  auto oursFixed = [&](const runtime::PackedMatrix &pm,
                       const runtime::KernelOptions &o) {
    return [&pm, &o, &xq, &yq, &p] {
      llvm::cantFail(runtime::multiplyFixed(pm, xq.data(), nullptr, yq.data(),
                                            p, false, o));
    };
  };
  // sgemv, Eigen, MLIR, ours float, fixed, float 2T, fixed 2T, variants.
  std::vector<std::function<void()>> peers = {
      [&] {
        cblas_sgemv(CblasRowMajor, CblasNoTrans, rows, cols, 1.0f, dense.data(),
                    cols, x.data(), 1, 0.0f, yDense.data(), 1);
      },
      [&] {
        std::fill(yEigen.begin(), yEigen.end(), 0.0f);
        for (uint32_t j = 0; j < cols; ++j) {
          float xj = x[j];
          if (xj == 0.0f)
            continue;
          for (Eigen::SparseMatrix<float>::InnerIterator it(eig, j); it; ++it)
            yEigen[it.index()] += it.value() * xj;
        }
      },
      [&] { llvm::cantFail(mlirSpMV->call(inputs, ySparsifier)); },
      oursFloat(packed, one, yOurs[0]),
      oursFixed(packedQ, one),
      oursFloat(packed2, two, yOurs[1]),
      oursFixed(packedQ2, two),
  };
  for (size_t i = 0; i < forced.size(); ++i)
    peers.push_back(oursFloat(forced[i], one, yOurs[i + 2]));
  Timings t = timeInterleaved(peers, seconds);
  const std::function<void()> floatCalls[2] = {peers[3], peers[5]},
                              fixedCalls[2] = {peers[4], peers[6]};
  const Scaling scalingF = twoThreadScaling(floatCalls, seconds / 4);
  const Scaling scalingQ = twoThreadScaling(fixedCalls, seconds / 4);
  std::vector<float> yBeside(rows);
  const std::function<void()> oneThreadCalls[2] = {
      peers[3], oursFloat(packed, one, yBeside)};
  double concurrent = concurrentCap(oneThreadCalls, seconds / 4);

  Result r{};
  r.layer = &l;
  r.chosen = packed.kernelSpec();
  for (auto [packedFor, pm] : {std::pair{"", &packed},
                               {" on two threads", &packed2},
                               {" for fixed mode", &packedQ},
                               {" for fixed mode on two threads", &packedQ2}})
    r.reasons.push_back({packedFor, runtime::kernelSpecName(pm->kernelSpec()) +
                                        ", " + pm->variantReason()});
  // The variant columns' shapes, calibrated apart from the chosen packing's:
  // best / chosen below 1 may be another shape of the chosen variant.
  std::string shapes;
  for (const runtime::PackedMatrix &pm : forced)
    shapes += (shapes.empty() ? "" : ", ") + columnLabel(pm.variant()) + " " +
              runtime::kernelSpecName(pm.kernelSpec());
  r.reasons.push_back({" (variant columns)", shapes});
  r.packMillis = packMillis;
  r.formatBytesPerNnz = format::computeStorageStats(m).bytesPerNonZero();
  r.kernelBytesPerNnz = double(packed.storageBytes()) / packed.numNonZeros();
  const std::vector<double> &median = t.medians;
  r.sgemv = median[0];
  r.eigen = median[1];
  r.sparsifier = median[2];
  r.oursF = median[3];
  r.oursQ = median[4];
  r.oursF2 = median[5];
  r.oursQ2 = median[6];
  r.variantF.assign(median.begin() + 7, median.end());
  r.gemvOverF = t.ratio(0, 3);
  r.eigenOverF = t.ratio(1, 3);
  r.eigenOverQ = t.ratio(1, 4);
  r.sparsifierOverF = t.ratio(2, 3);
  r.fixedOverF = t.ratio(4, 3);
  // The variant with the smallest median, not the fastest one in each
  // round: a per-round minimum over several variants takes the luckiest
  // slot of each round and leans below 1.
  const size_t fastest = size_t(
      std::min_element(median.begin() + 7, median.end()) - median.begin());
  r.bestOverF = t.ratio(fastest, 3);
  r.scalingF = scalingF.speedup;
  r.scalingQ = scalingQ.speedup;
  r.splitEfficiencyF = scalingF.splitEfficiency;
  r.concurrentCap = concurrent;
  r.lineTripNanos = lineRoundTripNanos();

  llvm::ArrayRef<float> yMlir = ySparsifier[0].getValues<float>();
  double scale = 0;
  for (float v : yDense)
    scale = std::max(scale, double(std::fabs(v)));
  auto checkAgainstDense = [&](llvm::ArrayRef<float> y) {
    for (uint32_t i = 0; i < rows; ++i)
      r.maxRelErr =
          std::max(r.maxRelErr, std::fabs(double(y[i]) - yDense[i]) / scale);
  };
  checkAgainstDense(yEigen);
  checkAgainstDense(yMlir);
  for (const std::vector<float> &y : yOurs)
    checkAgainstDense(y);
  return r;
}

/// A rows x cols layer of normal weights (std 0.01, fixed seed).
std::vector<float> normalWeights(uint32_t rows, uint32_t cols) {
  std::mt19937_64 rng(99);
  std::normal_distribution<float> d(0, 0.01f);
  std::vector<float> w(size_t(rows) * cols);
  for (float &v : w)
    v = d(rng);
  return w;
}

/// Deep Compression on AlexNet-shaped FC layers: prune normal weights,
/// share them with 4-bit k-means, encode on 64 PEs, report storage.
void compressionReport() {
  struct Fc {
    const char *name;
    uint32_t rows, cols;
    double density;
  };
  const Fc fcs[] = {{"fc6", 4096, 9216, 0.09},
                    {"fc7", 4096, 4096, 0.09},
                    {"fc8", 1000, 4096, 0.25},
                    {"vgg-fc6", 4096, 25088, 0.04}};
  std::vector<format::StorageStats> stats64, stats1;
  outs() << "\nDeep Compression pipeline (normal weights, 4-bit linear-init "
            "k-means):\n";
  outs() << llvm::format("%-8s %10s %10s %10s %8s %9s\n", "layer", "prune ms",
                         "kmeans ms", "encode ms", "iters", "nnz");
  using Clock = std::chrono::steady_clock;
  auto ms = [](Clock::time_point a) {
    return std::chrono::duration<double, std::milli>(Clock::now() - a).count();
  };
  for (const Fc &fc : fcs) {
    std::vector<float> w = normalWeights(fc.rows, fc.cols);
    Clock::time_point t0 = Clock::now();
    uint64_t nnz = llvm::cantFail(format::pruneToDensity(w, fc.density));
    double tPrune = ms(t0);
    t0 = Clock::now();
    format::SharedWeights s = llvm::cantFail(format::shareWeights(w));
    double tShare = ms(t0);
    t0 = Clock::now();
    format::CompressedMatrix m = llvm::cantFail(
        format::encode(s.codes, fc.rows, fc.cols, kPEs, s.codebook));
    double tEncode = ms(t0);
    outs() << llvm::format("%-8s %10.0f %10.0f %10.0f %8u %9llu\n", fc.name,
                           tPrune, tShare, tEncode, s.iterations,
                           (unsigned long long)nnz);
    stats64.push_back(format::computeStorageStats(m, fc.name));
    format::CompressedMatrix one =
        llvm::cantFail(format::encode(format::decodeSparse(m), 1, m.codebook));
    stats1.push_back(format::computeStorageStats(one, fc.name));
  }
  outs() << "\nStorage, 64 PEs, 16-bit pointers (EIE):\n";
  format::printStorageTable(outs(), stats64);
  outs() << "\nStorage, 1 PE (plain CSC with 4-bit relative rows):\n";
  format::printStorageTable(outs(), stats1);

  // Padding-aware pruning (--eie-prune pes=N) of AlexNet's FC layers: the
  // bytes a padding entry costs buy a real weight instead.
  std::vector<format::StorageStats> aware;
  outs() << "\nPadding-aware pruning for N PEs (AlexNet FC, same weights):\n";
  outs() << llvm::format("%-8s %5s %10s %14s\n", "layer", "PEs", "prune ms",
                         "fills/kept");
  for (const Fc &fc : llvm::ArrayRef(fcs).take_front(3))
    for (unsigned pes : {16u, 32u, 64u}) {
      std::vector<float> w = normalWeights(fc.rows, fc.cols);
      Clock::time_point t0 = Clock::now();
      format::EIEPruneResult pruned = llvm::cantFail(
          format::pruneForEIE(w, fc.rows, fc.cols, fc.density, pes));
      double tPrune = ms(t0);
      format::SharedWeights s = llvm::cantFail(format::shareWeights(w));
      format::CompressedMatrix m = llvm::cantFail(
          format::encode(s.codes, fc.rows, fc.cols, pes, s.codebook));
      aware.push_back(format::computeStorageStats(m, fc.name));
      outs() << llvm::format("%-8s %5u %10.0f %13.1f%%\n", fc.name, pes, tPrune,
                             100.0 * pruned.fills / pruned.kept);
    }
  format::printStorageTable(outs(), aware);
}

} // namespace

llvm::cl::OptionCategory benchOptions("eie-bench-sparse options");
llvm::cl::opt<bool>
    smoke("smoke",
          llvm::cl::desc("Only the three small layers, timed briefly, and no "
                         "storage report: checks that the benchmark runs and "
                         "agrees"),
          llvm::cl::cat(benchOptions));
llvm::cl::list<std::string>
    onlyLayers("layers", llvm::cl::CommaSeparated,
               llvm::cl::desc("Only these layers (e.g. Alex-6,VGG-7), and no "
                              "storage report"),
               llvm::cl::cat(benchOptions));
llvm::cl::opt<double>
    secondsPerLayer("seconds",
                    llvm::cl::desc("Timing budget per layer (default 3 s)"),
                    llvm::cl::init(3.0), llvm::cl::cat(benchOptions));

/// The CPU's brand string (cpuid) and LLVM's name for its core.
std::string cpuDescription() {
  unsigned words[12] = {};
  for (unsigned i = 0; i < 3; ++i)
    __get_cpuid(0x80000002 + i, &words[4 * i], &words[4 * i + 1],
                &words[4 * i + 2], &words[4 * i + 3]);
  std::string brand(reinterpret_cast<const char *>(words), sizeof(words));
  brand = llvm::StringRef(brand.c_str()).trim().str();
  return brand + " (" + llvm::sys::getHostCPUName().str() + ")";
}

int main(int argc, char **argv) {
  llvm::cl::HideUnrelatedOptions(benchOptions);
  llvm::cl::ParseCommandLineOptions(argc, argv,
                                    "compressed sparse layer benchmark\n");
  for (const std::string &name : onlyLayers)
    if (llvm::none_of(kLayers,
                      [&](const Layer &l) { return name == l.name; })) {
      std::string known;
      for (const Layer &l : kLayers)
        known += std::string(" ") + l.name;
      llvm::errs() << "eie-bench-sparse: --layers: no layer '" << name
                   << "'; the layers are" << known << "\n";
      return 2;
    }
  openblas_set_num_threads(1);
  mlir::eie::registerAllPasses();
  std::vector<runtime::KernelVariant> variants = benchVariants();
  outs() << "EIE benchmark layers on " << cpuDescription();
  if (const char *cap = std::getenv(runtime::kMaxISAEnvVar))
    outs() << " with the kernels' instruction sets capped at " << cap << " ("
           << runtime::kMaxISAEnvVar << ")";
  outs() << ", batch 1, median microseconds (peers timed in interleaved "
            "rounds).\nours-f/ours-q: float/fixed kernels of the variant "
            "chosen when the matrix is packed for that mode (float's in the "
            "last column, with its panel shape: EIE_SPARSE_VARIANT or the "
            "compiler's kernel option takes that name; why: below the "
            "table); f-2T/q-2T: two threads, "
            "packed for two;\nthe variant columns: float, "
            "one thread, each variant this CPU runs forced (";
  llvm::interleaveComma(variants, outs(), [&](runtime::KernelVariant v) {
    outs() << columnLabel(v) << " = " << runtime::kernelVariantName(v);
  });
  outs()
      << ");\nthe ratios are medians over the rounds of the ratio within "
         "each round (the machine's speed drifts from round to round); "
         "eig/f, eig/q: Eigen's time over ours; best/f: the fastest "
         "variant's time over the chosen one's; q/f: fixed over float; "
         "2T-f/2T-q: one thread's time over two threads' (those two timed "
         "apart from the rest, the one thread pinned to each of the two CPUs "
         "in turn and the faster taken in each round); 2T-par: what two "
         "threads could gain on this layer's kernel right after those timings "
         "(the one-thread calls per second of both CPUs at once over the "
         "faster one's alone: a busy virtual machine host slows one, and "
         "speeds change within seconds, so 2T-f may exceed it); 2T-eff: two "
         "threads' float time against the best split of the work between "
         "the two CPUs at the one-thread speeds they showed in the same "
         "round (what the kernel itself loses on two threads, apart from "
         "how far the CPUs' speeds differ); trip: "
         "nanoseconds for a cache line to go "
         "from one of those two CPUs to the other and back, measured right "
         "after (a two-thread call hands lines across at every step its "
         "threads share; a virtual machine's host may move its CPUs: 120-600 "
         "ns on a Zen 5 VM);\nmlir: MLIR's sparsifier on the "
         "same matrix in CSC (no activation skipping); pack: milliseconds to "
         "pack and calibrate; B/nz: bytes per non-zero of the EIE format "
         "(64 PEs, 16-bit pointers) and of the chosen layout.\n";
  outs() << llvm::format("%-8s %11s %3s %4s | %8s %7s %7s |", "layer",
                         "in x out", "w%", "act%", "sgemv", "eigen", "mlir");
  for (runtime::KernelVariant v : variants)
    outs() << llvm::format(" %7s", columnLabel(v).c_str());
  outs() << llvm::format(
      " | %7s %7s %7s %7s | %6s %6s %6s %5s %6s %6s %5s %5s %6s %6s %5s | "
      "%5s | %5s %5s %7s | %s\n",
      "ours-f", "ours-q", "f-2T", "q-2T", "eig/f", "eig/q", "best/f", "q/f",
      "gemv/f", "mlir/f", "2T-f", "2T-q", "2T-par", "2T-eff", "trip", "pack",
      "fmtB", "krnB", "relerr", "variant");
  uint64_t seed = 0;
  double worstErr = 0, alexPackMillis = 0;
  unsigned alexLayers = 0;
  std::vector<std::string> reasons;
  for (const Layer &l : kLayers) {
    ++seed;
    if ((smoke && l.inputs * uint64_t(l.outputs) > 5000000) ||
        (!onlyLayers.empty() && !llvm::is_contained(onlyLayers, l.name)))
      continue;
    Result r = runLayer(l, seed, smoke ? 0.05 : secondsPerLayer);
    worstErr = std::max(worstErr, r.maxRelErr);
    if (llvm::StringRef(l.name).starts_with("Alex-")) {
      alexPackMillis += r.packMillis;
      ++alexLayers;
    }
    std::string shape =
        std::to_string(l.inputs) + "x" + std::to_string(l.outputs);
    outs() << llvm::format("%-8s %11s %3.0f %4.0f | %8.0f %7.1f %7.1f |",
                           l.name, shape.c_str(), 100 * l.weightDensity,
                           100 * l.actDensity, r.sgemv, r.eigen, r.sparsifier);
    for (double t : r.variantF)
      outs() << llvm::format(" %7.1f", t);
    // Both need two CPUs: a process confined to one prints dashes.
    std::string cap = r.concurrentCap > 0
                          ? llvm::formatv("{0:F2}x", r.concurrentCap).str()
                          : "-";
    std::string efficiency =
        r.splitEfficiencyF > 0
            ? llvm::formatv("{0:F2}", r.splitEfficiencyF).str()
            : "-";
    std::string trip = r.lineTripNanos > 0
                           ? llvm::formatv("{0:F0}", r.lineTripNanos).str()
                           : "-";
    outs() << llvm::format(
        " | %7.1f %7.1f %7.1f %7.1f | %5.2fx %5.2fx %5.2fx %4.2fx %5.1fx "
        "%5.1fx %4.2fx %4.2fx  %5s %6s %5s | %5.0f | %5.2f %5.2f %7.1e | "
        "%s\n",
        r.oursF, r.oursQ, r.oursF2, r.oursQ2, r.eigenOverF, r.eigenOverQ,
        r.bestOverF, r.fixedOverF, r.gemvOverF, r.sparsifierOverF, r.scalingF,
        r.scalingQ, cap.c_str(), efficiency.c_str(), trip.c_str(), r.packMillis,
        r.formatBytesPerNnz, r.kernelBytesPerNnz, r.maxRelErr,
        runtime::kernelSpecName(r.chosen).c_str());
    for (const auto &[packedFor, reason] : r.reasons)
      reasons.push_back(std::string(l.name) + packedFor + ": " + reason);
    outs().flush();
  }
  outs() << "why:\n";
  for (const std::string &reason : reasons)
    outs() << "  " << reason << "\n";
  if (alexLayers == 3)
    outs() << llvm::format("packing and calibration of AlexNet's three FC "
                           "layers: %.0f ms\n",
                           alexPackMillis);
  if (worstErr > 1e-5) {
    llvm::errs() << "eie-bench-sparse: results differ from dense sgemv by "
                 << worstErr << " (relative), expected <= 1e-5\n";
    return 1;
  }
  outs() << "every result agrees with dense sgemv (relative error <= 1e-5)\n";
  if (!smoke && onlyLayers.empty())
    compressionReport();
  return 0;
}
