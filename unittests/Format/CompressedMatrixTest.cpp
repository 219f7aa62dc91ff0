//===- CompressedMatrixTest.cpp - Tests of the EIE compressed format ------===//

#include "eie/Format/CompressedMatrix.h"

#include "ErrorMessage.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include <random>

using namespace eie::format;
using ::testing::HasSubstr;

static Codebook makeCodebook(unsigned bits) {
  std::vector<float> values(size_t(1) << bits);
  for (size_t i = 1; i < values.size(); ++i)
    values[i] = (i % 2 ? 1.0f : -1.0f) * 0.125f * float(i);
  auto cb = Codebook::create(bits, values);
  EXPECT_EQ(errorMessage(cb), "");
  return *cb;
}

static std::vector<uint8_t> randomCodes(uint32_t rows, uint32_t cols,
                                        double density, unsigned bits,
                                        unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(0, 1);
  std::uniform_int_distribution<int> code(1, (1 << bits) - 1);
  std::vector<uint8_t> out(size_t(rows) * cols);
  for (uint8_t &c : out)
    c = u(rng) < density ? code(rng) : 0;
  return out;
}

// The paper's example: one PE, column (0,0,1,2, eighteen zeros, 3).
TEST(CompressedMatrix, PaperExample) {
  std::vector<uint8_t> col = paperColumn();
  auto m = encode(col, 23, 1, 1, makeCodebook(4));
  ASSERT_EQ(errorMessage(m), "");
  ASSERT_EQ(m->numEntries(0), 4u);
  std::vector<unsigned> v, z;
  for (unsigned k = 0; k < 4; ++k) {
    v.push_back(m->entry(0, k).v);
    z.push_back(m->entry(0, k).z);
  }
  EXPECT_EQ(v, (std::vector<unsigned>{1, 2, 0, 3}));
  EXPECT_EQ(z, (std::vector<unsigned>{2, 0, 15, 2}));
  // Nibble packing: v low, z high.
  EXPECT_EQ(m->pes[0].entries[0], 0x21);
  EXPECT_EQ(m->pes[0].entries[2], 0xF0);
  EXPECT_EQ(m->pes[0].colPtr, (std::vector<uint32_t>{0, 4}));
  EXPECT_EQ(m->totalPadding(), 1u);
  EXPECT_EQ(decodeCodes(*m), col);
}

TEST(CompressedMatrix, GapOfExactlySixteenNeedsOnePadding) {
  std::vector<uint8_t> col(17, 0);
  col[16] = 5;
  auto m = encode(col, 17, 1, 1, makeCodebook(4));
  ASSERT_EQ(errorMessage(m), "");
  ASSERT_EQ(m->numEntries(0), 2u);
  EXPECT_TRUE(m->entry(0, 0).isPadding());
  EXPECT_EQ(m->entry(0, 1).v, 5);
  EXPECT_EQ(m->entry(0, 1).z, 0);
}

TEST(CompressedMatrix, RowsInterleaveOverPEs) {
  // 5x2 on 2 PEs: PE 0 holds rows 0, 2, 4; PE 1 rows 1, 3.
  std::vector<uint8_t> w = {0, 1, //
                            2, 0, //
                            0, 0, //
                            3, 4, //
                            5, 0};
  auto m = encode(w, 5, 2, 2, makeCodebook(4));
  ASSERT_EQ(errorMessage(m), "");
  EXPECT_EQ(m->localRows(0), 3u);
  EXPECT_EQ(m->localRows(1), 2u);
  // PE 0, column 0: local row 2 (row 4) -> z = 2. Column 1: local row 0.
  EXPECT_EQ(m->pes[0].colPtr, (std::vector<uint32_t>{0, 1, 2}));
  EXPECT_EQ(m->entry(0, 0).v, 5);
  EXPECT_EQ(m->entry(0, 0).z, 2);
  EXPECT_EQ(m->entry(0, 1).v, 1);
  EXPECT_EQ(m->entry(0, 1).z, 0);
  // PE 1, column 0: rows 1, 3 -> local 0, 1. Column 1: row 3 -> local 1.
  EXPECT_EQ(m->pes[1].colPtr, (std::vector<uint32_t>{0, 2, 3}));
  EXPECT_EQ(m->entry(1, 2).z, 1);
  EXPECT_EQ(decodeCodes(*m), w);
  EXPECT_EQ(errorMessage(verify(*m)), "");
}

TEST(CompressedMatrix, RoundTripsRandomMatrices) {
  for (unsigned bits : {2u, 4u, 5u, 8u})
    for (uint32_t pes : {1u, 3u, 64u}) {
      auto codes = randomCodes(300, 70, 0.05, bits, bits * 100 + pes);
      auto m = encode(codes, 300, 70, pes, makeCodebook(bits));
      ASSERT_EQ(errorMessage(m), "");
      EXPECT_EQ(m->entryBytes(), bits <= 4 ? 1u : 2u);
      EXPECT_EQ(errorMessage(verify(*m)), "");
      EXPECT_EQ(decodeCodes(*m), codes) << bits << " bits, " << pes << " PEs";
      // Sparse decoding re-encodes to the same streams.
      auto again = encode(decodeSparse(*m), pes, m->codebook);
      ASSERT_EQ(errorMessage(again), "");
      for (uint32_t pe = 0; pe < pes; ++pe) {
        EXPECT_EQ(again->pes[pe].entries, m->pes[pe].entries);
        EXPECT_EQ(again->pes[pe].colPtr, m->pes[pe].colPtr);
      }
      std::vector<float> dense = decodeDense(*m);
      for (size_t i = 0; i < codes.size(); ++i)
        ASSERT_EQ(dense[i], m->codebook.values[codes[i]]);
    }
}

