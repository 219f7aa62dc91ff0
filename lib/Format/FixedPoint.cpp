//===- FixedPoint.cpp - EIE 16-bit fixed-point numerics -------------------===//

#include "eie/Format/FixedPoint.h"

#include "llvm/ADT/STLExtras.h"

#include <cmath>
#include <string>

using namespace eie::format;

int16_t eie::format::quantize(double x, int frac) {
  if (std::isnan(x))
    return 0;
  // std::round rounds half away from zero.
  double r = std::round(std::ldexp(x, frac));
  if (r >= kFixedMax)
    return kFixedMax;
  if (r <= kFixedMin)
    return kFixedMin;
  return static_cast<int16_t>(r);
}

float eie::format::dequantize(int16_t q, int frac) {
  return static_cast<float>(std::ldexp(static_cast<double>(q), -frac));
}

llvm::Expected<std::vector<int16_t>>
eie::format::quantizeActivations(llvm::ArrayRef<float> values, int frac) {
  std::vector<int16_t> out;
  out.reserve(values.size());
  for (auto [i, x] : llvm::enumerate(values)) {
    if (!std::isfinite(x))
      return llvm::createStringError("element " + std::to_string(i) +
                                     " is not finite");
    out.push_back(quantize(x, frac));
  }
  return out;
}

int eie::format::chooseFracBits(double maxAbs) {
  for (int f = kMaxFracBits; f > 0; --f)
    if (std::ldexp(maxAbs, f) <= kFixedMax)
      return f;
  return 0;
}

llvm::Error FixedPointParams::validate() const {
  auto check = [](const char *name, int f) -> llvm::Error {
    if (f < 0 || f > kMaxFracBits)
      return llvm::createStringError(
          "fixed point: %s fractional bits %d outside [0, %d]", name, f,
          kMaxFracBits);
    return llvm::Error::success();
  };
  if (auto e = check("activation", actFrac))
    return e;
  if (auto e = check("weight", weightFrac))
    return e;
  if (auto e = check("output", outFrac))
    return e;
  if (outFrac > actFrac + weightFrac)
    return llvm::createStringError(
        "fixed point: output fractional bits %d exceed activation + weight "
        "fractional bits %d + %d",
        outFrac, actFrac, weightFrac);
  return llvm::Error::success();
}
