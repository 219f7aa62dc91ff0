//===- KernelAVX512.cpp - Per-slice kernels for AVX-512F ------------------===//
//
// Compiled with -mavx512f -mavx512bw (lib/Runtime/CMakeLists.txt); only
// called when the CPU has them.
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

#include "llvm/ADT/bit.h"

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

/// How a chunk is added into Acc outputs: the table of premultiplied codes
/// in registers (loadTable), the chunk's outputs gathered and summed
/// (loadAdd), the sums scattered back (store).
template <typename Acc> struct ChunkOps;

template <> struct ChunkOps<float> {
  using Table = __m512;
  using Sums = __m512;
  static Table loadTable(const float *t) { return _mm512_load_ps(t); }
  static Sums loadAdd(const Chunk &c, Table t, const float *y) {
    __m512 old =
        _mm512_mask_i32gather_ps(_mm512_setzero_ps(), c.lanes, c.rows, y, 4);
    return _mm512_add_ps(old, _mm512_permutexvar_ps(c.v, t));
  }
  static void store(const Chunk &c, Sums sums, float *y) {
    _mm512_mask_i32scatter_ps(y, c.lanes, c.rows, sums, 4);
  }
};

/// Fixed mode into int32 accumulators (no overflow: the caller's bound).
template <> struct ChunkOps<int32_t> {
  using Table = __m512i;
  using Sums = __m512i;
  static Table loadTable(const int32_t *t) { return _mm512_load_si512(t); }
  static Sums loadAdd(const Chunk &c, Table t, const int32_t *y) {
    __m512i old = _mm512_mask_i32gather_epi32(_mm512_setzero_si512(), c.lanes,
                                              c.rows, y, 4);
    return _mm512_add_epi32(old, _mm512_permutexvar_epi32(c.v, t));
  }
  static void store(const Chunk &c, Sums sums, int32_t *y) {
    _mm512_mask_i32scatter_epi32(y, c.lanes, c.rows, sums, 4);
  }
};

/// Fixed mode: int32 products, sign-extended and added to int64
/// accumulators eight lanes at a time.
template <> struct ChunkOps<int64_t> {
  using Table = __m512i;
  struct Sums {
    __m512i lo, hi;
  };
  static __m256i low(__m512i a) { return _mm512_castsi512_si256(a); }
  static __m256i high(__m512i a) { return _mm512_extracti64x4_epi64(a, 1); }
  static Table loadTable(const int32_t *t) { return _mm512_load_si512(t); }
  static Sums loadAdd(const Chunk &c, Table t, const int64_t *y) {
    __m512i w = _mm512_permutexvar_epi32(c.v, t);
    const __m512i zero = _mm512_setzero_si512();
    __m512i lo =
        _mm512_mask_i32gather_epi64(zero, __mmask8(c.lanes), low(c.rows), y, 8);
    __m512i hi = _mm512_mask_i32gather_epi64(zero, __mmask8(c.lanes >> 8),
                                             high(c.rows), y, 8);
    return {_mm512_add_epi64(lo, _mm512_cvtepi32_epi64(low(w))),
            _mm512_add_epi64(hi, _mm512_cvtepi32_epi64(high(w)))};
  }
  static void store(const Chunk &c, Sums sums, int64_t *y) {
    _mm512_mask_i32scatter_epi64(y, __mmask8(c.lanes), low(c.rows), sums.lo, 8);
    _mm512_mask_i32scatter_epi64(y, __mmask8(c.lanes >> 8), high(c.rows),
                                 sums.hi, 8);
  }
};

