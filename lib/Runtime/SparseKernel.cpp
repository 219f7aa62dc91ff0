//===- SparseKernel.cpp - Compressed sparse layer on x86 ------------------===//

#include "eie/Runtime/SparseKernel.h"
#include "KernelImpl.h"
#include "WorkerPool.h"

#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <climits>
#include <cstdlib>
#include <memory>
#include <numeric>
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

static unsigned threadCount(const PackedMatrix &m, const KernelOptions &o) {
  return std::clamp(o.numThreads, 1u, m.numSlices());
}

/// One slice's accumulators for one call, zeroed, 64-byte aligned: threads
/// that work on different chunks of a slice never write one cache line.
template <typename Acc> class SliceAccumulators {
public:
  explicit SliceAccumulators(size_t n) : storage(n + 64 / sizeof(Acc)) {
    void *p = storage.data();
    size_t space = storage.size() * sizeof(Acc);
    values = static_cast<Acc *>(std::align(64, n * sizeof(Acc), p, space));
  }
  Acc *data() const { return values; }

private:
  std::vector<Acc> storage;
  Acc *values;
};

/// A thread's walker of Columns entries: the non-zero activations are found
/// on its first walk and kept for its others (each thread finds them itself:
/// a serial pass before the threads start cost 5-10% of two threads' time
/// on small layers).
template <typename T, typename Walk> class ColumnWalker {
public:
  ColumnWalker(const T *x, uint32_t n,
               size_t (*compact)(const T *, uint32_t, Activation<T> *),
               Walk walk)
      : x(x), n(n), compact(compact), walk(walk) {}
  template <typename Acc>
  void operator()(const SliceOutput<Acc> *outputs, unsigned numOutputs) {
    if (!found) {
      act = nonZeroActivations(x, n, compact);
      found = true;
    }
    walk(act, outputs, numOutputs);
  }

private:
  const T *x;
  uint32_t n;
  size_t (*compact)(const T *, uint32_t, Activation<T> *);
  Walk walk;
  ActivationList<T> act;
  bool found = false;
};

/// Calls fn(globalRow, localRow, count) for slice s's local rows [begin,
/// end) in runs of consecutive global rows (whole SliceMap blocks, or all of
/// them with one slice): the drivers' per-row loops then need no index
/// mapping and vectorize (mapping each row took a fifth of a tall layer's
/// time, NT-Wd's 8791 rows).
template <typename Fn>
static void forEachRowRun(SliceMap map, unsigned s, uint32_t begin,
                          uint32_t end, Fn fn) {
  if (map.numSlices == 1) {
    if (begin < end)
      fn(uint64_t(begin), begin, end - begin);
    return;
  }
  for (uint32_t l = begin; l < end;) {
    uint32_t n =
        std::min<uint32_t>(end, (l / SliceMap::kBlock + 1) * SliceMap::kBlock) -
        l;
    fn(map.globalRow(s, l), l, n);
    l += n;
  }
}

/// The Columns-layout driver. init(row, acc, n) sets the accumulators of
/// global rows [row, row + n); the walker (makeWalker(), one per thread) adds
/// the entries; finish(row, acc, walked, n) takes the results of those rows
/// (plus walked's, when not null). One thread walks all slices together
/// (one pass over the active columns); several claim slices one by one, so
/// that a thread that starts late (on a machine busy with other work) leaves
/// the slices to the others.
template <typename Acc, typename MakeWalker, typename Init, typename Finish>
static void runColumns(const PackedMatrix &m, const KernelOptions &o,
                       MakeWalker makeWalker, Init init, Finish finish) {
  const SliceMap map = m.sliceMap();
  const unsigned threads = threadCount(m, o);
  auto walkSlices = [&](auto &walker, llvm::ArrayRef<unsigned> ids) {
    std::vector<SliceAccumulators<Acc>> acc;
    std::vector<SliceOutput<Acc>> outputs;
    for (unsigned s : ids) {
      const PackedMatrix::Slice &slice = m.slice(s);
      Acc *a = acc.emplace_back(slice.numRows).data();
      forEachRowRun(map, s, 0, slice.numRows,
                    [&](uint64_t row, uint32_t l, uint32_t n) {
                      init(row, a + l, n);
                    });
      outputs.push_back({&slice, a});
    }
    walker(outputs.data(), unsigned(outputs.size()));
    for (size_t i = 0; i < ids.size(); ++i) {
      const Acc *a = outputs[i].acc;
      forEachRowRun(map, ids[i], 0, outputs[i].slice->numRows,
                    [&](uint64_t row, uint32_t l, uint32_t n) {
                      finish(row, a + l, nullptr, n);
                    });
    }
  };
  if (threads == 1) {
    auto walker = makeWalker();
    std::vector<unsigned> all(map.numSlices);
    std::iota(all.begin(), all.end(), 0u);
    walkSlices(walker, all);
    return;
  }
  std::atomic<unsigned> next{0};
  WorkerPool::get().runHelped(threads, [&](unsigned) {
    auto walker = makeWalker();
    for (unsigned s;
         (s = next.fetch_add(1, std::memory_order_relaxed)) < map.numSlices;)
      walkSlices(walker, {s});
  });
}

