//===- ArrayCompare.h - Compare an array against a reference ---*- C++ -*-===//
//
// Element-wise comparison with NumPy's allclose rule, |actual - expected| <=
// atol + rtol * |expected|, reporting the largest errors so that a test failure
// says how far off it is.
//
//===----------------------------------------------------------------------===//

#ifndef EIE_SUPPORT_ARRAYCOMPARE_H
#define EIE_SUPPORT_ARRAYCOMPARE_H

#include "eie/Support/Npy.h"

#include <string>

namespace eie {

struct ArrayComparison {
  /// Largest |actual - expected|.
  double maxAbsError = 0;
  /// Largest |actual - expected| / |expected| over the elements whose expected
  /// value is non-zero.
  double maxRelError = 0;
  /// Elements violating |actual - expected| <= atol + rtol * |expected| (NaN
  /// always violates it).
  int64_t numMismatches = 0;
  /// Flat index of the element that exceeds its tolerance the most (-1 if none
  /// does).
  int64_t worstIndex = -1;

  bool withinTolerance() const { return numMismatches == 0; }
};

/// Compares two arrays of the same shape (their dtypes may differ: values
/// compare as doubles). Fails if the shapes differ; `actualName` and
/// `expectedName` name the arrays in that message.
llvm::Expected<ArrayComparison>
compareArrays(const NpyArray &actual, const NpyArray &expected, double rtol,
              double atol, llvm::StringRef actualName = "actual",
              llvm::StringRef expectedName = "expected");

/// Formats a flat index of a C-ordered array of `shape` as a tuple: "(0, 2,
/// 1)".
std::string formatIndex(llvm::ArrayRef<int64_t> shape, int64_t flatIndex);

} // namespace eie

#endif // EIE_SUPPORT_ARRAYCOMPARE_H
