//===- KernelAVX512.cpp - Per-slice kernels for AVX-512F ------------------===//
//
// Compiled with -mavx512f (lib/Runtime/CMakeLists.txt); only called when the
// CPU has it.
//
// Sixteen entries of one column at a time, all in vector registers: rows
// (RowCode: a shift; Nibbles: a prefix sum of the advances), values one
// vpermps through the premultiplied codebook, and the add into y a gather,
// an add and a scatter. Rows within a column are distinct, so the scatter has
// no conflicts and chunks of one column may be reordered; a chunk never spans
// two columns. Padding lanes are masked off, so padding costs no memory
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

/// Sixteen decoded entries of one column.
struct Chunk {
  __m512i rows;
  __m512i v;       ///< codebook indices
  __mmask16 lanes; ///< lanes holding real entries
};

/// Lanes [k, n) of a column's chunk starting at entry k.
static inline __mmask16 columnLanes(size_t k, size_t n) {
  return n - k >= 16 ? __mmask16(0xFFFF) : __mmask16((1u << (n - k)) - 1);
}

/// RowCode entries: row and code side by side, no state. The slice's entry
/// stream has PackedMatrix::kEntryTail bytes of slack, so whole-vector loads
/// stay in bounds.
struct RowCodeDecoder {
  const uint8_t *p;
  size_t n;
  Chunk operator()(size_t k) const {
    __m512i e =
        _mm512_cvtepu16_epi32(_mm256_loadu_si256((const __m256i *)(p + 2 * k)));
    return {_mm512_srli_epi32(e, 4), _mm512_and_si512(e, _mm512_set1_epi32(15)),
            columnLanes(k, n)};
  }
};

/// Nibbles entries: rows are the inclusive prefix sum of the advances from
/// the last row of the previous chunk (-1 before the column); chunks must be
/// decoded in order. Padding lanes (v = 0) are not real entries.
struct NibblesDecoder {
  const uint8_t *p;
  size_t n;
  __m512i base = _mm512_set1_epi32(-1);
  Chunk operator()(size_t k) {
    const __m512i zero = _mm512_setzero_si512();
    __m512i e = _mm512_cvtepu8_epi32(_mm_loadu_si128((const __m128i *)(p + k)));
    __m512i v = _mm512_and_si512(e, _mm512_set1_epi32(15));
    __m512i adv = advance16(e, v);
    adv = _mm512_add_epi32(adv, _mm512_alignr_epi32(adv, zero, 15));
    adv = _mm512_add_epi32(adv, _mm512_alignr_epi32(adv, zero, 14));
    adv = _mm512_add_epi32(adv, _mm512_alignr_epi32(adv, zero, 12));
    adv = _mm512_add_epi32(adv, _mm512_alignr_epi32(adv, zero, 8));
    __m512i rows = _mm512_add_epi32(adv, base);
    base = _mm512_permutexvar_epi32(_mm512_set1_epi32(15), rows);
    return {rows, v, _mm512_mask_test_epi32_mask(columnLanes(k, n), v, v)};
  }
};

/// One column, software-pipelined: chunk k + 1 is decoded and its outputs
/// gathered (loadAdd) before chunk k's sums are scattered (store). In
/// program order each gather waits for the previous scatter, although their
/// rows never overlap within a column (measured 25% slower).
template <typename Decoder, typename LoadAddFn, typename StoreFn>
static inline void pipelineColumn(size_t n, Decoder decode, LoadAddFn loadAdd,
                                  StoreFn store) {
  if (n == 0)
    return;
  Chunk chunk = decode(0);
  auto sums = loadAdd(chunk);
  for (size_t k = 16; k < n; k += 16) {
    Chunk next = decode(k);
    auto nextSums = loadAdd(next);
    store(chunk, sums);
    chunk = next;
    sums = nextSums;
  }
  store(chunk, sums);
}

template <typename Decoder>
static inline void walkChunks(size_t n, Decoder decode, const float *table,
                              float *y) {
  const __m512 t = _mm512_load_ps(table);
  pipelineColumn(
      n, decode,
      [&](const Chunk &c) {
        __m512 old = _mm512_mask_i32gather_ps(_mm512_setzero_ps(), c.lanes,
                                              c.rows, y, 4);
        return _mm512_add_ps(old, _mm512_permutexvar_ps(c.v, t));
      },
      [&](const Chunk &c, __m512 sums) {
        _mm512_mask_i32scatter_ps(y, c.lanes, c.rows, sums, 4);
      });
}

/// Fixed mode into int32 accumulators (no overflow: the caller's bound).
template <typename Decoder>
static inline void walkChunks(size_t n, Decoder decode, const int32_t *table,
                              int32_t *y) {
  const __m512i t = _mm512_load_si512(table);
  pipelineColumn(
      n, decode,
      [&](const Chunk &c) {
        __m512i old = _mm512_mask_i32gather_epi32(_mm512_setzero_si512(),
                                                  c.lanes, c.rows, y, 4);
        return _mm512_add_epi32(old, _mm512_permutexvar_epi32(c.v, t));
      },
      [&](const Chunk &c, __m512i sums) {
        _mm512_mask_i32scatter_epi32(y, c.lanes, c.rows, sums, 4);
      });
}

/// Fixed mode: int32 products, sign-extended and added to int64
/// accumulators eight lanes at a time.
struct Sums64 {
  __m512i lo, hi;
};

template <typename Decoder>
static inline void walkChunks(size_t n, Decoder decode, const int32_t *table,
                              int64_t *y) {
  const __m512i t = _mm512_load_si512(table);
  auto low = [](__m512i a) { return _mm512_castsi512_si256(a); };
  auto high = [](__m512i a) { return _mm512_extracti64x4_epi64(a, 1); };
  pipelineColumn(
      n, decode,
      [&](const Chunk &c) {
        __m512i w = _mm512_permutexvar_epi32(c.v, t);
        const __m512i zero = _mm512_setzero_si512();
        __m512i lo = _mm512_mask_i32gather_epi64(zero, __mmask8(c.lanes),
                                                 low(c.rows), y, 8);
        __m512i hi = _mm512_mask_i32gather_epi64(zero, __mmask8(c.lanes >> 8),
                                                 high(c.rows), y, 8);
        return Sums64{_mm512_add_epi64(lo, _mm512_cvtepi32_epi64(low(w))),
                      _mm512_add_epi64(hi, _mm512_cvtepi32_epi64(high(w)))};
      },
      [&](const Chunk &c, Sums64 sums) {
        _mm512_mask_i32scatter_epi64(y, __mmask8(c.lanes), low(c.rows), sums.lo,
                                     8);
        _mm512_mask_i32scatter_epi64(y, __mmask8(c.lanes >> 8), high(c.rows),
                                     sums.hi, 8);
      });
}

template <typename Acc, typename Table>
static inline void walkColumnRowCode(const uint8_t *p, size_t n,
                                     const Table *table, Acc *y) {
  walkChunks(n, RowCodeDecoder{p, n}, table, y);
}

template <typename Acc, typename Table>
static inline void walkColumnNibbles(const uint8_t *p, size_t n,
                                     const Table *table, Acc *y) {
  walkChunks(n, NibblesDecoder{p, n}, table, y);
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

const KernelSet kernels = {sliceFloat, sliceFixed, sliceFixedNarrow, groupFloat,
                           groupFixed};

} // namespace eie::runtime::detail::avx512
