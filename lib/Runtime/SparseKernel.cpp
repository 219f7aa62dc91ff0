//===- SparseKernel.cpp - Compressed sparse layer on x86 ------------------===//

#include "eie/Runtime/SparseKernel.h"
#include "KernelImpl.h"
#include "WorkerPool.h"

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <vector>

using namespace eie;
using namespace eie::runtime;
using namespace eie::runtime::detail;

llvm::StringRef eie::runtime::kernelISAName(KernelISA isa) {
  switch (isa) {
  case KernelISA::Portable:
    return "portable";
  case KernelISA::AVX512:
    return "avx512";
  }
  llvm_unreachable("unknown kernel ISA");
}

bool eie::runtime::isKernelISASupported(KernelISA isa) {
  switch (isa) {
  case KernelISA::Portable:
    return true;
  case KernelISA::AVX512:
    return __builtin_cpu_supports("avx512f");
  }
  llvm_unreachable("unknown kernel ISA");
}

KernelISA eie::runtime::bestKernelISA() {
  static const KernelISA best = isKernelISASupported(KernelISA::AVX512)
                                    ? KernelISA::AVX512
                                    : KernelISA::Portable;
  return best;
}

static llvm::Expected<KernelISA> chooseISA(const KernelOptions &o) {
  KernelISA isa = o.isa.value_or(bestKernelISA());
  if (!isKernelISASupported(isa))
    return llvm::createStringError("sparse kernel: this CPU lacks %s",
                                   kernelISAName(isa).str().c_str());
  return isa;
}

/// The non-zero activations in column order.
template <typename T> struct ActivationList {
  std::unique_ptr<Activation<T>[]> entries;
  size_t size = 0;
  const Activation<T> *data() const { return entries.get(); }
};

template <typename T>
static ActivationList<T>
nonZeroActivations(const T *x, uint32_t n,
                   size_t (*compact)(const T *, uint32_t, Activation<T> *)) {
  ActivationList<T> list;
  // Default-initialized: compaction writes every entry it counts.
  list.entries.reset(new Activation<T>[n]);
  list.size = compact(x, n, list.entries.get());
  return list;
}

/// Ends of the runs of activations (in order) whose int32 partial sums
/// cannot overflow: a column adds at most |a_j| * maxAbsCode to any row, so
/// a run whose sum of those bounds stays within INT32_MAX is exact in int32.
/// A single column always fits (|a_j| * maxAbsCode <= 2^30).
static std::vector<size_t> overflowFreeRuns(const ActivationList<int16_t> &act,
                                            uint32_t maxAbsCode) {
  std::vector<size_t> ends;
  uint64_t bound = 0;
  for (size_t a = 0; a < act.size; ++a) {
    uint64_t column =
        uint64_t(std::abs(int32_t(act.data()[a].value))) * maxAbsCode;
    if (bound + column > uint64_t(INT32_MAX)) {
      ends.push_back(a);
      bound = 0;
    }
    bound += column;
  }
  ends.push_back(act.size);
  return ends;
}

/// Narrow (int32) accumulation pays a widening pass over the slice's rows
/// per run; it wins when runs average at least this many columns.
constexpr size_t kMinNarrowRun = 8;

static_assert(kMaxSlices <= WorkerPool::kMaxThreads);

/// Runs work(t) for t in [0, threads) on that many threads.
template <typename Fn> static void runOnThreads(unsigned threads, Fn work) {
  WorkerPool::get().run(threads, work);
}

static unsigned threadCount(const PackedMatrix &m, const KernelOptions &o) {
  return std::clamp(o.numThreads, 1u, m.numSlices());
}

/// Rows layout: row groups round-robin over the threads (groups are sorted
/// by length, so contiguous ranges would be unbalanced).
template <typename Fn>
static void forEachGroup(const PackedMatrix &m, const KernelOptions &o,
                         Fn work) {
  unsigned threads = threadCount(m, o);
  runOnThreads(threads, [&](unsigned t) {
    for (uint32_t g = t; g < m.numRowGroups(); g += threads)
      work(g);
  });
}

/// Rows of group g inside the matrix.
static unsigned groupRows(const PackedMatrix &m, uint32_t g) {
  return std::min<uint32_t>(kRowGroup, m.numRows() - g * kRowGroup);
}

/// The Rows-layout driver: per group, accumulators from init(row), the
/// kernel run(steps, numSteps, acc16), results to finish(row, acc).
template <typename Acc, typename Run, typename Init, typename Finish>
static void runGroups(const PackedMatrix &m, const KernelOptions &o, Run run,
                      Init init, Finish finish) {
  const PackedMatrix::RowGroups &rg = m.rowGroups();
  forEachGroup(m, o, [&](uint32_t g) {
    Acc acc16[kRowGroup] = {};
    unsigned rows = groupRows(m, g);
    const uint32_t *rowOf = rg.rowOf.data() + size_t(g) * kRowGroup;
    for (unsigned l = 0; l < rows; ++l)
      acc16[l] = init(rowOf[l]);
    run(rg.steps.data() + rg.stepPtr[g] * kRowGroup,
        rg.stepPtr[g + 1] - rg.stepPtr[g], acc16);
    for (unsigned l = 0; l < rows; ++l)
      finish(rowOf[l], acc16[l]);
  });
}