/// Software pipelining across chunks: chunk k + 1 is decoded and its outputs
/// gathered before chunk k's sums are scattered. In program order each
/// gather waits for the preceding scatter although their rows never overlap
/// (measured 25% slower). The reorder is safe within a column segment (rows
/// are distinct) and between segments of different slices (different
/// outputs). A new column of the pending chunk's slice may repeat its rows:
/// when the two chunks' row ranges meet, the pending chunk is flushed first.
/// They rarely do, since the pending chunk ends a column (its highest rows)
/// and the new one starts one (its lowest rows).
template <typename Acc> class ChunkPipeline {
public:
  template <typename Decoder, typename TableValue>
  void walk(size_t n, Decoder decode, const TableValue *table, Acc *y) {
    if (n == 0)
      return;
    const typename Ops::Table t = Ops::loadTable(table);
    Chunk chunk = decode(0);
    if (pendingOutputs == y && mayOverlap(pending, chunk))
      flush();
    for (size_t k = 0;;) {
      typename Ops::Sums sums = Ops::loadAdd(chunk, t, y);
      flush();
      pending = chunk;
      pendingSums = sums;
      pendingOutputs = y;
      if ((k += 16) >= n)
        return;
      chunk = decode(k);
    }
  }

  /// Scatters the pending chunk, if any.
  void flush() {
    if (pendingOutputs)
      Ops::store(pending, pendingSums, pendingOutputs);
    pendingOutputs = nullptr;
  }

private:
  using Ops = ChunkOps<Acc>;

  /// The row of a chunk's lane.
  static uint32_t rowAt(const Chunk &c, unsigned lane) {
    return _mm_cvtsi128_si32(_mm512_castsi512_si128(
        _mm512_permutexvar_epi32(_mm512_set1_epi32(lane), c.rows)));
  }

  /// Whether the real lanes of a and b may share a row: rows ascend with the
  /// lane, so it suffices that the ranges of their first and last real
  /// lanes meet.
  static bool mayOverlap(const Chunk &a, const Chunk &b) {
    if (!a.lanes || !b.lanes)
      return false;
    auto first = [](const Chunk &c) {
      return rowAt(c, llvm::countr_zero(unsigned(c.lanes)));
    };
    auto last = [](const Chunk &c) {
      return rowAt(c, 31 - llvm::countl_zero(unsigned(c.lanes)));
    };
    return first(a) <= last(b) && first(b) <= last(a);
  }

  Chunk pending;
  typename Ops::Sums pendingSums;
  Acc *pendingOutputs = nullptr;
};

template <typename Acc, typename Table>
static inline void walkColumnRowCode(const uint8_t *p, size_t n,
                                     const Table *table, Acc *y,
                                     ChunkPipeline<Acc> &pipeline) {
  pipeline.walk(n, RowCodeDecoder{p, n}, table, y);
}

template <typename Acc, typename Table>
static inline void walkColumnNibbles(const uint8_t *p, size_t n,
                                     const Table *table, Acc *y,
                                     ChunkPipeline<Acc> &pipeline) {
  pipeline.walk(n, NibblesDecoder{p, n}, table, y);
}

#include "KernelBody.inc"

static void sliceFixedNarrow(const SliceOutput<int32_t> *slices,
                             unsigned numSlices, EntryKind kind,
                             const int16_t *codebook,
                             const Activation<int16_t> *act, size_t numAct,
                             size_t numReadable) {
  sliceKernel<int32_t, int32_t>(slices, numSlices, kind, codebook, act, numAct,
                                numReadable);
}

/// Panels layout (PanelBody.inc). Float mode: a panel's activations in
/// Width / 16 registers, looked up with two-source permutes (vpermt2ps) and
/// blends on the higher column bits. Fixed mode: the int16 activations of a
/// panel of 64 columns fill two registers, so one word permute (vpermt2w)
/// looks up both steps of a pair and one vpmaddwd multiplies and adds them.
struct PanelOps {
  static constexpr unsigned kLanes = 16;
  using Vec = __m512;
  using Int = __m512i;

  static Int loadPair(const uint16_t *e) { return _mm512_loadu_si512(e); }
  static Int highHalf(Int i) { return _mm512_srli_epi32(i, 16); }
  static Int codeOf(Int i) { return _mm512_srli_epi32(i, 8); }

  template <unsigned Width> static Vec lookup(const Vec *regs, Int i) {
    if constexpr (Width == 16) {
      return _mm512_permutexvar_ps(i, regs[0]);
    } else if constexpr (Width == 32) {
      return _mm512_permutex2var_ps(regs[0], i, regs[1]);
    } else {
      __mmask16 high = _mm512_test_epi32_mask(i, _mm512_set1_epi32(Width / 2));
      return _mm512_mask_blend_ps(high, lookup<Width / 2>(regs, i),
                                  lookup<Width / 2>(regs + Width / 32, i));
    }
  }

