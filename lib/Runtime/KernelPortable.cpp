//===- KernelPortable.cpp - Per-slice kernels for any x86-64 --------------===//

#include "KernelImpl.h"

namespace eie::runtime::detail::portable {

template <typename Acc> using ChunkPipeline = InPlaceAdds<Acc>;
using scalar::walkColumnNibbles;
using scalar::walkColumnRowCode;

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

const KernelSet kernels = {compactFloat,   compactFixed, sliceFloat,
                           sliceFixed,     nullptr,      nullptr,
                           writeBackScalar};

} // namespace eie::runtime::detail::portable
