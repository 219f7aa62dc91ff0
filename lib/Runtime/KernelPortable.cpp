//===- KernelPortable.cpp - Per-slice kernels for any x86-64 --------------===//

#include "KernelImpl.h"

#include <algorithm>

namespace eie::runtime::detail::portable {

/// The scalar walk: one byte, one row advance, one table add per entry.
template <typename Acc, typename Table>
static inline void walkColumn4(const uint8_t *p, size_t n, const Table *table,
                               Acc *yMinus1) {
  size_t r = 0;
  for (size_t k = 0; k < n; ++k) {
    unsigned e = p[k];
    r += advance(e & 15, e >> 4);
    yMinus1[r] += table[e & 15];
  }
}

template <typename Acc, typename Table>
static inline void walkColumnRun(const uint8_t *p, size_t n, const Table *table,
                                 Acc *yMinus1) {
  size_t r = 0;
  for (size_t k = 0; k < n; ++k) {
    unsigned e = p[2 * k] | (p[2 * k + 1] << 8);
    r += (e >> 4) + 1;
    yMinus1[r] += table[e & 15];
  }
}

template <typename Acc, typename Table>
static inline void walkColumnSplit(const uint8_t *p, const uint8_t *high,
                                   size_t n, const Table *table, Acc *yMinus1) {
  size_t r = 0;
  for (size_t k = 0; k < n; ++k) {
    unsigned h = (high[k / 2] >> (4 * (k % 2))) & 15;
    r += ((p[k] >> 4) | (h << 4)) + 1;
    // A column's (0, 0) filler may step past the last row.
    if (p[k] & 15)
      yMinus1[r] += table[p[k] & 15];
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

const KernelSet kernels = {sliceFloat, sliceFixed, groupFloat, groupFixed};

} // namespace eie::runtime::detail::portable