/// Panels blocks of a slice.
static uint32_t panelBlocks(const PackedMatrix &m,
                            const PackedMatrix::Slice &s) {
  return static_cast<uint32_t>(
      llvm::divideCeil(s.numRows, m.panelShape().lanes));
}

/// Panels: where block b's entries start in its slice's panelEntries.
static size_t panelEntryOffset(const PackedMatrix &m, uint32_t b) {
  const PanelShape &shape = m.panelShape();
  return size_t(b) * m.numPanels() * shape.steps * shape.lanes;
}

/// The Panels-layout driver. The work is cut into items that threads claim
/// one by one: each slice's walk of its Columns entries (into accumulators
/// of its own, from 0) and chunks of each slice's blocks (accumulators from
/// init, as runColumns'); whoever completes a slice's last item hands its
/// rows to finish (the panels' sums and the walk's). Items are a few per thread, whole cache
/// lines of accumulators, so that threads never write the same line and one
/// that starts late or runs slowly (a machine busy with other work) leaves
/// its share to the others. panel(slice, firstBlock, numBlocks, acc) adds
/// those blocks' products into acc (the first block's accumulators).
template <typename Acc, typename Panel, typename MakeWalker, typename Init,
          typename Finish>
static void runPanels(const PackedMatrix &m, const KernelOptions &o,
                      Panel panel, MakeWalker makeWalker, Init init,
                      Finish finish) {
  const SliceMap map = m.sliceMap();
  const unsigned numSlices = map.numSlices, lanes = m.panelShape().lanes;
  const unsigned threads = threadCount(m, o);
  struct SliceWork {
    uint32_t blocks = 0;
    bool walks = false;
    std::atomic<uint32_t> left{0}; ///< items not yet done
  };
  std::unique_ptr<SliceWork[]> work(new SliceWork[numSlices]);
  std::vector<SliceAccumulators<Acc>> acc, walked;
  uint64_t totalBlocks = 0;
  uint32_t mostBlocks = 1;
  for (unsigned s = 0; s < numSlices; ++s) {
    const PackedMatrix::Slice &slice = m.slice(s);
    work[s].blocks = panelBlocks(m, slice);
    work[s].walks = slice.colPtr.back() != 0;
    acc.emplace_back(size_t(work[s].blocks) * lanes);
    walked.emplace_back(work[s].walks ? slice.numRows : 0);
    totalBlocks += work[s].blocks;
    mostBlocks = std::max(mostBlocks, work[s].blocks);
  }
  // About eight chunks per thread, of a multiple of 8 blocks (whole 64-byte
  // lines of float or int64 accumulators for 8 or 16 lanes).
  const uint32_t chunkBlocks =
      threads == 1
          ? mostBlocks
          : std::max<uint32_t>(
                8, uint32_t(llvm::alignTo(
                       llvm::divideCeil(totalBlocks, 8 * threads), 8)));
  constexpr uint32_t kWalk = UINT32_MAX; // an item's firstBlock for the walk
  struct Item {
    unsigned slice;
    uint32_t firstBlock;
  };
  std::vector<Item> items;
  // The walks first: they are the longest items.
  for (unsigned s = 0; s < numSlices; ++s)
    if (work[s].walks) {
      items.push_back({s, kWalk});
      ++work[s].left;
    }
  for (unsigned s = 0; s < numSlices; ++s)
    for (uint32_t b = 0; b < work[s].blocks; b += chunkBlocks) {
      items.push_back({s, b});
      ++work[s].left;
    }

  auto finishSlice = [&](unsigned s) {
    const Acc *a = acc[s].data();
    const Acc *w = work[s].walks ? walked[s].data() : nullptr;
    forEachRowRun(map, s, 0, m.slice(s).numRows,
                  [&](uint64_t row, uint32_t l, uint32_t n) {
                    finish(row, a + l, w ? w + l : nullptr, n);
                  });
  };
  std::atomic<size_t> next{0};
  auto worker = [&](unsigned) {
    auto walker = makeWalker();
    for (size_t i;
         (i = next.fetch_add(1, std::memory_order_relaxed)) < items.size();) {
      const unsigned s = items[i].slice;
      const PackedMatrix::Slice &slice = m.slice(s);
      if (items[i].firstBlock == kWalk) {
        SliceOutput<Acc> out{&slice, walked[s].data()};
        walker(&out, 1);
      } else {
        uint32_t first = items[i].firstBlock;
        uint32_t n = std::min(chunkBlocks, work[s].blocks - first);
        Acc *a = acc[s].data() + size_t(first) * lanes;
        const uint32_t begin = first * lanes, end = (first + n) * lanes,
                       rows = std::min(end, slice.numRows);
        forEachRowRun(map, s, begin, rows,
                      [&](uint64_t row, uint32_t l, uint32_t count) {
                        init(row, a + (l - begin), count);
                      });
        std::fill(a + (rows - begin), a + (end - begin), Acc(0));
        panel(slice, first, n, a);
      }
      // Release this item's sums; the last one to finish the slice
      // acquires all of them.
      if (work[s].left.fetch_sub(1, std::memory_order_acq_rel) == 1)
        finishSlice(s);
    }
  };
  if (threads == 1)
    worker(0);
  else
    WorkerPool::get().runHelped(threads, worker);
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

/// A codebook's values as the kernels read them: the 4-bit kernels read 16
/// values and the 8-bit (WideCode) ones 256, so smaller codebooks are padded
/// with zeros (ASan found the WideCode kernel reading past a 32-value one).
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
  std::array<T, 256> padded{};
  const T *values_;
};

