//===- KernelAVX2.cpp - Panels kernels for AVX2 ---------------------------===//
//
// Compiled with -mavx2 -mfma (lib/Runtime/CMakeLists.txt); only called when
// the CPU has them. Eight rows per block. A panel's activations and the
// 16-entry codebook sit in registers of eight lanes, looked up with vpermps
// (which reads the low three index bits) and blends on the higher bits: AVX2
// gathers are slow on most cores (and slower still under the Intel
// gather-data-sampling mitigation), permutes are one cycle.
//
//===----------------------------------------------------------------------===//

#include "KernelImpl.h"

#include <immintrin.h>

namespace eie::runtime::detail::avx2 {

/// Lane i of regs[0..Width / 8) at index bits of e (bits 0..log2(Width)-1).
/// Integers are looked up as float bits.
template <unsigned Width>
static inline __m256 lookup(const __m256 *regs, __m256i e) {
  if constexpr (Width == 8) {
    return _mm256_permutevar8x32_ps(regs[0], e);
  } else {
    // The bit Width / 2 of each index moved to the sign bit, which is what
    // vblendvps tests.
    constexpr int shift = 31 - __builtin_ctz(Width / 2);
    __m256 high = _mm256_castsi256_ps(_mm256_slli_epi32(e, shift));
    return _mm256_blendv_ps(lookup<Width / 2>(regs, e),
                            lookup<Width / 2>(regs + Width / 16, e), high);
  }
}

/// Eight entries of one step: column within the panel in bits 0..6, code
/// in bits 8..11.
static inline __m256i loadStep(const uint16_t *e) {
  return _mm256_cvtepu16_epi32(_mm_loadu_si128((const __m128i *)e));
}

static inline __m256i codeOf(__m256i e) { return _mm256_srli_epi32(e, 8); }

template <unsigned Width>
static void panelFloatOf(const uint16_t *e, uint32_t numBlocks,
                         uint32_t numPanels, unsigned steps,
                         const float *codebook, const float *x, float *acc) {
  const __m256 cb[2] = {_mm256_loadu_ps(codebook),
                        _mm256_loadu_ps(codebook + 8)};
  auto add = [&](__m256 sum, const uint16_t *p, const __m256 *xr) {
    __m256i ev = loadStep(p);
    return _mm256_fmadd_ps(lookup<16>(cb, codeOf(ev)), lookup<Width>(xr, ev),
                           sum);
  };
  for (uint32_t b = 0; b < numBlocks; ++b) {
    // Two sums hide the FMA latency.
    __m256 sum0 = _mm256_loadu_ps(acc + 8 * b), sum1 = _mm256_setzero_ps();
    for (uint32_t p = 0; p < numPanels; ++p) {
      __m256 xr[Width / 8];
      for (unsigned i = 0; i < Width / 8; ++i)
        xr[i] = _mm256_loadu_ps(x + size_t(p) * Width + 8 * i);
      unsigned s = 0;
      for (; s + 2 <= steps; s += 2, e += 16) {
        sum0 = add(sum0, e, xr);
        sum1 = add(sum1, e + 8, xr);
      }
      if (s < steps) {
        sum0 = add(sum0, e, xr);
        e += 8;
      }
    }
    _mm256_storeu_ps(acc + 8 * b, _mm256_add_ps(sum0, sum1));
  }
}

template <unsigned Width>
static void panelFixedOf(const uint16_t *e, uint32_t numBlocks,
                         uint32_t numPanels, unsigned steps,
                         const int16_t *codebook, const int16_t *x,
                         unsigned stepsPerWiden, int64_t *acc) {
  // Codes in the low halves of the lanes, zeros in the high ones: vpmaddwd
  // then gives code * x exactly (|product| <= 2^30).
  auto codes = [&](unsigned first) {
    __m256i c = _mm256_cvtepi16_epi32(
        _mm_loadu_si128((const __m128i *)(codebook + first)));
    return _mm256_castsi256_ps(_mm256_and_si256(c, _mm256_set1_epi32(0xFFFF)));
  };
  const __m256 cb[2] = {codes(0), codes(8)};
  for (uint32_t b = 0; b < numBlocks; ++b) {
    __m256i lo = _mm256_loadu_si256((const __m256i *)(acc + 8 * b));
    __m256i hi = _mm256_loadu_si256((const __m256i *)(acc + 8 * b + 4));
    __m256i sum = _mm256_setzero_si256();
    auto widen = [&] {
      lo = _mm256_add_epi64(lo,
                            _mm256_cvtepi32_epi64(_mm256_castsi256_si128(sum)));
      hi = _mm256_add_epi64(
          hi, _mm256_cvtepi32_epi64(_mm256_extracti128_si256(sum, 1)));
      sum = _mm256_setzero_si256();
    };
    unsigned untilWiden = stepsPerWiden;
    for (uint32_t p = 0; p < numPanels; ++p) {
      __m256 xr[Width / 8];
      for (unsigned i = 0; i < Width / 8; ++i)
        xr[i] = _mm256_castsi256_ps(_mm256_cvtepi16_epi32(
            _mm_loadu_si128((const __m128i *)(x + size_t(p) * Width + 8 * i))));
      for (unsigned s = 0; s < steps; ++s, e += 8) {
        __m256i ev = loadStep(e);
        sum = _mm256_add_epi32(
            sum,
            _mm256_madd_epi16(_mm256_castps_si256(lookup<16>(cb, codeOf(ev))),
                              _mm256_castps_si256(lookup<Width>(xr, ev))));
        if (--untilWiden == 0) {
          widen();
          untilWiden = stepsPerWiden;
        }
      }
    }
    widen();
    _mm256_storeu_si256((__m256i *)(acc + 8 * b), lo);
    _mm256_storeu_si256((__m256i *)(acc + 8 * b + 4), hi);
  }
}

static void panelFloat(const uint16_t *entries, uint32_t numBlocks,
                       uint32_t numPanels, const PanelShape &shape,
                       const float *codebook, const float *x, float *acc) {
  withPanelWidth<16, 32>(shape.width, [&](auto width) {
    panelFloatOf<decltype(width)::value>(entries, numBlocks, numPanels,
                                         shape.steps, codebook, x, acc);
  });
}

static void panelFixed(const uint16_t *entries, uint32_t numBlocks,
                       uint32_t numPanels, const PanelShape &shape,
                       const int16_t *codebook, const int16_t *x,
                       unsigned stepsPerWiden, int64_t *acc) {
  withPanelWidth<16, 32>(shape.width, [&](auto width) {
    panelFixedOf<decltype(width)::value>(entries, numBlocks, numPanels,
                                         shape.steps, codebook, x,
                                         stepsPerWiden, acc);
  });
}

const PanelKernels panelKernels = {panelFloat, panelFixed};

} // namespace eie::runtime::detail::avx2
