//===- KernelAVX512.cpp - Per-slice kernels for AVX-512F ------------------===//
//
// Compiled with -mavx512f (lib/Runtime/CMakeLists.txt); only called when the
// CPU has it.
//
// Sixteen entries of one column at a time, all in vector registers: rows are
// a prefix sum of z + 1, values one vpermps through the premultiplied
// codebook, and the add into y is a gather, an add and a scatter. Rows within
// a column are distinct, so the scatter has no conflicts; a chunk never
// spans two columns. Padding lanes are masked off, so padding costs no memory
// access. Measured against a scalar walk and against an AVX2 variant that
// decodes in vectors and adds in scalar, this was the fastest on Sapphire /
// Emerald Rapids (docs/CompressedFormat.md).
//
//===----------------------------------------------------------------------===//

#include "KernelImpl.h"

#include <immintrin.h>

namespace eie::runtime::detail::avx512 {

/// advance() of sixteen entries e with codes v.
static inline __m512i advance16(__m512i e, __m512i v) {
  __m512i adv = _mm512_add_epi32(_mm512_srli_epi32(e, 4), _mm512_set1_epi32(1));
  return _mm512_mask_slli_epi32(adv, _mm512_testn_epi32_mask(v, v), adv, 4);
}

/// base + the inclusive prefix sum of sixteen advances; base becomes the
/// last row.
static inline __m512i prefixRows(__m512i adv, __m512i &base) {
  const __m512i zero = _mm512_setzero_si512();
  adv = _mm512_add_epi32(adv, _mm512_alignr_epi32(adv, zero, 15));
  adv = _mm512_add_epi32(adv, _mm512_alignr_epi32(adv, zero, 14));
  adv = _mm512_add_epi32(adv, _mm512_alignr_epi32(adv, zero, 12));
  adv = _mm512_add_epi32(adv, _mm512_alignr_epi32(adv, zero, 8));
  __m512i rows = _mm512_add_epi32(adv, base);
  base = _mm512_permutexvar_epi32(_mm512_set1_epi32(15), rows);
  return rows;
}

/// Rows and codebook indices of the sixteen 1-byte entries at p. The slice's
/// entry stream has PackedMatrix::kEntryTail bytes of slack, so the load is
/// in bounds.
static inline __m512i decode16(const uint8_t *p, __m512i &base, __m512i &v) {
  __m512i e = _mm512_cvtepu8_epi32(_mm_loadu_si128((const __m128i *)p));
  v = _mm512_and_si512(e, _mm512_set1_epi32(15));
  return prefixRows(advance16(e, v), base);
}

/// The same for sixteen 2-byte WideRun entries (12-bit runs).
static inline __m512i decodeRun16(const uint8_t *p, __m512i &base, __m512i &v) {
  __m512i e = _mm512_cvtepu16_epi32(_mm256_loadu_si256((const __m256i *)p));
  v = _mm512_and_si512(e, _mm512_set1_epi32(15));
  return prefixRows(
      _mm512_add_epi32(_mm512_srli_epi32(e, 4), _mm512_set1_epi32(1)), base);
}

/// The same for sixteen SplitRun entries (8-bit runs): entry bytes at p,
/// high run nibbles at high (k is even, so they start at a byte).
static inline __m512i decodeSplit16(const uint8_t *p, const uint8_t *high,
                                    __m512i &base, __m512i &v) {
  __m512i e = _mm512_cvtepu8_epi32(_mm_loadu_si128((const __m128i *)p));
  __m128i h = _mm_loadl_epi64((const __m128i *)high);
  const __m128i nibble = _mm_set1_epi8(15);
  __m128i hs = _mm_unpacklo_epi8(_mm_and_si128(h, nibble),
                                 _mm_and_si128(_mm_srli_epi16(h, 4), nibble));
  v = _mm512_and_si512(e, _mm512_set1_epi32(15));
  __m512i run = _mm512_or_si512(_mm512_srli_epi32(e, 4),
                                _mm512_slli_epi32(_mm512_cvtepu8_epi32(hs), 4));
  return prefixRows(_mm512_add_epi32(run, _mm512_set1_epi32(1)), base);
}

/// Lanes holding real entries of this column: inside [k, n) and v != 0.
static inline __mmask16 realLanes(size_t k, size_t n, __m512i v) {
  __mmask16 inColumn =
      n - k >= 16 ? __mmask16(0xFFFF) : __mmask16((1u << (n - k)) - 1);
  return _mm512_mask_test_epi32_mask(inColumn, v, v);
}

/// Calls add(rows, v, lanes) for each 16-entry chunk of a column of
/// entryBytes-byte entries decoded by decode.
template <unsigned entryBytes, typename DecodeFn, typename AddFn>
static inline void forEachChunk(const uint8_t *p, size_t n, DecodeFn decode,
                                AddFn add) {
  __m512i base = _mm512_setzero_si512();
  for (size_t k = 0; k < n; k += 16) {
    __m512i v;
    __m512i rows = decode(p + k * entryBytes, base, v);
    add(rows, v, realLanes(k, n, v));
  }
}

template <unsigned entryBytes, typename DecodeFn>
static inline void walkChunks(const uint8_t *p, size_t n, DecodeFn decode,
                              const float *table, float *yMinus1) {
  const __m512 t = _mm512_load_ps(table);
  forEachChunk<entryBytes>(
      p, n, decode, [&](__m512i rows, __m512i v, __mmask16 m) {
        __m512 y =
            _mm512_mask_i32gather_ps(_mm512_setzero_ps(), m, rows, yMinus1, 4);
        y = _mm512_add_ps(y, _mm512_permutexvar_ps(v, t));
        _mm512_mask_i32scatter_ps(yMinus1, m, rows, y, 4);
      });
}

/// Fixed mode: int32 products, sign-extended and added to int64
/// accumulators eight lanes at a time.
template <unsigned entryBytes, typename DecodeFn>
static inline void walkChunks(const uint8_t *p, size_t n, DecodeFn decode,
                              const int32_t *table, int64_t *yMinus1) {
  const __m512i t = _mm512_load_si512(table);
  forEachChunk<entryBytes>(
      p, n, decode, [&](__m512i rows, __m512i v, __mmask16 m) {
        __m512i w = _mm512_permutexvar_epi32(v, t);
        for (unsigned half = 0; half < 2; ++half) {
          __mmask8 mh = __mmask8(m >> (8 * half));
          __m256i r = half ? _mm512_extracti64x4_epi64(rows, 1)
                           : _mm512_castsi512_si256(rows);
          __m256i wh = half ? _mm512_extracti64x4_epi64(w, 1)
                            : _mm512_castsi512_si256(w);
          __m512i acc = _mm512_mask_i32gather_epi64(_mm512_setzero_si512(), mh,
                                                    r, yMinus1, 8);
          acc = _mm512_add_epi64(acc, _mm512_cvtepi32_epi64(wh));
          _mm512_mask_i32scatter_epi64(yMinus1, mh, r, acc, 8);
        }
      });
}

template <typename Acc, typename Table>
static inline void walkColumn4(const uint8_t *p, size_t n, const Table *table,
                               Acc *yMinus1) {
  walkChunks<1>(p, n, decode16, table, yMinus1);
}

template <typename Acc, typename Table>
static inline void walkColumnSplit(const uint8_t *p, const uint8_t *high,
                                   size_t n, const Table *table, Acc *yMinus1) {
  walkChunks<1>(
      p, n,
      [high, p](const uint8_t *q, __m512i &base, __m512i &v) {
        return decodeSplit16(q, high + (q - p) / 2, base, v);
      },
      table, yMinus1);
}

template <typename Acc, typename Table>
static inline void walkColumnRun(const uint8_t *p, size_t n, const Table *table,
                                 Acc *yMinus1) {
  walkChunks<2>(p, n, decodeRun16, table, yMinus1);
}

#include "KernelBody.inc"

/// Entry codes and columns of one step of a row group; col advances by
/// advance() per lane.
static inline __m512i decodeStep(const uint8_t *p, __m512i &col) {
  __m512i e = _mm512_cvtepu8_epi32(_mm_loadu_si128((const __m128i *)p));
  __m512i v = _mm512_and_si512(e, _mm512_set1_epi32(15));
  col = _mm512_add_epi32(col, advance16(e, v));
  return v;
}

static void groupFloat(const uint8_t *steps, size_t numSteps,
                       const float *codebook, const float *x, float *y16) {
  const __m512 cb = _mm512_loadu_ps(codebook);
  __m512i col = _mm512_set1_epi32(-1);
  // Two accumulators hide the FMA latency.
  __m512 acc[2] = {_mm512_loadu_ps(y16), _mm512_setzero_ps()};
  for (size_t s = 0; s < numSteps; ++s) {
    __m512i v = decodeStep(steps + s * kRowGroup, col);
    // Padding and fill lanes (v = 0) load nothing: their column may be
    // past the end of x.
    __m512 xv = _mm512_mask_i32gather_ps(
        _mm512_setzero_ps(), _mm512_test_epi32_mask(v, v), col, x, 4);
    acc[s & 1] = _mm512_fmadd_ps(_mm512_permutexvar_ps(v, cb), xv, acc[s & 1]);
  }
  _mm512_storeu_ps(y16, _mm512_add_ps(acc[0], acc[1]));
}

static void groupFixed(const uint8_t *steps, size_t numSteps,
                       const int16_t *codebook, const int32_t *x,
                       int64_t *acc16) {
  const __m512i cb =
      _mm512_cvtepi16_epi32(_mm256_loadu_si256((const __m256i *)codebook));
  __m512i col = _mm512_set1_epi32(-1);
  __m512i lo = _mm512_loadu_si512(acc16), hi = _mm512_loadu_si512(acc16 + 8);
  for (size_t s = 0; s < numSteps; ++s) {
    __m512i v = decodeStep(steps + s * kRowGroup, col);
    __m512i xv = _mm512_mask_i32gather_epi32(
        _mm512_setzero_si512(), _mm512_test_epi32_mask(v, v), col, x, 4);
    // |product| <= 2^30: exact in int32, then widened.
    __m512i prod = _mm512_mullo_epi32(_mm512_permutexvar_epi32(v, cb), xv);
    lo = _mm512_add_epi64(lo,
                          _mm512_cvtepi32_epi64(_mm512_castsi512_si256(prod)));
    hi = _mm512_add_epi64(
        hi, _mm512_cvtepi32_epi64(_mm512_extracti64x4_epi64(prod, 1)));
  }
  _mm512_storeu_si512(acc16, lo);
  _mm512_storeu_si512(acc16 + 8, hi);
}

const KernelSet kernels = {sliceFloat, sliceFixed, groupFloat, groupFixed};

} // namespace eie::runtime::detail::avx512
