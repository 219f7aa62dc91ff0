//===- PruningTest.cpp - Tests of magnitude pruning -----------------------===//

#include "eie/Format/Pruning.h"
#include "eie/Format/CompressedMatrix.h"
#include "eie/Format/StorageStats.h"
#include "eie/Format/WeightSharing.h"

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

//===----------------------------------------------------------------------===//
// Padding-aware pruning for EIE's format
//===----------------------------------------------------------------------===//

namespace {

std::vector<float> normalMatrix(size_t size, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> d(0, 0.01f);
  std::vector<float> w(size);
  for (float &x : w)
    x = d(rng);
  return w;
}

/// Shares the pruned weights (4 bits) and encodes them on numPEs PEs.
StorageStats encodeStats(llvm::ArrayRef<float> w, uint32_t rows, uint32_t cols,
                         unsigned numPEs) {
  auto shared = shareWeights(w);
  EXPECT_EQ(errorMessage(shared), "");
  auto m = encode(shared->codes, rows, cols, numPEs, shared->codebook);
  EXPECT_EQ(errorMessage(m), "");
  return computeStorageStats(*m);
}

/// A rows x 1 matrix (one column) with the given non-zeros.
std::vector<float> column(size_t rows,
                          std::initializer_list<std::pair<size_t, float>> nz) {
  std::vector<float> w(rows, 0.0f);
  for (auto [i, v] : nz)
    w[i] = v;
  return w;
}

/// One column of 40 rows: 10 at row 0, 9 at row 20, 8 at row 39, 0.5 at
/// row 5, 0.01 * (row + 1) elsewhere.
std::vector<float> rampColumn() {
  std::vector<float> w(40);
  for (size_t i = 0; i < w.size(); ++i)
    w[i] = 0.01f * (i + 1);
  w[0] = 10;
  w[20] = 9;
  w[39] = 8;
  w[5] = 0.5f;
  return w;
}

/// `w` with every weight but those of `rows` set to 0.
std::vector<float> keepOnly(const std::vector<float> &w,
                            std::initializer_list<size_t> rows) {
  std::vector<float> kept(w.size(), 0.0f);
  for (size_t i : rows)
    kept[i] = w[i];
  return kept;
}

} // namespace

TEST(PruningForEIE, FillReplacesPadding) {
  // One PE, 4 of 40 weights. Keeping 10 and 9 alone would need padding
  // (19 zeros); the largest of rows 4..16 (a fill before row 4 would leave
  // 16 zeros), 0.5 at row 5, is kept instead. Adding 8 would need another
  // fill, so it does not fit in 4; the top-up takes the largest weight that
  // ends the column within 16 of row 20: 0.37 at row 36.
  std::vector<float> w = rampColumn();
  auto result = pruneForEIE(w, 40, 1, 0.1, 1);
  ASSERT_EQ(errorMessage(result), "");
  EXPECT_EQ(result->kept, 4u);
  EXPECT_EQ(result->fills, 1u);
  EXPECT_EQ(w, keepOnly(rampColumn(), {0, 5, 20, 36}));
}

TEST(PruningForEIE, AsFewFillsAsPadding) {
  // As above with 0.9 at row 2: the largest of rows 1..16, but a fill there
  // would leave 17 zeros before row 20 and need a second fill. The fill is
  // 0.5 at row 5; 0.9 comes in with the top-up (between kept weights).
  std::vector<float> orig = rampColumn();
  orig[2] = 0.9f;
  std::vector<float> w = orig;
  auto result = pruneForEIE(w, 40, 1, 0.1, 1);
  ASSERT_EQ(errorMessage(result), "");
  EXPECT_EQ(result->kept, 4u);
  EXPECT_EQ(result->fills, 1u);
  EXPECT_EQ(w, keepOnly(orig, {0, 2, 5, 20}));
}

TEST(PruningForEIE, ZeroWindowKeepsPadding) {
  // Rows 1..16 are exact zeros: nothing to keep there, the padding stays.
  // 0.1 at row 20 lies between kept weights and needs no fill.
  std::vector<float> w = column(40, {{0, 10}, {20, 0.1f}, {30, 9}});
  auto result = pruneForEIE(w, 40, 1, 0.075, 1); // round(3) weights
  ASSERT_EQ(errorMessage(result), "");
  EXPECT_EQ(result->kept, 3u);
  EXPECT_EQ(result->fills, 0u);
  EXPECT_EQ(w, column(40, {{0, 10}, {20, 0.1f}, {30, 9}}));
}

TEST(PruningForEIE, InterleavedPEs) {
  // 4 PEs, one column of 80 rows: PE 1 holds rows 1, 5, 9, ...; 10 at row 1
  // (local 0) and 9 at row 77 (local 19) leave a run of 18 in PE 1; the
  // largest of its local rows 3..16 (rows 13..65), 0.5 at row 41, fills it.
  // Row 40 (PE 0) is larger but fills nothing.
  std::vector<float> w =
      column(80, {{1, 10}, {77, 9}, {41, 0.5f}, {40, 0.6f}, {45, 0.2f}});
  auto result = pruneForEIE(w, 80, 1, 3.0 / 80, 4);
  ASSERT_EQ(errorMessage(result), "");
  EXPECT_EQ(result->kept, 3u);
  EXPECT_EQ(result->fills, 1u);
  EXPECT_EQ(w, column(80, {{1, 10}, {77, 9}, {41, 0.5f}}));
}

