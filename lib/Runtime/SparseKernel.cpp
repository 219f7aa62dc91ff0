//===- SparseKernel.cpp - Compressed sparse layer on x86 ------------------===//

#include "eie/Runtime/SparseKernel.h"
#include "KernelImpl.h"
#include "WorkerPool.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <vector>

using namespace eie;
using namespace eie::runtime;
using namespace eie::runtime::detail;

/// The non-zero activations in column order, in the thread's storage for
/// them, kept from call to call.
template <typename T> struct ActivationList {
  Activation<T> *entries = nullptr;
  size_t size = 0;
  const Activation<T> *data() const { return entries; }
  void reserve(size_t n) {
    thread_local std::vector<Activation<T>> storage;
    if (storage.size() < n)
      storage.resize(n);
    entries = storage.data();
  }
};

/// Compacts the non-zero activations of x[begin, end) into list, which has
/// room for end - begin entries.
template <typename T>
static void findNonZeroActivations(const T *x, uint32_t begin, uint32_t end,
                                   size_t (*compact)(const T *, uint32_t,
                                                     Activation<T> *),
                                   ActivationList<T> &list) {
  list.size = compact(x + begin, end - begin, list.entries);
  if (begin != 0)
    for (size_t a = 0; a < list.size; ++a)
      list.entries[a].col += begin;
}

/// Ends of the runs of activations (in order) whose int32 partial sums
/// cannot overflow: a column adds at most |a_j| * maxAbsCode to any row, so
/// a run whose sum of those bounds stays within INT32_MAX is exact in int32.
/// A single column always fits (|a_j| * maxAbsCode <= 2^30).
static std::vector<size_t> overflowFreeRuns(const Activation<int16_t> *act,
                                            size_t numAct,
                                            uint32_t maxAbsCode) {
  std::vector<size_t> ends;
  uint64_t bound = 0;
  for (size_t a = 0; a < numAct; ++a) {
    uint64_t column = uint64_t(std::abs(int32_t(act[a].value))) * maxAbsCode;
    if (bound + column > uint64_t(INT32_MAX)) {
      ends.push_back(a);
      bound = 0;
    }
    bound += column;
  }
  ends.push_back(numAct);
  return ends;
}

/// Narrow (int32) accumulation pays a widening pass over the slice's rows
/// per run; it wins when runs average at least this many columns.
constexpr size_t kMinNarrowRun = 8;

static_assert(kMaxSlices <= WorkerPool::kMaxThreads);

static unsigned threadCount(const PackedMatrix &m, const KernelOptions &o) {
  return std::clamp(o.numThreads, 1u, m.maxThreads());
}

/// Room for n values of T in storage (grown if needed), and
/// kAccumulatorTail bytes after them, on 4 KiB pages of their own. The
/// hardware prefetchers stay within a page: storage that shared a page with
/// memory another thread writes had its lines taken by that thread's
/// prefetches. Two threads ran VGG-7's 32 x 2 panels 7% slower (0.76 against
/// 0.82 of the best split, Zen 5 VM) when one call's walk sums followed the
/// helper's accumulators in the heap.
template <typename T>
static T *ownPagesIn(CacheLineVector<uint8_t> &storage, size_t n) {
  constexpr size_t kPage = 4096;
  const size_t bytes = llvm::alignTo(n * sizeof(T) + kAccumulatorTail, kPage);
  // The storage starts on a cache line: a page more leaves room to align.
  if (storage.size() < bytes + kPage)
    storage.resize(bytes + kPage);
  return reinterpret_cast<T *>(
      llvm::alignTo(reinterpret_cast<uintptr_t>(storage.data()), kPage));
}

/// The calling thread's scratch memory for its calls' accumulators (one
/// block per slice, or per range and slice), kept from call to call and
/// grown when a call needs more. Each block has pages of its own
/// (ownPagesIn): threads that work on different chunks of a slice never
/// write one line, nor prefetch the other's. Not
/// initialized: the thread that works on a part sets it, so its lines stay
/// in that thread's cache (zeroed by the calling thread, every line moved
/// between the cores at the helper's first write).
class CallScratch {
public:
  /// Starts a call: its blocks are handed out from the first again.
  static CallScratch &begin() {
    thread_local CallScratch scratch;
    scratch.next = 0;
    return scratch;
  }
  /// Block `next`, with room for n values of T from a 64-byte boundary.
  template <typename T> T *take(size_t n) {
    if (next == blocks.size())
      blocks.emplace_back();
    return ownPagesIn<T>(blocks[next++], n);
  }

private:
  std::vector<CacheLineVector<uint8_t>> blocks;
  size_t next = 0;
};

