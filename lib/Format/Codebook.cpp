//===- Codebook.cpp - Shared-weight codebook of a compressed layer --------===//

#include "eie/Format/Codebook.h"
#include "eie/Format/FixedPoint.h"

#include <cmath>

using namespace eie::format;

llvm::Error eie::format::checkCodeBits(unsigned bits) {
  if (bits < kMinCodeBits || bits > kMaxCodeBits)
    return llvm::createStringError("codebook: bits %u outside [%u, %u]", bits,
                                   kMinCodeBits, kMaxCodeBits);
  return llvm::Error::success();
}

static double maxAbs(llvm::ArrayRef<float> values) {
  double m = 0;
  for (float v : values)
    m = std::max(m, std::fabs(static_cast<double>(v)));
  return m;
}

llvm::Expected<Codebook> Codebook::create(unsigned bits,
                                          llvm::ArrayRef<float> values) {
  Codebook cb;
  cb.bits = bits;
  cb.values.assign(values.begin(), values.end());
  // Check what verify() can check before quantizing non-finite values.
  if (auto e = checkCodeBits(bits))
    return std::move(e);
  for (size_t i = 0; i < values.size(); ++i)
    if (!std::isfinite(values[i]))
      return llvm::createStringError("codebook: value of code %zu is %f, "
                                     "expected a finite number",
                                     i, static_cast<double>(values[i]));
  cb.fracBits = chooseFracBits(maxAbs(values));
  for (float v : values)
    cb.fixedValues.push_back(quantize(v, cb.fracBits));
  if (auto e = cb.verify())
    return std::move(e);
  return cb;
}

llvm::Error Codebook::verify() const {
  if (auto e = checkCodeBits(bits))
    return e;
  size_t expected = size_t(1) << bits;
  if (values.size() != expected)
    return llvm::createStringError(
        "codebook: %zu values for %u bits, expected %zu", values.size(), bits,
        expected);
  if (values[0] != 0.0f)
    return llvm::createStringError("codebook: code 0 is %f, expected 0 (code "
                                   "0 is reserved for zero and padding)",
                                   static_cast<double>(values[0]));
  for (size_t i = 0; i < values.size(); ++i)
    if (!std::isfinite(values[i]))
      return llvm::createStringError("codebook: value of code %zu is %f, "
                                     "expected a finite number",
                                     i, static_cast<double>(values[i]));
  if (fracBits < 0 || fracBits > kMaxFracBits)
    return llvm::createStringError(
        "codebook: fractional bits %d outside [0, %d]", fracBits, kMaxFracBits);
  if (fixedValues.size() != values.size())
    return llvm::createStringError(
        "codebook: %zu fixed-point values, expected %zu", fixedValues.size(),
        values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    int16_t q = quantize(values[i], fracBits);
    if (fixedValues[i] != q)
      return llvm::createStringError(
          "codebook: fixed-point value of code %zu is %d, expected %d "
          "(Q%d of %f)",
          i, fixedValues[i], q, fracBits, static_cast<double>(values[i]));
  }
  return llvm::Error::success();
}
