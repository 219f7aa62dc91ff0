//===- FixedPoint.h - EIE 16-bit fixed-point numerics -----------*- C++ -*-===//
//
// The one definition of the 16-bit fixed-point arithmetic of an EIE layer
// (docs/NUMERICS.md). The cycle-level simulator and the x86 fixed-point kernel
// both call these scalar functions, or reproduce them bit for bit.
//
//===----------------------------------------------------------------------===//

#ifndef EIE_FORMAT_FIXEDPOINT_H
#define EIE_FORMAT_FIXEDPOINT_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <vector>

namespace eie::format {

/// Largest fractional width of a Q(f) int16 value.
constexpr int kMaxFracBits = 15;
constexpr int32_t kFixedMin = -32768;
constexpr int32_t kFixedMax = 32767;

/// Round x * 2^frac half away from zero and saturate to int16. NaN maps to 0
/// and +-Inf saturate; callers reject non-finite data before quantizing.
int16_t quantize(double x, int frac);

/// The real value q / 2^frac.
float dequantize(int16_t q, int frac);

/// Activations in Q(frac), as the host hands them to the machine; fails,
/// naming the element, on a NaN or infinity.
llvm::Expected<std::vector<int16_t>>
quantizeActivations(llvm::ArrayRef<float> values, int frac);

/// The largest f in [0, 15] with maxAbs * 2^f <= 32767 (15 when maxAbs is 0;
/// 0 when even 2^0 overflows, in which case values saturate).
int chooseFracBits(double maxAbs);

/// Fractional widths of one layer: inputs Q(fa), codebook Q(fw), outputs
/// Q(fo), with products and the accumulator in Q(fa + fw).
struct FixedPointParams {
  int actFrac = 0;    ///< fa
  int weightFrac = 0; ///< fw
  int outFrac = 0;    ///< fo

  /// The right shift applied at write-back: fa + fw - fo.
  int shift() const { return actFrac + weightFrac - outFrac; }
  /// Each width in [0, 15] and fo <= fa + fw.
  llvm::Error validate() const;
};

/// The accumulator's initial value for a Q(fo) bias: int64(b) << shift. It is
/// EIE's bias column (an extra input whose activation is the constant 1).
inline int64_t biasToAccumulator(int16_t biasQ, const FixedPointParams &p) {
  return static_cast<int64_t>(biasQ) * (int64_t(1) << p.shift());
}

/// The exact product of a Q(fw) weight and a Q(fa) activation, in Q(fa + fw).
inline int32_t multiply(int16_t weightQ, int16_t actQ) {
  return static_cast<int32_t>(weightQ) * static_cast<int32_t>(actQ);
}

/// Write-back of an accumulator to a Q(fo) output: round half up by the
/// arithmetic shift, optional ReLU, saturation to int16.
inline int16_t writeBack(int64_t acc, int shift, bool relu) {
  int64_t y = shift > 0 ? (acc + (int64_t(1) << (shift - 1))) >> shift : acc;
  if (relu && y < 0)
    y = 0;
  if (y > kFixedMax)
    y = kFixedMax;
  if (y < kFixedMin)
    y = kFixedMin;
  return static_cast<int16_t>(y);
}

} // namespace eie::format

#endif // EIE_FORMAT_FIXEDPOINT_H