/// A thread's walker of Columns entries. Each thread finds the non-zero
/// activations itself (a serial pass before the threads start cost 5-10%
/// of two threads' time on small layers): those of all columns once, on its
/// first walk of them all (Panels), or those of each range of columns it
/// walks (Columns threads, which share the columns out).
template <typename T, typename Walk> class ColumnWalker {
public:
  ColumnWalker(const T *x, uint32_t n,
               size_t (*compact)(const T *, uint32_t, Activation<T> *),
               Walk walk)
      : x(x), n(n), compact(compact), walk(walk) {}
  /// Walks the active columns in [colBegin, colEnd) of the outputs' slices.
  template <typename Acc>
  void operator()(const SliceOutput<Acc> *outputs, unsigned numOutputs,
                  uint32_t colBegin = 0, uint32_t colEnd = UINT32_MAX) {
    colEnd = std::min(colEnd, n);
    if (!act.entries)
      act.reserve(n);
    const bool all = colBegin == 0 && colEnd == n;
    if (!all || !foundAll)
      findNonZeroActivations(x, colBegin, colEnd, compact, act);
    foundAll = all;
    walk(act.data(), act.size, outputs, numOutputs);
  }

private:
  const T *x;
  uint32_t n;
  size_t (*compact)(const T *, uint32_t, Activation<T> *);
  Walk walk;
  ActivationList<T> act;
  bool foundAll = false; ///< act holds every column's
};
template <typename T, typename Walk>
ColumnWalker(const T *, uint32_t,
             size_t (*)(const T *, uint32_t, Activation<T> *), Walk)
    -> ColumnWalker<T, Walk>;

/// Calls fn(globalRow, localRow, count) for slice s's local rows [begin,
/// end) in runs of consecutive global rows (within SliceMap blocks, or all
/// of them with one slice): the drivers' per-row loops then need no index
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
    uint32_t n = std::min<uint32_t>(end, (l / map.block + 1) * map.block) - l;
    fn(map.globalRow(s, l), l, n);
    l += n;
  }
}

