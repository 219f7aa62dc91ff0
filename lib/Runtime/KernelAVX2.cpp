//===- KernelAVX2.cpp - Kernels for AVX2 ----------------------------------===//
//
// Compiled with -mavx2 -mfma (lib/Runtime/CMakeLists.txt); only called when
// the CPU has them.
//
// Columns walks: the scalar walk's adds (AVX2 has no scatter, and its
// gathers are slow on most cores, slower still under the Intel
// gather-data-sampling mitigation), but RowCode entries decoded eight at a
// time in vectors. Decoding one by one took as many instructions as the adds
// themselves; decoded in vectors, the walk ran 20% faster on Zen 5 (VGG-6,
// VGG-7; docs/CompressedFormat.md).
//
// Panels kernels: eight rows per block. A panel's activations and the
// 16-entry codebook sit in registers of eight lanes, looked up with vpermps
// (which reads the low three index bits) and blends on the higher bits;
// permutes take one cycle. Fixed mode looks the activations up as 32-bit
// lanes too (AVX2 has no word permute).
//
//===----------------------------------------------------------------------===//

#include "KernelImpl.h"

#include <immintrin.h>
#include <type_traits>

namespace eie::runtime::detail::avx2 {

template <typename Acc> using ChunkPipeline = InPlaceAdds<Acc>;
/// Nibbles entries: a row is the prefix sum of the advances, a serial chain
/// the scalar walk follows as fast.
using scalar::walkColumnNibbles;

/// Float tables: eight entries at a time, their rows by a shift, their
/// values by two vpermps through the 16 premultiplied values and a blend on
/// bit 3 of the code, then eight scalar adds. The slice's
/// PackedMatrix::kEntryTail bytes of slack keep the last chunk's load in
/// bounds. Integer tables: the scalar walk, whose adds take a memory operand
/// and which was as fast.
template <typename Acc, typename Table>
static inline void walkColumnRowCode(const uint8_t *p, size_t n,
                                     const Table *table, Acc *y,
                                     ChunkPipeline<Acc> &pipeline) {
  if constexpr (!std::is_same_v<Table, float>) {
    scalar::walkColumnRowCode(p, n, table, y, pipeline);
  } else {
    const __m256 low = _mm256_load_ps(table), high = _mm256_load_ps(table + 8);
    alignas(32) float values[8];
    alignas(32) uint32_t rows[8];
    for (size_t k = 0; k < n; k += 8) {
      __m256i e = _mm256_cvtepu16_epi32(
          _mm_loadu_si128(reinterpret_cast<const __m128i *>(p + 2 * k)));
      __m256 v =
          _mm256_blendv_ps(_mm256_permutevar8x32_ps(low, e),
                           _mm256_permutevar8x32_ps(high, e),
                           _mm256_castsi256_ps(_mm256_slli_epi32(e, 28)));
      _mm256_store_ps(values, v);
      _mm256_store_si256(reinterpret_cast<__m256i *>(rows),
                         _mm256_srli_epi32(e, 4));
      if (n - k >= 8) {
        for (unsigned l = 0; l < 8; ++l)
          y[rows[l]] += values[l];
      } else {
        for (unsigned l = 0; l < n - k; ++l)
          y[rows[l]] += values[l];
      }
    }
  }
}

#include "KernelBody.inc"

struct PanelOps {
  static constexpr unsigned kLanes = 8;
  using Vec = __m256;
  using Int = __m256i;

  static Int loadPair(const uint16_t *e) {
    return _mm256_loadu_si256((const __m256i *)e);
  }
  static Int highHalf(Int i) { return _mm256_srli_epi32(i, 16); }
  static Int codeOf(Int i) { return _mm256_srli_epi32(i, 8); }