TEST(PruningForEIE, ExactCountWithoutPaddingOnEveryPECount) {
  const uint32_t rows = 1000, cols = 300;
  const std::vector<float> orig = normalMatrix(size_t(rows) * cols, 3);
  const uint64_t k = std::llround(0.09 * orig.size());
  for (unsigned pes : {1u, 3u, 8u, 16u, 64u, 2000u}) {
    std::vector<float> w = orig;
    auto result = pruneForEIE(w, rows, cols, 0.09, pes);
    ASSERT_EQ(errorMessage(result), "") << pes << " PEs";
    EXPECT_EQ(result->kept, k) << pes << " PEs";
    // Runs of 16 need more than 16 rows per PE.
    if (rows / pes > 16)
      EXPECT_GT(result->fills, 0u) << pes << " PEs";
    else
      EXPECT_EQ(result->fills, 0u) << pes << " PEs";
    uint64_t nonZeros = 0;
    for (size_t i = 0; i < w.size(); ++i)
      if (w[i] != 0) {
        ++nonZeros;
        EXPECT_EQ(w[i], orig[i]);
      }
    EXPECT_EQ(nonZeros, k) << pes << " PEs";
    // Normal weights have a non-zero in every window: no padding is left.
    EXPECT_EQ(encodeStats(w, rows, cols, pes).paddingEntries, 0u)
        << pes << " PEs";
  }
}

TEST(PruningForEIE, Deterministic) {
  std::vector<float> a = normalMatrix(200 * 100, 5), b = a;
  // Equal magnitudes everywhere exercise the tie rules.
  for (float *w : {a.data(), b.data()})
    for (size_t i = 0; i < a.size(); i += 3)
      w[i] = i % 2 ? 0.01f : -0.01f;
  auto ra = pruneForEIE(a, 200, 100, 0.05, 8);
  auto rb = pruneForEIE(b, 200, 100, 0.05, 8);
  ASSERT_EQ(errorMessage(ra), "");
  ASSERT_EQ(errorMessage(rb), "");
  EXPECT_EQ(ra->kept, 1000u);
  EXPECT_EQ(ra->fills, rb->fills);
  EXPECT_EQ(a, b);
}

TEST(PruningForEIE, FewerNonZerosThanKeptKeepsAll) {
  std::vector<float> w = column(40, {{3, 1}, {30, -2}});
  auto result = pruneForEIE(w, 40, 1, 0.5, 1);
  ASSERT_EQ(errorMessage(result), "");
  EXPECT_EQ(result->kept, 2u);
  EXPECT_EQ(result->fills, 0u);
  EXPECT_EQ(w, column(40, {{3, 1}, {30, -2}}));
}

TEST(PruningForEIE, BadInput) {
  std::vector<float> w = {1, 2, 3, 4, 5, 6};
  EXPECT_EQ(errorMessage(pruneForEIE(w, 2, 2, 0.5, 1)),
            "prune: 6 weights for a 2x2 matrix");
  EXPECT_EQ(errorMessage(pruneForEIE(w, 2, 3, 0.5, 0)),
            "prune: the number of PEs must be positive");
  EXPECT_EQ(errorMessage(pruneForEIE(w, 2, 3, 0.0, 1)),
            "prune: density 0 outside (0, 1]");
  EXPECT_EQ(errorMessage(pruneForEIE(w, 2, 3, 0.05, 1)),
            "prune: density 0.05 of 6 weights keeps no weight");
  w[4] = std::numeric_limits<float>::quiet_NaN();
  EXPECT_EQ(errorMessage(pruneForEIE(w, 2, 3, 0.5, 1)),
            "prune: weight 4 is nan, expected a finite number");
}

// AlexNet fc6 (4096 outputs x 9216 inputs) at the paper's 9%, 4 bits: plain
// pruning needs 0.28 padding entries per non-zero on one PE; padding-aware
// pruning none, which brings the layer under 1.2 bytes per non-zero up to 32
// PEs (64 PEs' 16-bit pointers alone cost 2 * 64 * 9217 / nnz = 0.35). An
// eighth of the inputs keeps the test fast: per non-zero, padding and
// pointers (one per column and PE) do not depend on the number of columns.
TEST(PruningForEIE, AlexNetFC6UnderOnePointTwoBytesPerNonZero) {
  const uint32_t rows = 4096, cols = 9216 / 8;
  const std::vector<float> orig = normalMatrix(size_t(rows) * cols, 6);
  std::vector<float> plain = orig;
  ASSERT_EQ(errorMessage(pruneToDensity(plain, 0.09)), "");
  StorageStats plainStats = encodeStats(plain, rows, cols, 1);
  EXPECT_GT(plainStats.paddingOverhead(), 0.25);
  EXPECT_GT(plainStats.bytesPerNonZero(), 1.25);
  for (unsigned pes : {1u, 32u, 64u}) {
    std::vector<float> w = orig;
    auto result = pruneForEIE(w, rows, cols, 0.09, pes);
    ASSERT_EQ(errorMessage(result), "");
    StorageStats s = encodeStats(w, rows, cols, pes);
    EXPECT_EQ(s.nonZeros, uint64_t(std::llround(0.09 * orig.size())));
    EXPECT_EQ(s.paddingEntries, 0u) << pes << " PEs";
    // Entries are 1 byte each; the codebook adds 32 bytes.
    EXPECT_NEAR(s.bytesPerNonZero(), 1.0 + s.pointerOverhead(), 1e-3)
        << pes << " PEs";
    if (pes <= 32)
      EXPECT_LE(s.bytesPerNonZero(), 1.2) << pes << " PEs";
    else
      EXPECT_GT(s.bytesPerNonZero(), 1.2) << pes << " PEs";
  }
}
