//===- ArrayCompareTest.cpp - Tests for compareArrays ---------------------===//

#include "eie/Support/ArrayCompare.h"

#include "gtest/gtest.h"

#include <cmath>

using namespace eie;

namespace {

NpyArray makeFloats(llvm::ArrayRef<int64_t> shape,
                    llvm::ArrayRef<float> values) {
  NpyArray array(DType::F32, shape);
  llvm::copy(values, array.getValues<float>().begin());
  return array;
}

TEST(ArrayCompareTest, EqualArrays) {
  NpyArray a = makeFloats({3}, {1, -2, 0});
  llvm::Expected<ArrayComparison> result = compareArrays(a, a, 0, 0);
  ASSERT_TRUE(bool(result));
  EXPECT_TRUE(result->withinTolerance());
  EXPECT_EQ(result->maxAbsError, 0);
  EXPECT_EQ(result->maxRelError, 0);
  EXPECT_EQ(result->worstIndex, -1);
}

TEST(ArrayCompareTest, AllcloseRule) {
  NpyArray expected = makeFloats({2, 2}, {100, 1, 0, -4});
  // Errors: 0.5 (rel 0.005), 0.1 (rel 0.1), 0.01 (expected 0), 0.
  NpyArray actual = makeFloats({2, 2}, {100.5, 1.1f, 0.01f, -4});
  llvm::Expected<ArrayComparison> loose =
      compareArrays(actual, expected, /*rtol=*/0.2, /*atol=*/0.02);
  ASSERT_TRUE(bool(loose));
  EXPECT_TRUE(loose->withinTolerance());
  EXPECT_NEAR(loose->maxAbsError, 0.5, 1e-6);
  EXPECT_NEAR(loose->maxRelError, 0.1, 1e-6);

  // rtol 0.01: element 1 exceeds 0.01 + 0.01 * 1 by 0.08, element 2 passes by
  // atol.
  llvm::Expected<ArrayComparison> tight =
      compareArrays(actual, expected, /*rtol=*/0.01, /*atol=*/0.01);
  ASSERT_TRUE(bool(tight));
  EXPECT_FALSE(tight->withinTolerance());
  EXPECT_EQ(tight->numMismatches, 1);
  EXPECT_EQ(tight->worstIndex, 1);
  EXPECT_EQ(formatIndex(actual.getShape(), tight->worstIndex), "(0, 1)");
}

TEST(ArrayCompareTest, NaNIsAMismatch) {
  NpyArray expected = makeFloats({3}, {1, 2, 3});
  NpyArray actual = makeFloats({3}, {1, NAN, 3});
  llvm::Expected<ArrayComparison> result =
      compareArrays(actual, expected, 1e9, 1e9);
  ASSERT_TRUE(bool(result));
  EXPECT_EQ(result->numMismatches, 1);
  EXPECT_EQ(result->worstIndex, 1);
  EXPECT_TRUE(std::isnan(result->maxAbsError));
}

TEST(ArrayCompareTest, MixedDTypes) {
  NpyArray expected(DType::F64, {2});
  expected.getValues<double>()[1] = 7;
  NpyArray actual(DType::I32, {2});
  actual.getValues<int32_t>()[1] = 7;
  llvm::Expected<ArrayComparison> result =
      compareArrays(actual, expected, 0, 0);
  ASSERT_TRUE(bool(result));
  EXPECT_TRUE(result->withinTolerance());
}

TEST(ArrayCompareTest, ShapeMismatch) {
  llvm::Expected<ArrayComparison> result =
      compareArrays(NpyArray(DType::F32, {2, 3}), NpyArray(DType::F32, {3, 2}),
                    0, 0, "result 0", "ref.npy");
  ASSERT_FALSE(bool(result));
  EXPECT_EQ(llvm::toString(result.takeError()),
            "shape mismatch: result 0 is float32 (2, 3), ref.npy is float32 "
            "(3, 2)");
}

TEST(ArrayCompareTest, FormatIndex) {
  EXPECT_EQ(formatIndex({2, 3, 4}, 23), "(1, 2, 3)");
  EXPECT_EQ(formatIndex({5}, 4), "(4,)");
  EXPECT_EQ(formatIndex({}, 0), "()");
}

} // namespace