TEST(CompressedMatrix, WideEntryPacking) {
  std::vector<uint8_t> col = {0, 0, 200};
  auto m = encode(col, 3, 1, 1, makeCodebook(8));
  ASSERT_EQ(errorMessage(m), "");
  EXPECT_EQ(m->pes[0].entries, (std::vector<uint8_t>{200, 2 << 4}));
}

TEST(CompressedMatrix, EncodeRejectsBadInput) {
  std::vector<uint8_t> w = {0, 16};
  EXPECT_EQ(errorMessage(encode(w, 1, 2, 1, makeCodebook(4))),
            "encode: code 16 at row 0 "
            "column 1 outside [1, 16)");
  EXPECT_EQ(errorMessage(encode(w, 2, 2, 1, makeCodebook(4))),
            "encode: 2 codes for a 2x2 matrix");
  EXPECT_EQ(errorMessage(encode(w, 1, 2, 0, makeCodebook(4))),
            "encode: number of PEs must be positive");
}

class VerifierTest : public ::testing::Test {
protected:
  void SetUp() override {
    std::vector<uint8_t> col = paperColumn();
    auto e = encode(col, 23, 1, 1, makeCodebook(4));
    ASSERT_EQ(errorMessage(e), "");
    m = std::move(*e);
  }
  CompressedMatrix m;
};

TEST_F(VerifierTest, PointerNotMonotonic) {
  m.numCols = 2;
  m.pes[0].colPtr = {0, 4, 3};
  EXPECT_EQ(errorMessage(verify(m)),
            "PE 0: column pointer 2 is 3, below pointer 1 = 4");
}

TEST_F(VerifierTest, PointerEndMismatch) {
  m.pes[0].colPtr = {0, 3};
  EXPECT_EQ(errorMessage(verify(m)),
            "PE 0: last column pointer is 3, expected the entry count 4");
}

TEST_F(VerifierTest, PointerCount) {
  m.pes[0].colPtr = {0};
  EXPECT_EQ(errorMessage(verify(m)), "PE 0: 1 column pointers, expected 2");
}

TEST_F(VerifierTest, PaddingWithWrongZeroRun) {
  m.pes[0].entries[2] = 0x30; // v = 0, z = 3
  EXPECT_THAT(errorMessage(verify(m)),
              HasSubstr("PE 0 column 0 entry 2: index 0 with zero run 3"));
}

TEST_F(VerifierTest, RowOutOfRange) {
  m.pes[0].entries[3] = 0xF3; // z = 15 pushes row 22 to 35
  EXPECT_EQ(errorMessage(verify(m)), "PE 0 column 0 entry 3: local row 35 out "
                                     "of range, PE has 23 rows");
}

TEST_F(VerifierTest, TrailingPadding) {
  m.pes[0].entries.push_back(0xF0);
  m.pes[0].colPtr[1] = 5;
  m.numRows = 60;
  EXPECT_THAT(errorMessage(verify(m)),
              HasSubstr("entry 4: padding ends the column"));
}

TEST_F(VerifierTest, IndexOutsideCodebook) {
  m.codebook = makeCodebook(2);
  m.pes[0].entries[3] = 0x25; // v = 5 with a 4-entry codebook
  EXPECT_EQ(errorMessage(verify(m)), "PE 0 column 0 entry 3: index 5 outside "
                                     "the 4-entry codebook");
}

TEST_F(VerifierTest, WideEntryUnusedBits) {
  m.codebook = makeCodebook(5);
  m.pes[0].entries = {1, 0x21};
  m.pes[0].colPtr = {0, 1};
  EXPECT_EQ(errorMessage(verify(m)), "PE 0 column 0 entry 0: unused bits "
                                     "8..11 are 1, expected 0");
}

TEST_F(VerifierTest, CodebookInvariants) {
  m.codebook.values[0] = 0.5f;
  EXPECT_THAT(errorMessage(verify(m)), HasSubstr("code 0 is 0.5"));
  m.codebook = makeCodebook(4);
  m.codebook.fixedValues[3] += 1;
  EXPECT_THAT(errorMessage(verify(m)),
              HasSubstr("fixed-point value of code 3"));
  EXPECT_EQ(errorMessage(Codebook::create(9, {})),
            "codebook: bits 9 outside [2, 8]");
  std::vector<float> nan(4, 0.0f);
  nan[2] = std::numeric_limits<float>::quiet_NaN();
  EXPECT_EQ(errorMessage(Codebook::create(2, nan)),
            "codebook: value of code 2 is nan, expected a "
            "finite number");
}

TEST_F(VerifierTest, ShapeAndSlices) {
  m.pes.clear();
  EXPECT_EQ(errorMessage(verify(m)),
            "compressed matrix: 0 PE slices, expected 1");
  m.numPEs = 0;
  EXPECT_THAT(errorMessage(verify(m)), HasSubstr("must be positive"));
}
