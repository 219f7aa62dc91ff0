//===- ArrayCompare.cpp - Compare an array against a reference ------------===//

#include "eie/Support/ArrayCompare.h"

#include <cmath>

using namespace eie;

llvm::Expected<ArrayComparison>
eie::compareArrays(const NpyArray &actual, const NpyArray &expected,
                   double rtol, double atol, llvm::StringRef actualName,
                   llvm::StringRef expectedName) {
  if (actual.getShape() != expected.getShape())
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "shape mismatch: " + actualName + " is " +
                                       actual.describe() + ", " + expectedName +
                                       " is " + expected.describe());
  ArrayComparison result;
  double worstExcess = 0;
  for (int64_t i = 0, e = actual.getNumElements(); i < e; ++i) {
    double got = actual.getAsDouble(i);
    double want = expected.getAsDouble(i);
    double absError = std::fabs(got - want);
    double tolerance = atol + rtol * std::fabs(want);
    // Comparisons are written so that a NaN on either side is a mismatch and
    // sticks in the maxima.
    bool ok = absError <= tolerance;
    if (std::isnan(absError) || absError > result.maxAbsError)
      result.maxAbsError = absError;
    double relError = absError / std::fabs(want);
    if (want != 0 && (std::isnan(relError) || relError > result.maxRelError))
      result.maxRelError = relError;
    if (ok)
      continue;
    ++result.numMismatches;
    double excess = std::isnan(absError) ? INFINITY : absError - tolerance;
    if (result.worstIndex < 0 || excess > worstExcess) {
      result.worstIndex = i;
      worstExcess = excess;
    }
  }
  return result;
}

std::string eie::formatIndex(llvm::ArrayRef<int64_t> shape, int64_t flatIndex) {
  llvm::SmallVector<int64_t, 4> index(shape.size());
  for (int64_t d = shape.size() - 1; d >= 0; --d) {
    index[d] = flatIndex % shape[d];
    flatIndex /= shape[d];
  }
  return formatShapeTuple(index);
}
