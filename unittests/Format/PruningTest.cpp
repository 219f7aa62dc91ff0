//===- PruningTest.cpp - Tests of magnitude pruning -----------------------===//

#include "eie/Format/Pruning.h"

#include "ErrorMessage.h"
#include "gtest/gtest.h"

#include <cmath>
#include <limits>
#include <random>

using namespace eie::format;

TEST(Pruning, KeepsLargestMagnitudes) {
  std::vector<float> w = {0.1f, -5.0f, 0.3f, 2.0f, -0.2f, 4.0f};
  auto kept = pruneToDensity(w, 0.5);
  ASSERT_EQ(errorMessage(kept), "");
  EXPECT_EQ(*kept, 3u);
  EXPECT_EQ(w, (std::vector<float>{0, -5.0f, 0, 2.0f, 0, 4.0f}));
}

TEST(Pruning, TiesKeepLowerIndices) {
  std::vector<float> w = {1.0f, -1.0f, 1.0f, 3.0f, -1.0f};
  auto kept = pruneToDensity(w, 0.6); // 3 of 5: 3.0 and the first two 1s
  ASSERT_EQ(errorMessage(kept), "");
  EXPECT_EQ(w, (std::vector<float>{1.0f, -1.0f, 0, 3.0f, 0}));
}

TEST(Pruning, ExactCountOnLargeLayer) {
  std::mt19937 rng(7);
  std::normal_distribution<float> d(0, 1);
  std::vector<float> w(100003);
  for (float &x : w)
    x = d(rng);
  std::vector<float> orig = w;
  auto kept = pruneToDensity(w, 0.09);
  ASSERT_EQ(errorMessage(kept), "");
  EXPECT_EQ(*kept, uint64_t(std::llround(0.09 * w.size())));
  float minKept = INFINITY, maxPruned = 0;
  for (size_t i = 0; i < w.size(); ++i) {
    if (w[i] != 0) {
      EXPECT_EQ(w[i], orig[i]);
      minKept = std::min(minKept, std::fabs(w[i]));
    } else {
      maxPruned = std::max(maxPruned, std::fabs(orig[i]));
    }
  }
  EXPECT_GE(minKept, maxPruned);
}

TEST(Pruning, DensityOneKeepsAll) {
  std::vector<float> w = {1, 0, 2};
  auto kept = pruneToDensity(w, 1.0);
  ASSERT_EQ(errorMessage(kept), "");
  EXPECT_EQ(*kept, 2u);
}

TEST(Pruning, BadInput) {
  std::vector<float> w = {1, 2, 3};
  EXPECT_EQ(errorMessage(pruneToDensity(w, 0.0)),
            "prune: density 0 outside (0, 1]");
  EXPECT_EQ(errorMessage(pruneToDensity(w, 1.5)),
            "prune: density 1.5 outside (0, 1]");
  EXPECT_EQ(errorMessage(pruneToDensity(w, 0.1)),
            "prune: density 0.1 of 3 weights keeps no weight");
  w[1] = std::numeric_limits<float>::infinity();
  EXPECT_EQ(errorMessage(pruneToDensity(w, 0.5)),
            "prune: weight 1 is inf, expected a finite number");
}
