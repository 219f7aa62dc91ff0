//===- KernelImpl.h - Per-slice kernels of the sparse layer -----*- C++ -*-===//
//
// Internal to lib/Runtime. Each Kernel<ISA>.cpp defines a KernelSet (the
// Columns-layout kernels come from KernelBody.inc); SparseKernel.cpp picks
// one at run time.
//
//===----------------------------------------------------------------------===//

#ifndef EIE_LIB_RUNTIME_KERNELIMPL_H
#define EIE_LIB_RUNTIME_KERNELIMPL_H

#include "eie/Format/FixedPoint.h"
#include "eie/Runtime/PackedMatrix.h"

#include "llvm/Support/ErrorHandling.h"

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>

namespace eie::runtime::detail {

// The helpers below are compiled into each Kernel<ISA>.cpp with that file's
// instruction set, so they have internal linkage (static): with external
// linkage the linker would keep one copy, possibly an AVX2-compiled one, for
// the portable kernels too.

/// Positions an entry with a 4-bit z advances in the kernel layouts: z + 1,
/// or 16 (z + 1) for padding (PackedMatrix.h).
static inline unsigned advance(unsigned v, unsigned z) {
  return (z + 1) << (v == 0 ? 4 : 0);
}

/// The ChunkPipeline (KernelBody.inc) of walks that add in place: nothing is
/// ever pending. Outside namespace scalar, so that argument-dependent lookup
/// does not find the scalar walks beside an instruction set's own.
template <typename Acc> struct InPlaceAdds {
  void flush() {}
};

/// The scalar Columns walks (KernelBody.inc's interface): one entry, one
/// table add.
namespace scalar {

/// Nibbles: the row advances from -1 before the column.
template <typename Acc, typename Table>
static inline void walkColumnNibbles(const uint8_t *p, size_t n,
                                     const Table *table, Acc *y,
                                     InPlaceAdds<Acc> &) {
  int64_t r = -1;
  for (size_t k = 0; k < n; ++k) {
    unsigned e = p[k];
    r += advance(e & 15, e >> 4);
    y[r] += table[e & 15];
  }
}

template <typename Acc, typename Table>
static inline void walkColumnRowCode(const uint8_t *p, size_t n,
                                     const Table *table, Acc *y,
                                     InPlaceAdds<Acc> &) {
  // Four entries per 8-byte load (x86 is little endian), decoded in
  // registers: the core runs about three memory operations a cycle, and an
  // add takes three (the table's value, y's load and store), so a load per
  // entry cost a quarter more.
  size_t k = 0;
  for (; k + 4 <= n; k += 4) {
    uint64_t q;
    std::memcpy(&q, p + 2 * k, sizeof(q));
    y[(q >> 4) & 0xFFF] += table[q & 15];
    y[(q >> 20) & 0xFFF] += table[(q >> 16) & 15];
    y[(q >> 36) & 0xFFF] += table[(q >> 32) & 15];
    y[q >> 52] += table[(q >> 48) & 15];
  }
  for (; k < n; ++k) {
    uint16_t e;
    std::memcpy(&e, p + 2 * k, sizeof(e));
    y[e >> 4] += table[e & 15];
  }
}
} // namespace scalar

/// A non-zero input activation: EIE's broadcast (j, a_j). 8 bytes, the
/// value at offset 4 (the AVX-512 compaction writes them as two int32).
template <typename T> struct Activation {
  uint32_t col;
  T value;
};
static_assert(sizeof(Activation<float>) == 8 &&
              sizeof(Activation<int16_t>) == 8);

/// EIE's leading non-zero detection: writes the non-zero elements of x[0, n)
/// in column order to out (room for n entries) and returns how many.
using CompactFloatFn = size_t (*)(const float *x, uint32_t n,
                                  Activation<float> *out);
using CompactFixedFn = size_t (*)(const int16_t *x, uint32_t n,
                                  Activation<int16_t> *out);

/// The scalar compaction of x[begin, n), appended at out[count]; returns the
/// new count. Branch-free: with a third of the inputs non-zero at random
/// places, a branch per input mispredicts often enough to cost several
/// percent of a layer. The portable kernels' whole loop, the vector ones'
/// tail.
template <typename T>
static inline size_t compactScalar(const T *x, uint32_t begin, uint32_t n,
                                   Activation<T> *out, size_t count) {
  for (uint32_t j = begin; j < n; ++j) {
    out[count] = {j, x[j]};
    count += x[j] != T(0);
  }
  return count;
}

/// Bytes of readable memory after the last of a walk's accumulators: the
/// AVX2 walk adds to an int64 with a 16-byte load (KernelAVX2.cpp).
constexpr size_t kAccumulatorTail = 64;

/// A slice one thread walks and its accumulators (slice.numRows elements,
/// local row order, then kAccumulatorTail bytes).
template <typename Acc> struct SliceOutput {
  const PackedMatrix::Slice *slice;
  Acc *acc;
};

/// Accumulates the contributions of the active columns to each of the
/// numSlices slices; a thread walks its slices together, column by column.
using SliceFloatFn = void (*)(const SliceOutput<float> *slices,
                              unsigned numSlices, EntryKind kind,
                              const float *codebook,
                              const Activation<float> *act, size_t numAct);
/// Fixed mode: exact int64 accumulation of int16 x int16 products.
using SliceFixedFn = void (*)(const SliceOutput<int64_t> *slices,
                              unsigned numSlices, EntryKind kind,
                              const int16_t *codebook,
                              const Activation<int16_t> *act, size_t numAct);
/// Fixed mode into int32 accumulators, twice the lanes per gather and
/// scatter: exact only when the caller bounds the activations so that no
/// partial sum can overflow (SparseKernel.cpp). Null with widen for the
/// scalar walk, which adds int32 and int64 alike. act[numAct, numReadable) are
/// the next run's: the kernel prefetches their columns.
using SliceFixedNarrowFn = void (*)(const SliceOutput<int32_t> *slices,
                                    unsigned numSlices, EntryKind kind,
                                    const int16_t *codebook,
                                    const Activation<int16_t> *act,
                                    size_t numAct, size_t numReadable);

/// Adds n int32 accumulators into int64 ones and zeroes them (the end of a
/// narrow run).
using WidenFn = void (*)(int32_t *narrow, int64_t *wide, size_t n);

/// The scalar widening of elements [begin, n).
static inline void widenScalar(int32_t *narrow, int64_t *wide, size_t begin,
                               size_t n) {
  for (size_t i = begin; i < n; ++i) {
    wide[i] += narrow[i];
    narrow[i] = 0;
  }
}

/// Fixed mode's write-back of n rows: out[i] = format::writeBack(acc[i] +
/// walked[i], shift, relu), walked's term only when it is not null.
using WriteBackFn = void (*)(const int64_t *acc, const int64_t *walked,
                             uint32_t n, int shift, bool relu, int16_t *out);

/// Panels layout: adds a slice's numBlocks blocks of shape.lanes rows
/// (entries as PackedMatrix::Slice::panelEntries) into acc, the slice's
/// local rows rounded up to whole blocks. x is padded with zeros to
/// numPanels * shape.width columns.
using PanelFloatFn = void (*)(const uint16_t *entries, uint32_t numBlocks,
                              uint32_t numPanels, const PanelShape &shape,
                              const float *codebook, const float *x,
                              float *acc);
/// Fixed mode: products summed in int32 for at most pairsPerWiden pairs of
/// steps (the caller's bound against overflow, at least 1), then added into
/// int64 acc.
using PanelFixedFn = void (*)(const uint16_t *entries, uint32_t numBlocks,
                              uint32_t numPanels, const PanelShape &shape,
                              const int16_t *codebook, const int16_t *x,
                              unsigned pairsPerWiden, int64_t *acc);

/// Calls fn with width as a compile-time constant (std::integral_constant),
/// for each of Widths, the widths an ISA's Panels kernels take.
template <unsigned... Widths, typename Fn>
inline void withPanelWidth(unsigned width, Fn fn) {
  [[maybe_unused]] bool known =
      ((width == Widths ? (fn(std::integral_constant<unsigned, Widths>()), true)
                        : false) ||
       ...);
  assert(known && "panel width without a kernel");
}

/// The scalar write-back (WriteBackFn).
static inline void writeBackScalar(const int64_t *acc, const int64_t *walked,
                                   uint32_t n, int shift, bool relu,
                                   int16_t *out) {
  for (uint32_t i = 0; i < n; ++i)
    out[i] =
        format::writeBack(walked ? acc[i] + walked[i] : acc[i], shift, relu);
}

/// One instruction set's Panels kernels.
struct PanelKernels {
  PanelFloatFn panelFloat;
  PanelFixedFn panelFixed;
  /// Copies x[0, n) to out; whether any of them is infinite or NaN.
  bool (*copyFloats)(const float *x, uint32_t n, float *out);
};

/// One instruction set's kernels.
struct KernelSet {
  CompactFloatFn compactFloat;
  CompactFixedFn compactFixed;
  SliceFloatFn sliceFloat;
  SliceFixedFn sliceFixed;
  SliceFixedNarrowFn sliceFixedNarrow;
  WidenFn widen;
  WriteBackFn writeBack;
};

namespace portable {
extern const KernelSet kernels;
/// The Panels fixed-mode kernel of any lane count, accumulating in int64
/// (pairsPerWiden is ignored): for when even one pair of products can
/// overflow int32 (both factors -2^15).
void panelFixedExact(const uint16_t *entries, uint32_t numBlocks,
                     uint32_t numPanels, const PanelShape &shape,
                     const int16_t *codebook, const int16_t *x,
                     unsigned pairsPerWiden, int64_t *acc);
} // namespace portable
namespace avx2 {
extern const KernelSet kernels;
extern const PanelKernels panelKernels;
} // namespace avx2
namespace avx512 {
extern const KernelSet kernels;
extern const PanelKernels panelKernels;
} // namespace avx512

/// The kernels variant v runs (SparseKernel.cpp).
const KernelSet &kernelsFor(KernelVariant v);

/// Panels, PanelLeftover::Rows: adds the leftover entries' products of the
/// slice's local rows [begin, end) into acc (row begin's); int64 sums are
/// exact (SparseKernel.cpp).
void addRowLeftover(const PackedMatrix::Slice &slice, uint32_t begin,
                    uint32_t end, const float *codebook, const float *x,
                    float *acc);
void addRowLeftover(const PackedMatrix::Slice &slice, uint32_t begin,
                    uint32_t end, const int16_t *codebook, const int16_t *x,
                    int64_t *acc);

inline const PanelKernels &panelKernelsFor(KernelISA isa) {
  assert(isa != KernelISA::Portable && "no portable Panels kernels");
  return isa == KernelISA::AVX512 ? avx512::panelKernels : avx2::panelKernels;
}

} // namespace eie::runtime::detail

#endif // EIE_LIB_RUNTIME_KERNELIMPL_H
