//===- WeightSharingTest.cpp - Tests of k-means weight sharing ------------===//

#include "eie/Format/WeightSharing.h"

#include "ErrorMessage.h"
#include "llvm/ADT/STLExtras.h"
#include "gtest/gtest.h"

#include <cmath>
#include <limits>
#include <random>

using namespace eie::format;

static std::vector<float> sparseNormal(size_t n, double density,
                                       unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> d(0, 0.05f);
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<float> w(n);
  for (float &x : w)
    x = u(rng) < density ? d(rng) : 0.0f;
  return w;
}

TEST(WeightSharing, RecoversSeparatedClusters) {
  // Three tight groups with 2 bits (3 non-zero codes).
  std::vector<float> w = {0, -1.0f, -1.1f, 0, 2.0f, 2.2f, 5.0f, 0, 5.2f};
  WeightSharingOptions o;
  o.bits = 2;
  auto s = shareWeights(w, o);
  ASSERT_EQ(errorMessage(s), "");
  EXPECT_FLOAT_EQ(s->codebook.values[1], -1.05f);
  EXPECT_FLOAT_EQ(s->codebook.values[2], 2.1f);
  EXPECT_FLOAT_EQ(s->codebook.values[3], 5.1f);
  EXPECT_EQ(s->codes, (std::vector<uint8_t>{0, 1, 1, 0, 2, 2, 3, 0, 3}));
}

TEST(WeightSharing, ZeroStaysZeroAndCodesAreNearest) {
  for (CentroidInit init :
       {CentroidInit::Linear, CentroidInit::Density, CentroidInit::Random}) {
    std::vector<float> w = sparseNormal(20000, 0.1, 3);
    WeightSharingOptions o;
    o.init = init;
    o.seed = 11;
    auto s = shareWeights(w, o);
    ASSERT_EQ(errorMessage(s), "") << centroidInitName(init).str();
    const std::vector<float> &cb = s->codebook.values;
    ASSERT_EQ(cb.size(), 16u);
    EXPECT_EQ(cb[0], 0.0f);
    for (size_t i = 0; i < w.size(); ++i) {
      if (w[i] == 0.0f) {
        ASSERT_EQ(s->codes[i], 0);
        continue;
      }
      ASSERT_NE(s->codes[i], 0);
      float best = std::fabs(w[i] - cb[s->codes[i]]);
      for (size_t c = 1; c < cb.size(); ++c)
        ASSERT_LE(best, std::fabs(w[i] - cb[c]) + 1e-6f);
    }
  }
}

TEST(WeightSharing, CentroidsAreClusterMeans) {
  std::vector<float> w = sparseNormal(5000, 0.2, 5);
  auto s = shareWeights(w);
  ASSERT_EQ(errorMessage(s), "");
  std::vector<double> sum(16, 0), count(16, 0);
  for (size_t i = 0; i < w.size(); ++i) {
    sum[s->codes[i]] += w[i];
    count[s->codes[i]] += 1;
  }
  for (unsigned c = 1; c < 16; ++c)
    if (count[c] > 0)
      EXPECT_NEAR(sum[c] / count[c], s->codebook.values[c], 1e-6);
}

TEST(WeightSharing, PrunedWeightsUseEveryCode) {
  // Magnitude pruning leaves no weight near 0, so linear init puts centroids
  // in that gap; they must be refilled, not left unused.
  std::vector<float> w = sparseNormal(50000, 1.0, 4);
  for (float &x : w)
    if (std::fabs(x) < 0.08f)
      x = 0.0f;
  for (CentroidInit init : {CentroidInit::Linear, CentroidInit::Density}) {
    WeightSharingOptions o;
    o.init = init;
    auto s = shareWeights(w, o);
    ASSERT_EQ(errorMessage(s), "") << centroidInitName(init).str();
    std::vector<size_t> count(16, 0);
    for (uint8_t c : s->codes)
      ++count[c];
    for (unsigned c = 1; c < 16; ++c)
      EXPECT_GT(count[c], 0u) << centroidInitName(init).str() << " code " << c;
  }
  // Fewer distinct values than codes: the extra clusters stay empty.
  std::vector<float> few = {0, 1, 1, 2, 2, 2, 3};
  auto s = shareWeights(few);
  ASSERT_EQ(errorMessage(s), "");
  std::vector<size_t> count(16, 0);
  for (uint8_t c : s->codes)
    ++count[c];
  EXPECT_EQ(llvm::count_if(count, [](size_t n) { return n > 0; }), 4);
}

TEST(WeightSharing, SharedLayerKeepsItsValuesExactly) {
  // A layer shared elsewhere (k-means with retraining in PyTorch) has at most
  // 2^bits - 1 values; they must survive bit for bit, even next to values
  // large enough to make means taken from prefix sums inexact.
  std::vector<float> w = {0, 1e10f, 3e-3f, -1e10f, 3e-3f, 0, 1e10f};
  WeightSharingOptions o;
  o.bits = 2;
  auto s = shareWeights(w, o);
  ASSERT_EQ(errorMessage(s), "");
  EXPECT_EQ(s->codebook.values, (std::vector<float>{0, -1e10f, 3e-3f, 1e10f}));
  w.push_back(0.1f);
  o.bits = 3;
  s = shareWeights(w, o);
  ASSERT_EQ(errorMessage(s), "");
  EXPECT_EQ(s->codebook.values,
            (std::vector<float>{0, -1e10f, 3e-3f, 0.1f, 1e10f, 0, 0, 0}));
  for (size_t i = 0; i < w.size(); ++i)
    EXPECT_EQ(s->codebook.values[s->codes[i]], w[i]) << "weight " << i;
  EXPECT_EQ(s->iterations, 0u);
}

TEST(WeightSharing, DeterministicWithSeed) {
  std::vector<float> w = sparseNormal(5000, 0.2, 9);
  WeightSharingOptions o;
  o.init = CentroidInit::Random;
  o.seed = 42;
  auto a = shareWeights(w, o), b = shareWeights(w, o);
  ASSERT_EQ(errorMessage(a), "");
  ASSERT_EQ(errorMessage(b), "");
  EXPECT_EQ(a->codebook.values, b->codebook.values);
  EXPECT_EQ(a->codes, b->codes);
}

TEST(WeightSharing, EightBits) {
  std::vector<float> w = sparseNormal(5000, 0.5, 1);
  WeightSharingOptions o;
  o.bits = 8;
  auto s = shareWeights(w, o);
  ASSERT_EQ(errorMessage(s), "");
  EXPECT_EQ(s->codebook.size(), 256u);
}

TEST(WeightSharing, BadInput) {
  std::vector<float> zeros(10, 0.0f);
  EXPECT_EQ(errorMessage(shareWeights(zeros)),
            "share weights: the layer's 10 weights are all zero");
  std::vector<float> w = {1, 2};
  WeightSharingOptions o;
  o.bits = 1;
  EXPECT_EQ(errorMessage(shareWeights(w, o)),
            "codebook: bits 1 outside [2, 8]");
  w[0] = std::numeric_limits<float>::quiet_NaN();
  EXPECT_EQ(errorMessage(shareWeights(w)),
            "share weights: weight 0 is nan, expected a finite number");
}