/// The Columns-layout driver. init(row, acc, n) sets the accumulators of
/// global rows [row, row + n); the walker (makeWalker(), one per thread) adds
/// the entries; finish(row, acc, walked, n) takes the results of those rows
/// (plus walked's, when not null). Threads cut the walk by columns, not by
/// rows: ranges of columns, each walked over every slice into accumulators
/// of its own, which are added in range order at the end. Cut by rows,
/// every thread walked every active column, and the per-column work
/// (finding the column, its prefetch, the premultiplied codebook) held two
/// threads on VGG-6 to 1.2x one. The cut depends on the packing only (the
/// threads it is packed for), so every thread count gives the same sums.
template <typename Acc, typename MakeWalker, typename Init, typename Finish>
static void runColumns(const PackedMatrix &m, const KernelOptions &o,
                       MakeWalker makeWalker, Init init, Finish finish) {
  const SliceMap map = m.sliceMap();
  const unsigned numSlices = map.numSlices, threads = threadCount(m, o);
  // Four ranges per thread packed for, claimed one by one, so that a thread
  // that runs slower (a vCPU shared with other work took a third longer on
  // its half) leaves part of its share to the others; they shrink (the
  // first T take half the columns, the next T a quarter, the last 2T the
  // last quarter), so the last ones claimed are short and the threads
  // finish together. Each range has accumulators of its own, summed at the end:
  // more ranges would cost more than they balance.
  const unsigned packedFor = m.maxThreads();
  const unsigned ranges = packedFor == 1 ? 1 : 4 * packedFor;
  llvm::SmallVector<uint32_t, 17> rangeStart(ranges + 1, m.numCols());
  for (unsigned r = 0, eighths = 0; r < ranges; ++r) {
    rangeStart[r] = uint32_t(uint64_t(m.numCols()) * eighths / (8 * packedFor));
    eighths += r < packedFor ? 4 : r < 2 * packedFor ? 2 : 1;
  }
  // acc[r * numSlices + s]: range r's sums of slice s; range 0's start from
  // init, the others from 0.
  CallScratch &scratch = CallScratch::begin();
  llvm::SmallVector<Acc *, 16> acc;
  for (unsigned r = 0; r < ranges; ++r)
    for (unsigned s = 0; s < numSlices; ++s)
      acc.push_back(scratch.take<Acc>(m.slice(s).numRows));
  std::atomic<unsigned> next{0};
  auto worker = [&](unsigned) {
    auto walker = makeWalker();
    for (unsigned r;
         (r = next.fetch_add(1, std::memory_order_relaxed)) < ranges;) {
      llvm::SmallVector<SliceOutput<Acc>, 4> outputs;
      for (unsigned s = 0; s < numSlices; ++s) {
        Acc *a = acc[r * numSlices + s];
        const uint32_t rows = m.slice(s).numRows;
        if (r == 0)
          forEachRowRun(map, s, 0, rows,
                        [&](uint64_t row, uint32_t l, uint32_t n) {
                          init(row, a + l, n);
                        });
        else
          std::fill(a, a + rows, Acc(0));
        outputs.push_back({&m.slice(s), a});
      }
      walker(outputs.data(), numSlices, rangeStart[r], rangeStart[r + 1]);
    }
  };
  if (threads == 1)
    worker(0);
  else
    WorkerPool::get().runHelped(threads, worker);
  for (unsigned s = 0; s < numSlices; ++s) {
    Acc *a = acc[s];
    for (unsigned r = 1; r < ranges; ++r) {
      const Acc *b = acc[r * numSlices + s];
      for (uint32_t l = 0, n = m.slice(s).numRows; l < n; ++l)
        a[l] += b[l];
    }
    forEachRowRun(map, s, 0, m.slice(s).numRows,
                  [&](uint64_t row, uint32_t l, uint32_t n) {
                    finish(row, a + l, nullptr, n);
                  });
  }
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

/// The Panels-layout driver. Threads first claim the walks of the leftover
/// slices (in groups, into accumulators of their own, from 0; on one thread
/// with one row slice, into the panels' own), then chunks
/// of the row slices' blocks (accumulators from init, as runColumns'): each
/// thread those of its own slices (s % threads == its index) from the
/// front, so that a slice's entries are read by the same thread call after
/// call and stay in its L2 (claimed from one shared list, they moved between
/// the cores' caches, and two threads did 45% more panel work than one on
/// VGG-7), then the others' from the back. A chunk is half of the slice's
/// unclaimed blocks, at least kGranule: the last chunks claimed are small,
/// so the threads finish together, and a thread that starts late or runs
/// slowly (a machine busy with other work) leaves its share to the others.
/// Sized from the unclaimed blocks when claimed, not cut in advance: cut in
/// advance (a quarter of what was left, the largest first), a thread that
/// stole a slice's smaller chunks from the back was left to steal a large
/// one last, and the threads of a 75 us call of Alex-7 finished 6-8 us
/// apart. A call on as many threads as slices starts from where the last
/// one's threads met in each slice (Slice::ownerShare): the owner's first
/// chunk ends a margin before that point and the others' first chunk starts
/// a margin after it, so that each thread reads about the blocks it read in
/// the last call, in one chunk, and only the margins are shared out in
/// halves. Every chunk costs a claim (a line the other thread may hold),
/// the start of a stream of entries and a write-out (the small chunks where
/// the threads meet ran at 130-350 ns a block, against 110-120 in large
/// ones): with quarters and no meeting point, two threads kept 0.84-0.87 of
/// the best split of the work between the two CPUs, with both 0.87-0.94
/// (VGG-7's 32 x 2 and Alex-7's 32 x 4 panels, Zen 5 VM). The thread that
/// worked on a chunk hands its rows to finish (the panels' sums and the
/// walks'), right after the chunk once every walk is done, else after the
/// first chunk it starts once they are (having fetched their walks' sums
/// first), or at its end.
/// Written out a whole slice at a time by whoever finished its last item,
/// the last slice's rows were on the critical path (2048 rows of VGG-7:
/// 2.5-4.7 us of a 45 us call on two threads); written out by whoever
/// completed a chunk's last item, the walker wrote out the chunks finished
/// during its walk, taking their sums from the other core's cache, and two
/// threads ran VGG-7 1.5-2% slower than now. panel(slice, firstBlock,
/// numBlocks, acc) adds those blocks' products into acc (the first block's
/// accumulators).
template <typename Acc, typename Panel, typename MakeWalker, typename Init,
          typename Finish>
static void runPanels(const PackedMatrix &m, const KernelOptions &o,
                      Panel panel, MakeWalker makeWalker, Init init,
                      Finish finish) {
  // Chunks are whole granules of blocks (but a slice's last): whole 64-byte
  // lines of float or int64 accumulators for 8 or 16 lanes, so that threads
  // never write the same line.
  constexpr uint32_t kGranule = 4;
  const SliceMap map = m.sliceMap(), leftoverMap = m.leftoverMap();
  const unsigned numSlices = map.numSlices, lanes = m.panelShape().lanes;
  const unsigned threads = threadCount(m, o);
  CallScratch &scratch = CallScratch::begin();
  // The call's small arrays on the stack: allocated on the heap, they took
  // 15-30 ns of every call (a 64 x 64 layer's 0.19 us, Zen 5).
  llvm::SmallVector<Acc *, 8> acc, walked;
  llvm::SmallVector<uint32_t, 8> blocks; // per slice
  for (unsigned s = 0; s < numSlices; ++s) {
    blocks.push_back(panelBlocks(m, m.slice(s)));
    acc.push_back(scratch.take<Acc>(size_t(blocks[s]) * lanes));
  }
  // Sets slice s's accumulators of local rows [begin, stop), whole blocks
  // (a: row begin's), from init, and those past the slice's last row to 0.
  auto initRows = [&](unsigned s, uint32_t begin, uint32_t stop, Acc *a) {
    const uint32_t rows = std::min(stop, m.slice(s).numRows);
    forEachRowRun(map, s, begin, rows,
                  [&](uint64_t row, uint32_t l, uint32_t count) {
                    init(row, a + (l - begin), count);
                  });
    std::fill(a + (rows - begin), a + (stop - begin), Acc(0));
  };
  // One row slice (so one thread): the slice's local rows are the matrix's,
  // so the walks add straight into the panels' accumulators, set from init
  // first, and no second set is zeroed and read back: 1-3% of a call, in
  // float as in fixed mode (NT-Wd's, NT-LSTM's and VGG-7's shapes, Zen 5).
  const bool walkIntoAcc = numSlices == 1;
  if (walkIntoAcc)
    initRows(0, 0, blocks[0] * lanes, acc[0]);
  // One walk of several leftover slices is one pass over the active
  // columns: walking each on its own repeats the per-column work (finding
  // the column, its prefetch, the premultiplied codebook). So they are
  // walked in as few groups as keep a group within a thread's share of the
  // work, taking a walked entry for kWalkedEntrySlots panel slots (a scalar
  // read-modify-write against a sixteenth of a vector step) and every
  // column as active.
  uint32_t walks = 0;
  if (m.hasLeftover() && walkIntoAcc) {
    walks = 1;
    for (unsigned s = 0; s < leftoverMap.numSlices; ++s)
      walked.push_back(acc[0] + leftoverMap.globalRow(s, 0));
  } else if (m.hasLeftover()) {
    constexpr uint64_t kWalkedEntrySlots = 8;
    uint64_t walkedEntries = 0, slots = 0;
    for (unsigned s = 0; s < leftoverMap.numSlices; ++s) {
      walked.push_back(scratch.take<Acc>(m.leftoverSlice(s).numRows));
      walkedEntries += m.leftoverSlice(s).colPtr.back();
    }
    for (unsigned s = 0; s < numSlices; ++s)
      slots += m.slice(s).panelEntries.size();
    walks = uint32_t(std::clamp<uint64_t>(
        llvm::divideCeil(walkedEntries * kWalkedEntrySlots * threads,
                         std::max<uint64_t>(slots, 1)),
        1, leftoverMap.numSlices));
  }
  std::atomic<uint32_t> nextWalk{0}, walksDone{0};
  // Slice s's unclaimed blocks [front, back): front in the low half.
  std::array<std::atomic<uint64_t>, kMaxSlices> unclaimed;
  for (unsigned s = 0; s < numSlices; ++s)
    unclaimed[s].store(uint64_t(blocks[s]) << 32, std::memory_order_relaxed);
  // Slice s's owner claims [0, ownerUntil[s]) as its first chunk, the
  // others [othersFrom[s], blocks[s]) as theirs, from where the last call's
  // threads met (each thread then owns one slice). Only the owner claims
  // from the front, so where the front ends is where this call's threads
  // met.
  const bool meetingPoints = threads > 1 && threads == numSlices;
  llvm::SmallVector<uint32_t, 8> ownerUntil(numSlices, 0),
      othersFrom(numSlices, UINT32_MAX);
  if (meetingPoints)
    for (unsigned s = 0; s < numSlices; ++s) {
      const uint32_t hint = m.slice(s).ownerShare.load();
      if (hint == PackedMatrix::Slice::kNoOwnerShare)
        continue;
      const uint32_t met = std::min(hint, blocks[s]);
      const uint32_t margin =
          std::max(kGranule, uint32_t(llvm::alignTo(blocks[s] / 8, kGranule)));
      ownerUntil[s] =
          uint32_t(llvm::alignDown(met - std::min(met, margin), kGranule));
      othersFrom[s] = uint32_t(llvm::alignTo(uint64_t(met) + margin, kGranule));
    }

  // Claims a chunk of slice s's unclaimed blocks, from the front or the
  // back; false when none is left.
  auto claim = [&](unsigned s, bool fromFront, uint32_t &first, uint32_t &end) {
    uint64_t word = unclaimed[s].load(std::memory_order_relaxed);
    while (true) {
      uint32_t front = uint32_t(word), back = uint32_t(word >> 32);
      if (front >= back)
        return false;
      uint32_t n =
          threads == 1
              ? back - front
              : std::max(kGranule,
                         uint32_t(llvm::alignTo(
                             llvm::divideCeil(back - front, 2), kGranule)));
      if (fromFront && front < ownerUntil[s])
        n = ownerUntil[s] - front;
      else if (!fromFront && front < othersFrom[s] && othersFrom[s] < back)
        n = back - othersFrom[s];
      if (fromFront) {
        first = front;
        end = std::min(back, front + n);
        front = end;
      } else {
        // front is a whole number of granules, so this stays within it.
        end = back;
        first = back - front <= n
                    ? front
                    : uint32_t(llvm::alignDown(back - n, kGranule));
        back = first;
      }
      if (unclaimed[s].compare_exchange_weak(word, uint64_t(back) << 32 | front,
                                             std::memory_order_relaxed))
        return true;
    }
  };

  // Calls fn(row, a, w, n) for slice s's blocks [first, end) in runs of n
  // rows consecutive in both maps (the row map's runs, cut where the
  // leftover map's blocks end): row global, a and w the panels' and the
  // walks' sums of those rows (w null when the walks add into a).
  auto forEachRun = [&](unsigned s, uint32_t first, uint32_t end, auto fn) {
    const Acc *a = acc[s];
    forEachRowRun(
        map, s, first * lanes, std::min(end * lanes, m.slice(s).numRows),
        [&](uint64_t row, uint32_t l, uint32_t n) {
          if (walked.empty() || walkIntoAcc) {
            fn(row, a + l, nullptr, n);
            return;
          }
          for (uint32_t i = 0; i < n;) {
            uint64_t r = row + i;
            uint32_t k = std::min<uint32_t>(
                n - i, leftoverMap.block - uint32_t(r % leftoverMap.block));
            fn(r, a + l + i,
               walked[leftoverMap.sliceOf(uint32_t(r))] +
                   leftoverMap.localRow(uint32_t(r)),
               k);
            i += k;
          }
        });
  };
  auto finishBlocks = [&](unsigned s, uint32_t first, uint32_t end) {
    forEachRun(s, first, end, finish);
  };
  // Fetches the walks' sums of slice s's blocks [first, end), which sit in
  // the cache of the thread that walked.
  auto prefetchWalked = [&](unsigned s, uint32_t first, uint32_t end) {
    forEachRun(s, first, end,
               [](uint64_t, const Acc *, const Acc *w, uint32_t n) {
                 if (!w)
                   return;
                 const uintptr_t e = reinterpret_cast<uintptr_t>(w + n);
                 for (uintptr_t line =
                          llvm::alignDown(reinterpret_cast<uintptr_t>(w), 64);
                      line < e; line += 64)
                   __builtin_prefetch(reinterpret_cast<const void *>(line));
               });
  };
  auto worker = [&](unsigned t) {
    auto walker = makeWalker();
    // The walks first: they are the longest items.
    for (uint32_t w;
         (w = nextWalk.fetch_add(1, std::memory_order_relaxed)) < walks;) {
      llvm::SmallVector<SliceOutput<Acc>, 4> outputs;
      for (unsigned l = leftoverMap.numSlices * w / walks,
                    e = leftoverMap.numSlices * (w + 1) / walks;
           l < e; ++l) {
        Acc *a = walked[l];
        if (!walkIntoAcc)
          std::fill(a, a + m.leftoverSlice(l).numRows, Acc(0));
        outputs.push_back({&m.leftoverSlice(l), a});
      }
      walker(outputs.data(), unsigned(outputs.size()));
      walksDone.fetch_add(1, std::memory_order_release);
    }
    // The thread's chunks whose rows wait for the walks.
    struct Chunk {
      unsigned slice;
      uint32_t first, end;
    };
    llvm::SmallVector<Chunk, 16> pending;
    auto finishPending = [&] {
      for (const Chunk &c : pending)
        finishBlocks(c.slice, c.first, c.end);
      pending.clear();
    };
    // Claims and works on chunks of slice s until none is left.
    auto drain = [&](unsigned s, bool fromFront) {
      const PackedMatrix::Slice &slice = m.slice(s);
      for (uint32_t first, end; claim(s, fromFront, first, end);) {
        // Once the walks are done, this chunk's rows and those of the
        // chunks that waited for them are written out after it, their
        // walks' sums fetched from the walker's core while it runs. Written
        // out as soon as the walks were seen done, each chunk waited for
        // those lines: two threads were 0.7-2.7% slower on VGG-7's and
        // NT-Wd's shapes, 0-0.6% on Alex-7's and Alex-6's (Zen 5 VM, where
        // a line takes 110-600 ns to cross between the vCPUs).
        const bool walksFinished =
            walksDone.load(std::memory_order_acquire) == walks;
        if (walksFinished) {
          for (const Chunk &c : pending)
            prefetchWalked(c.slice, c.first, c.end);
          prefetchWalked(s, first, end);
        }
        Acc *a = acc[s] + size_t(first) * lanes;
        if (!walkIntoAcc)
          initRows(s, first * lanes, end * lanes, a);
        panel(slice, first, end - first, a);
        pending.push_back({s, first, end});
        if (walksFinished)
          finishPending();
      }
    };
    // The thread's own slices from the front, then the others' from the
    // back.
    for (unsigned s = t; s < numSlices; s += threads)
      drain(s, true);
    for (unsigned k = 1; k < numSlices; ++k)
      if (unsigned s = (t + k) % numSlices; s % threads != t)
        drain(s, false);
    if (pending.empty())
      return;
    // The walks are under way (claimed first), and never long next to a
    // thread's share of the work.
    spinUntil(
        [&] { return walksDone.load(std::memory_order_acquire) == walks; },
        kNoDeadline);
    finishPending();
  };
  if (threads == 1)
    worker(0);
  else
    WorkerPool::get().runHelped(threads, worker);
  if (meetingPoints)
    for (unsigned s = 0; s < numSlices; ++s)
      m.slice(s).ownerShare.store(
          uint32_t(unclaimed[s].load(std::memory_order_relaxed)));
}

/// One scalar loop for every instruction set: a row's few products, summed
/// in a register and added once. AVX-512 gathers of the activations, 16
/// rows at a time and the rows sorted by their lists' lengths, gained 0-4%
/// on the NT layers' lists (Zen 5), where the lists win over the walk.
template <typename T, typename Acc>
static void addRowLeftoverOf(const PackedMatrix::Slice &slice, uint32_t begin,
                             uint32_t end, const T *codebook, const T *x,
                             Acc *acc) {
  if (slice.rowPtr.empty())
    return;
  end = std::min(end, slice.numRows);
  const uint32_t *entries = slice.rowEntries.data();
  for (uint32_t r = begin; r < end; ++r) {
    Acc sum = 0;
    for (uint32_t k = slice.rowPtr[r]; k < slice.rowPtr[r + 1]; ++k)
      sum += Acc(codebook[entries[k] >> kRowLeftoverCodeShift]) *
             Acc(x[entries[k] & kRowLeftoverColumnMask]);
    acc[r - begin] += sum;
  }
}

void eie::runtime::detail::addRowLeftover(const PackedMatrix::Slice &slice,
                                          uint32_t begin, uint32_t end,
                                          const float *codebook, const float *x,
                                          float *acc) {
  addRowLeftoverOf(slice, begin, end, codebook, x, acc);
}

void eie::runtime::detail::addRowLeftover(const PackedMatrix::Slice &slice,
                                          uint32_t begin, uint32_t end,
                                          const int16_t *codebook,
                                          const int16_t *x, int64_t *acc) {
  addRowLeftoverOf(slice, begin, end, codebook, x, acc);
}

/// The Columns kernels of an instruction set. Panels: the compaction of the
/// instruction set, and for the leftover entries, which are few and
/// scattered, the AVX2 walk (the gather/scatter walk lost on them;
/// docs/CompressedFormat.md).
const KernelSet &eie::runtime::detail::kernelsFor(KernelVariant v) {
  static const KernelSet avx512Panels = [] {
    KernelSet k = avx2::kernels;
    k.compactFloat = avx512::kernels.compactFloat;
    k.compactFixed = avx512::kernels.compactFixed;
    k.writeBack = avx512::kernels.writeBack;
    return k;
  }();
  switch (v.isa) {
  case KernelISA::Portable:
    return portable::kernels;
  case KernelISA::AVX2:
    return avx2::kernels;
  case KernelISA::AVX512:
    return v.layout == Layout::Panels ? avx512Panels : avx512::kernels;
  }
  llvm_unreachable("unknown kernel ISA");
}

/// The Panels kernels' x: a copy in each thread's storage for it (kept from
/// call to call), on pages of its own and padded with zeros to whole panels,
/// which the kernels load; every block reads every panel. Read where the
/// caller keeps x, the same matrix timed 1.6-1.9x slower on two threads in
/// some processes than in others (Alex-6, 64 x 8 panels, Zen 5: 210-280
/// against 125-135 us; which ones depended on where x sat in the heap), and
/// a copy at the caller's alignment of x (48 bytes past a line) was 5-10%
/// slower than an aligned one. Each thread copies x on its first chunk of a
/// call: one copy that the caller wrote and every thread read had each of
/// its lines taken back from the other core at each call's copy, which took
/// 1.3-1.5 us (VGG-7, two threads) instead of a fifth of that.
///
/// Float mode: an infinite or NaN activation would make NaN of every
/// padding entry (value 0) that points at its column, in rows without a
/// weight there, so such activations are zeroed in the copies and added by
/// addNonFinite, entry by entry (the Columns walk of the leftover entries
/// reads x itself and skips padding). Each thread's copy finds them: found
/// by the caller before the other threads started, the other threads waited
/// for the caller's whole copy, a serial part of every call.
template <typename T> class PanelActivations {
public:
  using CopyFn = bool (*)(const T *x, uint32_t n, T *out);
  /// copy copies x and says whether any of it is infinite or NaN.
  PanelActivations(const PackedMatrix &m, const T *x, CopyFn copy)
      : m(m), x(x), copy(copy), call(nextCall++) {}

  /// The calling thread's copy for this call, made on its first use.
  const T *data() const {
    local();
    return threadCopy().values;
  }

  /// Adds the products of the activations set aside with the entries of
  /// blocks [first, first + n) of slice into acc (the first block's
  /// accumulators).
  void addNonFinite(const PackedMatrix::Slice &slice, uint32_t first,
                    uint32_t n, const float *codebook, float *acc) const {
    local();
    const PanelShape &shape = m.panelShape();
    const size_t panelSize = size_t(shape.steps) * shape.lanes;
    for (const Activation<float> &a : threadCopy().nonFinite) {
      const uint32_t column = a.col % shape.width;
      for (uint32_t b = 0; b < n; ++b) {
        const uint16_t *e = slice.panelEntries.data() +
                            panelEntryOffset(m, first + b) +
                            a.col / shape.width * panelSize;
        // A pair of steps alternates its entries lane by lane.
        for (size_t k = 0; k < panelSize; ++k)
          if ((e[k] & 0x7F) == column && (e[k] >> 8) != 0)
            acc[size_t(b) * shape.lanes + k / 2 % shape.lanes] +=
                codebook[e[k] >> 8] * a.value;
      }
    }
  }

private:
  struct ThreadCopy {
    CacheLineVector<uint8_t> storage;
    T *values = nullptr;
    uint64_t call = 0; ///< the call values was copied for
    std::vector<Activation<float>> nonFinite; ///< zeroed in values
  };
  static ThreadCopy &threadCopy() {
    thread_local ThreadCopy copy;
    return copy;
  }
  /// Makes the calling thread's copy if it is not this call's, with its
  /// infinite and NaN activations set aside.
  void local() const {
    ThreadCopy &tc = threadCopy();
    if (tc.call == call)
      return;
    tc.call = call;
    const size_t n = size_t(m.numPanels()) * m.panelShape().width;
    tc.values = ownPagesIn<T>(tc.storage, n);
    tc.nonFinite.clear();
    if (copy(x, m.numCols(), tc.values))
      for (uint32_t j = 0; j < m.numCols(); ++j)
        if (!std::isfinite(float(tc.values[j]))) {
          tc.nonFinite.push_back({j, float(tc.values[j])});
          tc.values[j] = T(0);
        }
    std::fill(tc.values + m.numCols(), tc.values + n, T(0));
  }

  static inline std::atomic<uint64_t> nextCall{1};
  const PackedMatrix &m;
  const T *x;
  CopyFn copy;
  const uint64_t call;
};

/// Fixed mode's copy: int16 activations are all finite.
static bool copyFixed(const int16_t *x, uint32_t n, int16_t *out) {
  std::copy(x, x + n, out);
  return false;
}

/// A codebook's values as m's kernels read them: the 4-bit kernels read 16
/// values and the 8-bit (WideCode) ones 256, so smaller codebooks are padded
/// with zeros (ASan found the WideCode kernel reading past a 32-value one).
/// A codebook of as many values as they read is read where the matrix keeps
/// it: padded on the caller's stack at every call, the usual 16 values took
/// a 1 KiB fill and copy per call, and a line the helper thread of a
/// two-thread call fetched from the caller's core.
template <typename T> class KernelCodebook {
public:
  KernelCodebook(const PackedMatrix &m, const std::vector<T> &values) {
    const size_t read = m.entryKind() == EntryKind::WideCode ? 256 : 16;
    if (values.size() >= read) {
      values_ = values.data();
      return;
    }
    std::fill(std::copy(values.begin(), values.end(), padded.begin()),
              padded.begin() + read, T(0));
    values_ = padded.data();
  }
  KernelCodebook(const KernelCodebook &) = delete;
  const T *data() const { return values_; }

private:
  std::array<T, 256> padded; ///< set only when used
  const T *values_;
};

llvm::Error eie::runtime::multiplyFloat(const PackedMatrix &m, const float *x,
                                        const float *bias, float *y, bool relu,
                                        const KernelOptions &options) {
  const KernelSet &k = kernelsFor(m.variant());
  const KernelCodebook<float> kernelCodebook(m, m.getCodebook().values);
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
                        [&](const Activation<float> *act, size_t numAct,
                            const SliceOutput<float> *outputs, unsigned n) {
                          k.sliceFloat(outputs, n, m.entryKind(), codebook, act,
                                       numAct);
                        });
  };
  if (m.getLayout() == Layout::Columns) {
    runColumns<float>(m, options, makeWalker, init, finish);
    return llvm::Error::success();
  }
  const PanelKernels &pk = panelKernelsFor(m.variant().isa);
  const PanelActivations<float> xp(m, x, pk.copyFloats);
  const unsigned lanes = m.panelShape().lanes;
  runPanels<float>(
      m, options,
      [&](const PackedMatrix::Slice &slice, uint32_t first, uint32_t n,
          float *acc) {
        pk.panelFloat(slice.panelEntries.data() + panelEntryOffset(m, first), n,
                      m.numPanels(), m.panelShape(), codebook, xp.data(), acc);
        xp.addNonFinite(slice, first, n, codebook, acc);
        // The activations as given: a leftover entry times an infinite one
        // is what it is in the dense product.
        addRowLeftover(slice, first * lanes, (first + n) * lanes, codebook, x,
                       acc);
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
                             const Activation<int16_t> *act, size_t numAct,
                             const SliceOutput<int64_t> *outputs, unsigned n) {
  if (!k.sliceFixedNarrow) {
    k.sliceFixed(outputs, n, m.entryKind(), codebook, act, numAct);
    return;
  }
  std::vector<size_t> runEnds = overflowFreeRuns(act, numAct, maxAbsCode(m));
  if (runEnds.size() * kMinNarrowRun > numAct) {
    k.sliceFixed(outputs, n, m.entryKind(), codebook, act, numAct);
    return;
  }
  // The int32 sums, in the thread's storage for them (kept from call to
  // call, as the drivers' accumulators are).
  thread_local std::vector<CacheLineVector<uint8_t>> acc32;
  if (acc32.size() < n)
    acc32.resize(n);
  std::vector<SliceOutput<int32_t>> narrowOutputs;
  for (unsigned i = 0; i < n; ++i) {
    const uint32_t rows = outputs[i].slice->numRows;
    int32_t *sums = ownPagesIn<int32_t>(acc32[i], rows);
    std::fill(sums, sums + rows, 0);
    narrowOutputs.push_back({outputs[i].slice, sums});
  }
  size_t begin = 0;
  for (size_t end : runEnds) {
    k.sliceFixedNarrow(narrowOutputs.data(), n, m.entryKind(), codebook,
                       act + begin, end - begin, numAct - begin);
    for (unsigned i = 0; i < n; ++i)
      k.widen(narrowOutputs[i].acc, outputs[i].acc, outputs[i].slice->numRows);
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
  const KernelCodebook<int16_t> kernelCodebook(m, m.getCodebook().fixedValues);
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
                        [&](const Activation<int16_t> *act, size_t numAct,
                            const SliceOutput<int64_t> *outputs, unsigned n) {
                          walkColumnsFixed(k, m, codebook, act, numAct, outputs,
                                           n);
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
  const PanelActivations<int16_t> xp(m, x, copyFixed);
  const unsigned lanes = m.panelShape().lanes;
  runPanels<int64_t>(
      m, options,
      [&](const PackedMatrix::Slice &slice, uint32_t first, uint32_t n,
          int64_t *acc) {
        panelFixed(slice.panelEntries.data() + panelEntryOffset(m, first), n,
                   m.numPanels(), m.panelShape(), codebook, xp.data(),
                   pairsPerWiden, acc);
        addRowLeftover(slice, first * lanes, (first + n) * lanes, codebook, x,
                       acc);
      },
      makeWalker, init, finish);
  return llvm::Error::success();
}
