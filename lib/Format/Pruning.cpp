//===- Pruning.cpp - Magnitude pruning (Deep Compression) -----------------===//

#include "eie/Format/Pruning.h"

#include <algorithm>
#include <cmath>
#include <vector>

using namespace eie::format;

static uint64_t countNonZeros(llvm::ArrayRef<float> weights) {
  return std::count_if(weights.begin(), weights.end(),
                       [](float w) { return w != 0.0f; });
}

llvm::Expected<uint64_t>
eie::format::pruneToDensity(llvm::MutableArrayRef<float> weights,
                            double density) {
  if (!(density > 0.0 && density <= 1.0))
    return llvm::createStringError("prune: density %g outside (0, 1]", density);
  for (size_t i = 0; i < weights.size(); ++i)
    if (!std::isfinite(weights[i]))
      return llvm::createStringError("prune: weight %zu is %f, expected a "
                                     "finite number",
                                     i, static_cast<double>(weights[i]));
  uint64_t keep = static_cast<uint64_t>(std::llround(density * weights.size()));
  if (keep == 0)
    return llvm::createStringError(
        "prune: density %g of %zu weights keeps no weight", density,
        weights.size());
  if (keep == weights.size())
    return countNonZeros(weights);

  // The keep-th largest magnitude t: everything above t stays, and of the
  // weights equal to t the lowest indices fill the remaining places.
  std::vector<float> mag(weights.size());
  for (size_t i = 0; i < weights.size(); ++i)
    mag[i] = std::fabs(weights[i]);
  std::nth_element(mag.begin(), mag.begin() + (keep - 1), mag.end(),
                   std::greater<float>());
  float t = mag[keep - 1];
  uint64_t above = 0;
  for (float w : weights)
    above += std::fabs(w) > t;
  uint64_t tiesLeft = keep - above;
  for (float &w : weights) {
    float a = std::fabs(w);
    if (a > t)
      continue;
    if (a == t && tiesLeft > 0) {
      --tiesLeft;
      continue;
    }
    w = 0.0f;
  }
  return countNonZeros(weights);
}