  static constexpr unsigned kFloatSumPairs = 2;
  static Vec loadFloats(const float *p) { return _mm512_loadu_ps(p); }
  static void storeFloats(float *p, Vec v) { _mm512_storeu_ps(p, v); }
  static Vec zero() { return _mm512_setzero_ps(); }
  static Vec fmadd(Vec a, Vec b, Vec c) { return _mm512_fmadd_ps(a, b, c); }
  static Vec add(Vec a, Vec b) { return _mm512_add_ps(a, b); }

  /// 32 int16 activations per register.
  template <unsigned Width> struct FixedPanel { Int words[Width / 32]; };
  /// The 16 int16 codes in the low words.
  using FixedCodes = Int;

  /// Loaded from x panel by panel.
  template <unsigned Width> struct FixedActivations {
    const int16_t *x;
    FixedActivations(const int16_t *x, uint32_t) : x(x) {}
    FixedPanel<Width> panel(uint32_t p) const {
      FixedPanel<Width> panel;
      for (unsigned i = 0; i < Width / 32; ++i)
        panel.words[i] = _mm512_loadu_si512(x + size_t(p) * Width + 32 * i);
      return panel;
    }
  };
  static FixedCodes loadFixedCodes(const int16_t *codebook) {
    return _mm512_zextsi256_si512(
        _mm256_loadu_si256((const __m256i *)codebook));
  }

  /// The words of regs at the low log2(Width) bits of each word of i.
  template <unsigned Width> static Int lookupWords(const Int *regs, Int i) {
    if constexpr (Width == 32) {
      return _mm512_permutexvar_epi16(i, regs[0]);
    } else if constexpr (Width == 64) {
      return _mm512_permutex2var_epi16(regs[0], i, regs[1]);
    } else {
      __mmask32 high = _mm512_test_epi16_mask(i, _mm512_set1_epi16(Width / 2));
      return _mm512_mask_blend_epi16(
          high, lookupWords<Width / 2>(regs, i),
          lookupWords<Width / 2>(regs + Width / 64, i));
    }
  }
  template <unsigned Width>
  static Int pairProducts(Int pair, const FixedPanel<Width> &panel,
                          FixedCodes codes) {
    Int w = _mm512_permutexvar_epi16(_mm512_srli_epi16(pair, 8), codes);
    return _mm512_madd_epi16(w, lookupWords<Width>(panel.words, pair));
  }
  static Int zeroInt() { return _mm512_setzero_si512(); }
  static Int addInt(Int a, Int b) { return _mm512_add_epi32(a, b); }

  /// The even and the odd lanes' int64 sums: each 64-bit half of an int32
  /// sum vector then widens with shifts alone, which leaves the shuffle
  /// port to the permutes (the lanes are reordered once per block).
  struct Wide {
    Int even, odd;
  };
  static Wide loadWide(const int64_t *p) {
    Int low = _mm512_loadu_si512(p), high = _mm512_loadu_si512(p + 8);
    const Int evens = _mm512_setr_epi64(0, 2, 4, 6, 8, 10, 12, 14);
    const Int odds = _mm512_setr_epi64(1, 3, 5, 7, 9, 11, 13, 15);
    return {_mm512_permutex2var_epi64(low, evens, high),
            _mm512_permutex2var_epi64(low, odds, high)};
  }
  static void storeWide(int64_t *p, const Wide &w) {
    const Int low = _mm512_setr_epi64(0, 8, 1, 9, 2, 10, 3, 11);
    const Int high = _mm512_setr_epi64(4, 12, 5, 13, 6, 14, 7, 15);
    _mm512_storeu_si512(p, _mm512_permutex2var_epi64(w.even, low, w.odd));
    _mm512_storeu_si512(p + 8, _mm512_permutex2var_epi64(w.even, high, w.odd));
  }
  static void addWide(Wide &w, Int sum) {
    w.even = _mm512_add_epi64(
        w.even, _mm512_srai_epi64(_mm512_slli_epi64(sum, 32), 32));
    w.odd = _mm512_add_epi64(w.odd, _mm512_srai_epi64(sum, 32));
  }
};

#include "PanelBody.inc"

