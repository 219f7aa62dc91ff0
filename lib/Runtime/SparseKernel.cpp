//===- SparseKernel.cpp - Compressed sparse layer on x86 ------------------===//

#include "eie/Runtime/SparseKernel.h"
#include "KernelImpl.h"
#include "WorkerPool.h"

#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <array>
#include <climits>
#include <cstdlib>
#include <memory>
#include <vector>

using namespace eie;
using namespace eie::runtime;
using namespace eie::runtime::detail;

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

/// The Columns- and Panels-layout driver: slices round-robin over the
/// threads; each thread makes its slices' accumulators from init(row)
/// (rounded up to whole Panels blocks, the extra ones 0), runs the kernel
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
      std::vector<Acc> &a =
          acc.emplace_back(llvm::alignTo(slice.numRows, kMaxPanelLanes));
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

/// The Columns kernels of an instruction set. Panels: the
/// compaction of the instruction set, the scalar walk of the leftover
/// entries, which are few and scattered (the gather/scatter walk lost on
/// them; docs/CompressedFormat.md).
static const KernelSet &kernelsFor(KernelVariant v) {
  static const KernelSet avx512Panels = [] {
    KernelSet k = avx512::kernels;
    k.sliceFloat = portable::kernels.sliceFloat;
    k.sliceFixed = portable::kernels.sliceFixed;
    k.sliceFixedNarrow = portable::kernels.sliceFixedNarrow;
    k.widen = portable::kernels.widen;
    return k;
  }();
  if (v.isa != KernelISA::AVX512)
    return portable::kernels;
  return v.layout == Layout::Panels ? avx512Panels : avx512::kernels;
}

/// The Panels kernels' x: they load whole panels, so when the last one is
/// partial, a copy padded with zeros.
template <typename T> class PanelActivations {
public:
  PanelActivations(const PackedMatrix &m, const T *x) : values(x) {
    if (m.numCols() % m.panelShape().width == 0)
      return;
    padded.assign(size_t(m.numPanels()) * m.panelShape().width, T(0));
    std::copy(x, x + m.numCols(), padded.begin());
    values = padded.data();
  }
  const T *data() const { return values; }

private:
  std::vector<T> padded;
  const T *values;
};

/// Panels blocks of a slice.
static uint32_t panelBlocks(const PackedMatrix &m,
                            const PackedMatrix::Slice &s) {
  return static_cast<uint32_t>(
      llvm::divideCeil(s.numRows, m.panelShape().lanes));
}

/// Whether the slices hold entries for the Columns walk (Panels: whether
/// any entries went past the panels' steps).
template <typename Acc>
static bool hasColumnEntries(const SliceOutput<Acc> *outputs, unsigned n) {
  for (unsigned i = 0; i < n; ++i)
    if (outputs[i].slice->colPtr.back() != 0)
      return true;
  return false;
}

/// A codebook's values as the kernels read them: the 4-bit kernels read 16
/// values, so smaller codebooks are padded with zeros.
template <typename T> class KernelCodebook {
public:
  explicit KernelCodebook(const std::vector<T> &values) {
    if (values.size() >= padded.size()) {
      values_ = values.data();
      return;
    }
    std::copy(values.begin(), values.end(), padded.begin());
    values_ = padded.data();
  }
  KernelCodebook(const KernelCodebook &) = delete;
  const T *data() const { return values_; }

private:
  std::array<T, 16> padded{};
  const T *values_;
};

llvm::Error eie::runtime::multiplyFloat(const PackedMatrix &m, const float *x,
                                        const float *bias, float *y, bool relu,
                                        const KernelOptions &options) {
  const KernelSet &k = kernelsFor(m.variant());
  const KernelCodebook<float> kernelCodebook(m.getCodebook().values);
  const float *codebook = kernelCodebook.data();
  auto init = [&](size_t row) { return bias ? bias[row] : 0.0f; };
  auto finish = [&](size_t row, float v) {
    y[row] = relu ? std::max(v, 0.0f) : v;
  };
  // Each thread finds the non-zero activations itself: a serial pass before
  // the threads start would cost 5-10% of two threads' time on small layers.
  auto walkColumns = [&](const SliceOutput<float> *outputs, unsigned n) {
    ActivationList<float> act =
        nonZeroActivations(x, m.numCols(), k.compactFloat);
    k.sliceFloat(outputs, n, m.entryKind(), codebook, act.data(), act.size);
  };
  if (m.getLayout() == Layout::Columns) {
    runSlices<float>(m, options, walkColumns, init, finish);
    return llvm::Error::success();
  }
  const PanelKernels &pk = panelKernelsFor(m.variant().isa);
  runSlices<float>(
      m, options,
      [&](const SliceOutput<float> *outputs, unsigned n) {
        PanelActivations<float> xp(m, x);
        for (unsigned i = 0; i < n; ++i)
          pk.panelFloat(outputs[i].slice->panelEntries.data(),
                        panelBlocks(m, *outputs[i].slice), m.numPanels(),
                        m.panelShape(), codebook, xp.data(), outputs[i].acc);
        if (hasColumnEntries(outputs, n))
          walkColumns(outputs, n);
      },
      init, finish);
  return llvm::Error::success();
}