/// The Columns-layout driver: slices round-robin over the threads; each
/// thread makes its slices' accumulators from init(row), runs the kernel
/// run(outputs, numOutputs) once over all of them, and hands the results to
/// finish(row, acc).
template <typename Acc, typename Run, typename Init, typename Finish>
static void runSlices(const PackedMatrix &m, const KernelOptions &o, Run run,
                      Init init, Finish finish) {
  const SliceMap map = m.sliceMap();
  const unsigned threads = threadCount(m, o);
  runOnThreads(threads, [&](unsigned t) {
    std::vector<std::vector<Acc>> acc;
    std::vector<SliceOutput<Acc>> outputs;
    for (unsigned s = t; s < map.numSlices; s += threads) {
      const PackedMatrix::Slice &slice = m.slice(s);
      std::vector<Acc> &a = acc.emplace_back(slice.numRows);
      for (uint32_t l = 0; l < slice.numRows; ++l)
        a[l] = init(map.globalRow(s, l));
      outputs.push_back({&slice, a.data()});
    }
    run(outputs.data(), unsigned(outputs.size()));
    for (size_t i = 0; i < outputs.size(); ++i) {
      unsigned s = t + unsigned(i) * threads;
      for (uint32_t l = 0; l < outputs[i].slice->numRows; ++l)
        finish(map.globalRow(s, l), acc[i][l]);
    }
  });
}

static const KernelSet &kernelsFor(KernelISA isa) {
  return isa == KernelISA::AVX512 ? avx512::kernels : portable::kernels;
}

llvm::Error eie::runtime::multiplyFloat(const PackedMatrix &m, const float *x,
                                        const float *bias, float *y, bool relu,
                                        const KernelOptions &options) {
  auto isa = chooseISA(options);
  if (!isa)
    return isa.takeError();
  const KernelSet &k = kernelsFor(*isa);
  const float *codebook = m.getCodebook().values.data();
  auto init = [&](size_t row) { return bias ? bias[row] : 0.0f; };
  auto finish = [&](size_t row, float v) {
    y[row] = relu ? std::max(v, 0.0f) : v;
  };
  if (m.getLayout() == Layout::Rows) {
    runGroups<float>(
        m, options,
        [&](const uint8_t *steps, size_t n, float *acc) {
          k.groupFloat(steps, n, codebook, x, acc);
        },
        init, finish);
    return llvm::Error::success();
  }
  // Each thread finds the non-zero activations itself: a serial pass before
  // the threads start would cost 5-10% of two threads' time on small layers.
  runSlices<float>(
      m, options,
      [&](const SliceOutput<float> *outputs, unsigned n) {
        ActivationList<float> act =
            nonZeroActivations(x, m.numCols(), k.compactFloat);
        k.sliceFloat(outputs, n, m.entryKind(), codebook, act.data(), act.size);
      },
      init, finish);
  return llvm::Error::success();
}

llvm::Error eie::runtime::multiplyFixed(const PackedMatrix &m, const int16_t *x,
                                        const int16_t *bias, int16_t *y,
                                        const format::FixedPointParams &p,
                                        bool relu,
                                        const KernelOptions &options) {
  if (auto e = p.validate())
    return e;
  if (p.weightFrac != m.getCodebook().fracBits)
    return llvm::createStringError(
        "fixed-point layer: weight fractional bits %d, but the codebook is "
        "Q%d",
        p.weightFrac, m.getCodebook().fracBits);
  auto isa = chooseISA(options);
  if (!isa)
    return isa.takeError();
  const KernelSet &k = kernelsFor(*isa);
  const int16_t *codebook = m.getCodebook().fixedValues.data();
  const int shift = p.shift();
  auto init = [&](size_t row) {
    return bias ? format::biasToAccumulator(bias[row], p) : 0;
  };
  auto finish = [&](size_t row, int64_t acc) {
    y[row] = format::writeBack(acc, shift, relu);
  };
  if (m.getLayout() == Layout::Rows) {
    std::vector<int32_t> x32(x, x + m.numCols());
    runGroups<int64_t>(
        m, options,
        [&](const uint8_t *steps, size_t n, int64_t *acc) {
          k.groupFixed(steps, n, codebook, x32.data(), acc);
        },
        init, finish);
    return llvm::Error::success();
  }
  uint32_t maxAbsCode = 0;
  for (int16_t c : m.getCodebook().fixedValues)
    maxAbsCode = std::max<uint32_t>(maxAbsCode, std::abs(int32_t(c)));
  runSlices<int64_t>(
      m, options,
      [&](const SliceOutput<int64_t> *outputs, unsigned n) {
        // Per thread, as in multiplyFloat.
        ActivationList<int16_t> act =
            nonZeroActivations(x, m.numCols(), k.compactFixed);
        std::vector<size_t> runEnds = overflowFreeRuns(act, maxAbsCode);
        if (runEnds.size() * kMinNarrowRun > act.size) {
          k.sliceFixed(outputs, n, m.entryKind(), codebook, act.data(),
                       act.size);
          return;
        }
        std::vector<std::vector<int32_t>> acc32;
        std::vector<SliceOutput<int32_t>> narrowOutputs;
        for (unsigned i = 0; i < n; ++i)
          narrowOutputs.push_back(
              {outputs[i].slice,
               acc32.emplace_back(outputs[i].slice->numRows, 0).data()});
        size_t begin = 0;
        for (size_t end : runEnds) {
          k.sliceFixedNarrow(narrowOutputs.data(), n, m.entryKind(), codebook,
                             act.data() + begin, end - begin, act.size - begin);
          for (unsigned i = 0; i < n; ++i)
            k.widen(acc32[i].data(), outputs[i].acc, outputs[i].slice->numRows);
          begin = end;
        }
      },
      init, finish);
  return llvm::Error::success();
}