llvm::Error eie::runtime::multiplyFloat(const PackedMatrix &m, const float *x,
                                        const float *bias, float *y, bool relu,
                                        const KernelOptions &options) {
  const KernelSet &k = kernelsFor(m.variant());
  const KernelCodebook<float> kernelCodebook(m.getCodebook().values);
  const float *codebook = kernelCodebook.data();
  auto init = [bias](uint64_t row, float *a, uint32_t n) {
    if (bias)
      std::copy(bias + row, bias + row + n, a);
    else
      std::fill(a, a + n, 0.0f);
  };
  auto finish = [y, relu](uint64_t row, const float *a, const float *w,
                          uint32_t n) {
    float *out = y + row;
    for (uint32_t i = 0; i < n; ++i) {
      float v = w ? a[i] + w[i] : a[i];
      out[i] = relu ? std::max(v, 0.0f) : v;
    }
  };
  auto makeWalker = [&] {
    return ColumnWalker(x, m.numCols(), k.compactFloat,
                        [&](const ActivationList<float> &act,
                            const SliceOutput<float> *outputs, unsigned n) {
                          k.sliceFloat(outputs, n, m.entryKind(), codebook,
                                       act.data(), act.size);
                        });
  };
  if (m.getLayout() == Layout::Columns) {
    runColumns<float>(m, options, makeWalker, init, finish);
    return llvm::Error::success();
  }
  const PanelKernels &pk = panelKernelsFor(m.variant().isa);
  const PanelActivations<float> xp(m, x);
  runPanels<float>(
      m, options,
      [&](const PackedMatrix::Slice &slice, uint32_t first, uint32_t n,
          float *acc) {
        pk.panelFloat(slice.panelEntries.data() + panelEntryOffset(m, first), n,
                      m.numPanels(), m.panelShape(), codebook, xp.data(), acc);
      },
      makeWalker, init, finish);
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
                             const int16_t *codebook,
                             const ActivationList<int16_t> &act,
                             const SliceOutput<int64_t> *outputs, unsigned n) {
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
  auto init = [bias, &p](uint64_t row, int64_t *a, uint32_t n) {
    for (uint32_t i = 0; i < n; ++i)
      a[i] = bias ? format::biasToAccumulator(bias[row + i], p) : 0;
  };
  auto finish = [&k, y, shift, relu](uint64_t row, const int64_t *a,
                                     const int64_t *w, uint32_t n) {
    k.writeBack(a, w, n, shift, relu, y + row);
  };
  auto makeWalker = [&] {
    return ColumnWalker(x, m.numCols(), k.compactFixed,
                        [&](const ActivationList<int16_t> &act,
                            const SliceOutput<int64_t> *outputs, unsigned n) {
                          walkColumnsFixed(k, m, codebook, act, outputs, n);
                        });
  };
  if (m.getLayout() == Layout::Columns) {
    runColumns<int64_t>(m, options, makeWalker, init, finish);
    return llvm::Error::success();
  }
  const unsigned pairsPerWiden = panelPairsPerWiden(m, x);
  const PanelFixedFn panelFixed =
      pairsPerWiden ? panelKernelsFor(m.variant().isa).panelFixed
                    : portable::panelFixedExact;
  const PanelActivations<int16_t> xp(m, x);
  runPanels<int64_t>(
      m, options,
      [&](const PackedMatrix::Slice &slice, uint32_t first, uint32_t n,
          int64_t *acc) {
        panelFixed(slice.panelEntries.data() + panelEntryOffset(m, first), n,
                   m.numPanels(), m.panelShape(), codebook, xp.data(),
                   pairsPerWiden, acc);
      },
      makeWalker, init, finish);
  return llvm::Error::success();
}
