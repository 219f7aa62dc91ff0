//===- KernelPortable.cpp - Per-slice kernels for any x86-64 --------------===//

#include "KernelImpl.h"

#include <algorithm>

namespace eie::runtime::detail::portable {

/// The scalar walks add in place: nothing is ever pending.
template <typename Acc> struct ChunkPipeline {
  void flush() {}
};

/// The scalar walks: one entry, one table add.
template <typename Acc, typename Table>
static inline void walkColumnNibbles(const uint8_t *p, size_t n,
                                     const Table *table, Acc *y,
                                     ChunkPipeline<Acc> &) {
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
                                     ChunkPipeline<Acc> &) {
  for (size_t k = 0; k < n; ++k) {
    unsigned e = p[2 * k] | (p[2 * k + 1] << 8);
    y[e >> 4] += table[e & 15];
  }
}

#include "KernelBody.inc"

/// Each of the 16 lanes walks its row: the column advances by z + 1 and real
/// entries add codebook[v] * x[column].
template <typename Acc, typename Code, typename X>
static void walkGroup(const uint8_t *steps, size_t numSteps,
                      const Code *codebook, const X *x, Acc *acc16) {
  int64_t col[kRowGroup];
  std::fill(col, col + kRowGroup, -1);
  for (size_t s = 0; s < numSteps; ++s)
    for (unsigned l = 0; l < kRowGroup; ++l) {
      unsigned e = steps[s * kRowGroup + l];
      col[l] += advance(e & 15, e >> 4);
      if (e & 15)
        acc16[l] += Acc(codebook[e & 15]) * Acc(x[col[l]]);
    }
}

static void groupFloat(const uint8_t *steps, size_t numSteps,
                       const float *codebook, const float *x, float *y16) {
  walkGroup(steps, numSteps, codebook, x, y16);
}

static void groupFixed(const uint8_t *steps, size_t numSteps,
                       const int16_t *codebook, const int32_t *x,
                       int64_t *acc16) {
  // int16 x int16 products, exact in int64 as they are in int32.
  walkGroup(steps, numSteps, codebook, x, acc16);
}

static size_t compactFloat(const float *x, uint32_t n, Activation<float> *out) {
  return compactScalar(x, 0, n, out, 0);
}

static size_t compactFixed(const int16_t *x, uint32_t n,
                           Activation<int16_t> *out) {
  return compactScalar(x, 0, n, out, 0);
}

static void widen(int32_t *narrow, int64_t *wide, size_t n) {
  widenScalar(narrow, wide, 0, n);
}

const KernelSet kernels = {compactFloat, compactFixed,     sliceFloat,
                           sliceFixed,   sliceFixedNarrow, widen,
                           groupFloat,   groupFixed};

} // namespace eie::runtime::detail::portable