/// Sixteen inputs at a time: the columns and values of the non-zero ones
/// compressed to the front of two vectors, then interleaved into 16
/// (column, value) pairs and stored whole at out + count: count <= j, so the
/// store ends within out[0, n). nonZero gives the mask and the values as
/// int32 bits; the tail goes through compactScalar.
template <typename T, typename NonZeroFn>
static size_t compact(const T *x, uint32_t n, Activation<T> *out,
                      NonZeroFn nonZero) {
  const __m512i lanes =
      _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  const __m512i low =
      _mm512_setr_epi32(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
  const __m512i high = _mm512_add_epi32(low, _mm512_set1_epi32(8));
  size_t count = 0;
  uint32_t j = 0;
  for (; j + 16 <= n; j += 16) {
    __m512i bits;
    __mmask16 mask = nonZero(x + j, bits);
    __m512i cols = _mm512_maskz_compress_epi32(
        mask, _mm512_add_epi32(lanes, _mm512_set1_epi32(int(j))));
    __m512i values = _mm512_maskz_compress_epi32(mask, bits);
    _mm512_storeu_si512(out + count,
                        _mm512_permutex2var_epi32(cols, low, values));
    _mm512_storeu_si512(out + count + 8,
                        _mm512_permutex2var_epi32(cols, high, values));
    count += llvm::popcount(unsigned(mask));
  }
  return compactScalar(x, j, n, out, count);
}

static size_t compactFloat(const float *x, uint32_t n, Activation<float> *out) {
  return compact(x, n, out, [](const float *p, __m512i &bits) {
    __m512 v = _mm512_loadu_ps(p);
    bits = _mm512_castps_si512(v);
    // Not-equal-or-unordered: -0 counts as zero, NaN as non-zero, as x != 0.
    return _mm512_cmp_ps_mask(v, _mm512_setzero_ps(), _CMP_NEQ_UQ);
  });
}

static size_t compactFixed(const int16_t *x, uint32_t n,
                           Activation<int16_t> *out) {
  return compact(x, n, out, [](const int16_t *p, __m512i &bits) {
    bits = _mm512_cvtepi16_epi32(_mm256_loadu_si256((const __m256i *)p));
    return _mm512_test_epi32_mask(bits, bits);
  });
}

static void widen(int32_t *narrow, int64_t *wide, size_t n) {
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    __m512i v = _mm512_loadu_si512(narrow + i);
    __m512i lo = _mm512_cvtepi32_epi64(_mm512_castsi512_si256(v));
    __m512i hi = _mm512_cvtepi32_epi64(_mm512_extracti64x4_epi64(v, 1));
    _mm512_storeu_si512(wide + i,
                        _mm512_add_epi64(_mm512_loadu_si512(wide + i), lo));
    _mm512_storeu_si512(wide + i + 8,
                        _mm512_add_epi64(_mm512_loadu_si512(wide + i + 8), hi));
    _mm512_storeu_si512(narrow + i, _mm512_setzero_si512());
  }
  widenScalar(narrow, wide, i, n);
}

/// Eight rows at a time: the rounding add and arithmetic shift in int64,
/// ReLU as a maximum, and vpmovsqw's saturation to int16 (format::writeBack).
static void writeBack(const int64_t *acc, const int64_t *walked, uint32_t n,
                      int shift, bool relu, int16_t *out) {
  const __m512i half =
      _mm512_set1_epi64(shift > 0 ? int64_t(1) << (shift - 1) : 0);
  const __m128i count = _mm_cvtsi32_si128(shift > 0 ? shift : 0);
  const __m512i floor = _mm512_set1_epi64(relu ? 0 : INT64_MIN);
  for (uint32_t i = 0; i < n; i += 8) {
    __mmask8 mask = n - i >= 8 ? 0xFF : __mmask8((1u << (n - i)) - 1);
    __m512i v = _mm512_maskz_loadu_epi64(mask, acc + i);
    if (walked)
      v = _mm512_add_epi64(v, _mm512_maskz_loadu_epi64(mask, walked + i));
    v = _mm512_max_epi64(_mm512_sra_epi64(_mm512_add_epi64(v, half), count),
                         floor);
    _mm512_mask_cvtsepi64_storeu_epi16(out + i, mask, v);
  }
}

const KernelSet kernels = {compactFloat, compactFixed,     sliceFloat,
                           sliceFixed,   sliceFixedNarrow, widen,
                           writeBack};
const PanelKernels panelKernels = {panelFloat<32, 64, 128>,
                                   panelFixed<32, 64, 128>, copyFloats};

} // namespace eie::runtime::detail::avx512