/// The largest magnitude of the codebook's Q(fw) values.
static uint32_t maxAbsCode(const PackedMatrix &m) {
  uint32_t most = 0;
  for (int16_t c : m.getCodebook().fixedValues)
    most = std::max<uint32_t>(most, std::abs(int32_t(c)));
  return most;
}

/// Fixed mode, Columns walk: the non-zero activations in overflow-free runs
/// accumulated in int32 and widened, or in int64 when the runs are short or
/// the walk is scalar.
static void walkColumnsFixed(const KernelSet &k, const PackedMatrix &m,
                             const int16_t *codebook, const int16_t *x,
                             const SliceOutput<int64_t> *outputs, unsigned n) {
  ActivationList<int16_t> act =
      nonZeroActivations(x, m.numCols(), k.compactFixed);
  if (!k.sliceFixedNarrow) {
    k.sliceFixed(outputs, n, m.entryKind(), codebook, act.data(), act.size);
    return;
  }
  std::vector<size_t> runEnds = overflowFreeRuns(act, maxAbsCode(m));
  if (runEnds.size() * kMinNarrowRun > act.size) {
    k.sliceFixed(outputs, n, m.entryKind(), codebook, act.data(), act.size);
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
}

/// Panels, fixed mode: how many pairs of steps of products an int32 sum
/// takes without overflow; 0 when one pair may overflow (|product| <= 2^30,
/// with equality only for -2^15 * -2^15).
static unsigned panelPairsPerWiden(const PackedMatrix &m, const int16_t *x) {
  uint32_t maxAbsX = 0;
  for (uint32_t j = 0; j < m.numCols(); ++j)
    maxAbsX = std::max<uint32_t>(maxAbsX, std::abs(int32_t(x[j])));
  uint64_t pair = 2 * uint64_t(maxAbsX) * maxAbsCode(m);
  return pair == 0 ? UINT_MAX
                   : unsigned(std::min<uint64_t>(UINT_MAX, INT32_MAX / pair));
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
  const KernelSet &k = kernelsFor(m.variant());
  const KernelCodebook<int16_t> kernelCodebook(m.getCodebook().fixedValues);
  const int16_t *codebook = kernelCodebook.data();
  const int shift = p.shift();
  auto init = [&](size_t row) {
    return bias ? format::biasToAccumulator(bias[row], p) : 0;
  };
  auto finish = [&](size_t row, int64_t acc) {
    y[row] = format::writeBack(acc, shift, relu);
  };
  if (m.getLayout() == Layout::Columns) {
    runSlices<int64_t>(
        m, options,
        [&](const SliceOutput<int64_t> *outputs, unsigned n) {
          // Per thread, as in multiplyFloat.
          walkColumnsFixed(k, m, codebook, x, outputs, n);
        },
        init, finish);
    return llvm::Error::success();
  }
  const unsigned pairsPerWiden = panelPairsPerWiden(m, x);
  const PanelFixedFn panelFixed =
      pairsPerWiden ? panelKernelsFor(m.variant().isa).panelFixed
                    : portable::panelFixedExact;
  runSlices<int64_t>(
      m, options,
      [&](const SliceOutput<int64_t> *outputs, unsigned n) {
        PanelActivations<int16_t> xp(m, x);
        for (unsigned i = 0; i < n; ++i)
          panelFixed(outputs[i].slice->panelEntries.data(),
                     panelBlocks(m, *outputs[i].slice), m.numPanels(),
                     m.panelShape(), codebook, xp.data(), pairsPerWiden,
                     outputs[i].acc);
        if (hasColumnEntries(outputs, n))
          walkColumnsFixed(k, m, codebook, x, outputs, n);
      },
      init, finish);
  return llvm::Error::success();
}