  /// Integers are looked up as float bits.
  template <unsigned Width> static Vec lookup(const Vec *regs, Int i) {
    if constexpr (Width == 8) {
      return _mm256_permutevar8x32_ps(regs[0], i);
    } else {
      // Bit Width / 2 of each index moved to the sign bit, which is what
      // vblendvps tests.
      constexpr int shift = 31 - __builtin_ctz(Width / 2);
      __m256 high = _mm256_castsi256_ps(_mm256_slli_epi32(i, shift));
      // Opaque to the compiler, which would otherwise test the bit with an
      // and and a compare against two more constants: with a 32-column
      // panel's four registers, the codebook's two and the sums, that
      // spilled the panel to the stack inside the loop.
      asm("" : "+x"(high));
      return _mm256_blendv_ps(lookup<Width / 2>(regs, i),
                              lookup<Width / 2>(regs + Width / 16, i), high);
    }
  }

  static Vec loadFloats(const float *p) { return _mm256_loadu_ps(p); }
  static void storeFloats(float *p, Vec v) { _mm256_storeu_ps(p, v); }
  static Vec zero() { return _mm256_setzero_ps(); }
  static Vec fmadd(Vec a, Vec b, Vec c) { return _mm256_fmadd_ps(a, b, c); }
  static Vec add(Vec a, Vec b) { return _mm256_add_ps(a, b); }

  /// The activations sign-extended to 32 bits; the codes in the low halves
  /// of the lanes with zero high halves, so that vpmaddwd gives code * x
  /// exactly.
  template <unsigned Width> struct FixedPanel { Vec regs[Width / 8]; };
  struct FixedCodes {
    Vec regs[2];
  };
  template <unsigned Width>
  static FixedPanel<Width> loadFixedPanel(const int16_t *x) {
    FixedPanel<Width> panel;
    for (unsigned i = 0; i < Width / 8; ++i)
      panel.regs[i] = _mm256_castsi256_ps(
          _mm256_cvtepi16_epi32(_mm_loadu_si128((const __m128i *)(x + 8 * i))));
    return panel;
  }
  static FixedCodes loadFixedCodes(const int16_t *codebook) {
    FixedCodes codes;
    for (unsigned i = 0; i < 2; ++i)
      codes.regs[i] = _mm256_castsi256_ps(
          _mm256_and_si256(_mm256_cvtepi16_epi32(_mm_loadu_si128(
                               (const __m128i *)(codebook + 8 * i))),
                           _mm256_set1_epi32(0xFFFF)));
    return codes;
  }
  template <unsigned Width>
  static Int pairProducts(Int pair, const FixedPanel<Width> &panel,
                          const FixedCodes &codes) {
    auto product = [&](Int i) {
      return _mm256_madd_epi16(
          _mm256_castps_si256(lookup<16>(codes.regs, codeOf(i))),
          _mm256_castps_si256(lookup<Width>(panel.regs, i)));
    };
    return _mm256_add_epi32(product(pair), product(highHalf(pair)));
  }
  static Int zeroInt() { return _mm256_setzero_si256(); }
  static Int addInt(Int a, Int b) { return _mm256_add_epi32(a, b); }

  struct Wide {
    Int low, high; ///< lanes 0..3 and 4..7
  };
  static Wide loadWide(const int64_t *p) {
    return {_mm256_loadu_si256((const __m256i *)p),
            _mm256_loadu_si256((const __m256i *)(p + 4))};
  }
  static void storeWide(int64_t *p, const Wide &w) {
    _mm256_storeu_si256((__m256i *)p, w.low);
    _mm256_storeu_si256((__m256i *)(p + 4), w.high);
  }
  static void addWide(Wide &w, Int sum) {
    w.low = _mm256_add_epi64(
        w.low, _mm256_cvtepi32_epi64(_mm256_castsi256_si128(sum)));
    w.high = _mm256_add_epi64(
        w.high, _mm256_cvtepi32_epi64(_mm256_extracti128_si256(sum, 1)));
  }
};

#include "PanelBody.inc"

const KernelSet kernels = {compactFloatScalar, compactFixedScalar, sliceFloat,
                           sliceFixed,         nullptr,            nullptr,
                           writeBackScalar};
const PanelKernels panelKernels = {panelFloat<16, 32>, panelFixed<16, 32>};

} // namespace eie::runtime::detail::avx2
