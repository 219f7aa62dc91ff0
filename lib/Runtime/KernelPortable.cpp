//===- KernelPortable.cpp - Per-slice kernels for any x86-64 --------------===//

#include "KernelImpl.h"

#include "eie/Format/FixedPoint.h"

#include <algorithm>
#include <cstring>

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
    // One 16-bit load (x86 is little endian): byte by byte, the compiler
    // emits two loads and a merge, a fifth of the walk's instructions.
    uint16_t e;
    std::memcpy(&e, p + 2 * k, sizeof(e));
    y[e >> 4] += table[e & 15];
  }
}

#include "KernelBody.inc"

void panelFixedExact(const uint16_t *entries, uint32_t numBlocks,
                     uint32_t numPanels, const PanelShape &shape,
                     const int16_t *codebook, const int16_t *x, unsigned,
                     int64_t *acc) {
  const size_t chunk = size_t(shape.steps) * shape.lanes;
  for (uint32_t b = 0; b < numBlocks; ++b)
    for (uint32_t p = 0; p < numPanels; ++p, entries += chunk)
      for (size_t k = 0; k < chunk; ++k) {
        // Pairs of steps are interleaved per lane (PackedMatrix.h).
        unsigned lane = unsigned(k / 2 % shape.lanes), e = entries[k];
        acc[size_t(b) * shape.lanes + lane] +=
            int32_t(codebook[(e >> 8) & 15]) *
            x[size_t(p) * shape.width + (e & 127)];
      }
}

static size_t compactFloat(const float *x, uint32_t n, Activation<float> *out) {
  return compactScalar(x, 0, n, out, 0);
}

static size_t compactFixed(const int16_t *x, uint32_t n,
                           Activation<int16_t> *out) {
  return compactScalar(x, 0, n, out, 0);
}

static void writeBack(const int64_t *acc, const int64_t *walked, uint32_t n,
                      int shift, bool relu, int16_t *out) {
  for (uint32_t i = 0; i < n; ++i)
    out[i] =
        format::writeBack(walked ? acc[i] + walked[i] : acc[i], shift, relu);
}

const KernelSet kernels = {compactFloat, compactFixed, sliceFloat, sliceFixed,
                           nullptr,      nullptr,      writeBack};

} // namespace eie::runtime::detail::portable
