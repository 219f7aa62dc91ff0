//===- FixedPointTest.cpp - Tests of the EIE fixed-point numerics ---------===//

#include "eie/Format/FixedPoint.h"

#include "ErrorMessage.h"
#include "gtest/gtest.h"

#include <limits>

using namespace eie::format;

TEST(FixedPoint, QuantizeRoundsHalfAwayFromZero) {
  EXPECT_EQ(quantize(2.5, 0), 3);
  EXPECT_EQ(quantize(-2.5, 0), -3);
  EXPECT_EQ(quantize(0.25, 1), 1);   // 0.5 -> 1
  EXPECT_EQ(quantize(-0.25, 1), -1); // -0.5 -> -1
  EXPECT_EQ(quantize(0.2, 1), 0);
  EXPECT_EQ(quantize(1.0 / 3, 15), 10923);
}

TEST(FixedPoint, QuantizeSaturates) {
  EXPECT_EQ(quantize(1.0, 15), 32767);
  EXPECT_EQ(quantize(-1.0, 15), -32768);
  EXPECT_EQ(quantize(-2.0, 15), -32768);
  EXPECT_EQ(quantize(std::numeric_limits<double>::infinity(), 3), 32767);
  EXPECT_EQ(quantize(std::numeric_limits<double>::quiet_NaN(), 3), 0);
}

TEST(FixedPoint, QuantizeActivations) {
  llvm::Expected<std::vector<int16_t>> q =
      quantizeActivations({0.5f, -1.25f, 300.0f}, 8);
  ASSERT_TRUE(static_cast<bool>(q));
  EXPECT_EQ(*q, (std::vector<int16_t>{128, -320, 32767}));
  llvm::Expected<std::vector<int16_t>> nan = quantizeActivations(
      {1.0f, std::numeric_limits<float>::quiet_NaN()}, 8);
  EXPECT_EQ(errorMessage(nan.takeError()), "element 1 is not finite");
}

TEST(FixedPoint, DequantizeIsExact) {
  EXPECT_EQ(dequantize(3, 1), 1.5f);
  EXPECT_EQ(dequantize(-32768, 15), -1.0f);
}

TEST(FixedPoint, ChooseFracBits) {
  EXPECT_EQ(chooseFracBits(0.0), 15);
  EXPECT_EQ(chooseFracBits(0.9), 15);
  EXPECT_EQ(chooseFracBits(1.0), 14); // 1.0 * 2^15 = 32768 > 32767
  EXPECT_EQ(chooseFracBits(3.9), 13);
  EXPECT_EQ(chooseFracBits(32767.0), 0);
  EXPECT_EQ(chooseFracBits(1e9), 0);
}

TEST(FixedPoint, WriteBackRoundsHalfUp) {
  // s = 2: 6/4 = 1.5 -> 2, -6/4 = -1.5 -> -1, 5/4 -> 1, -5/4 -> -1.
  EXPECT_EQ(writeBack(6, 2, false), 2);
  EXPECT_EQ(writeBack(-6, 2, false), -1);
  EXPECT_EQ(writeBack(5, 2, false), 1);
  EXPECT_EQ(writeBack(-5, 2, false), -1);
  EXPECT_EQ(writeBack(-7, 2, false), -2);
  EXPECT_EQ(writeBack(-7, 0, false), -7);
}

TEST(FixedPoint, WriteBackReluAndSaturation) {
  EXPECT_EQ(writeBack(-100, 1, true), 0);
  EXPECT_EQ(writeBack(int64_t(1) << 40, 3, false), 32767);
  EXPECT_EQ(writeBack(-(int64_t(1) << 40), 3, false), -32768);
  EXPECT_EQ(writeBack(-(int64_t(1) << 40), 3, true), 0);
}

TEST(FixedPoint, BiasEntersShiftedToAccumulatorWidth) {
  FixedPointParams p{8, 12, 10};
  EXPECT_EQ(p.shift(), 10);
  EXPECT_EQ(biasToAccumulator(-3, p), -3 * 1024);
  EXPECT_EQ(writeBack(biasToAccumulator(-3, p), p.shift(), false), -3);
}

TEST(FixedPoint, ParamsValidate) {
  EXPECT_EQ(errorMessage((FixedPointParams{8, 12, 10}.validate())), "");
  EXPECT_EQ(errorMessage((FixedPointParams{16, 0, 0}.validate())),
            "fixed point: activation "
            "fractional bits 16 outside [0, "
            "15]");
  EXPECT_EQ(errorMessage((FixedPointParams{2, 3, 6}.validate())),
            "fixed point: output fractional bits 6 exceed "
            "activation + weight fractional bits 2 + 3");
}
