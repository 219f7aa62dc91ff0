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
                           sliceFixed,   sliceFixedNarrow, widen};

} // namespace eie::runtime::detail::portable
