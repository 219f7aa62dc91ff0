//===- StorageStatsTest.cpp - Tests of the storage report -----------------===//

#include "eie/Format/StorageStats.h"

#include "ErrorMessage.h"
#include "gtest/gtest.h"

using namespace eie::format;

TEST(StorageStats, HuffmanBits) {
  // The textbook example: frequencies 45, 13, 12, 16, 9, 5 cost 224 bits.
  std::vector<uint64_t> f = {45, 13, 12, 16, 9, 5};
  EXPECT_EQ(huffmanBits(f), 224u);
  std::vector<uint64_t> one = {0, 7, 0};
  EXPECT_EQ(huffmanBits(one), 7u);
  std::vector<uint64_t> two = {3, 0, 5};
  EXPECT_EQ(huffmanBits(two), 8u);
}

TEST(StorageStats, PaperExample) {
  std::vector<uint8_t> col = paperColumn();
  std::vector<float> values(16, 0.0f);
  for (unsigned i = 1; i < 16; ++i)
    values[i] = float(i);
  auto cb = Codebook::create(4, values);
  ASSERT_EQ(errorMessage(cb), "");
  auto m = encode(col, 23, 1, 1, *cb);
  ASSERT_EQ(errorMessage(m), "");
  StorageStats s = computeStorageStats(*m, "col");
  EXPECT_EQ(s.nonZeros, 3u);
  EXPECT_EQ(s.paddingEntries, 1u);
  EXPECT_EQ(s.entryBytes, 4u);
  EXPECT_EQ(s.pointerBytes, 4u); // two 16-bit pointers
  EXPECT_EQ(s.codebookBytes, 32u);
  EXPECT_EQ(s.totalBytes, 40u);
  EXPECT_EQ(s.denseBytes, 92u);
  // v = {1,2,0,3}: four symbols once each, 2 bits each.
  EXPECT_EQ(s.huffmanVBits, 8u);
  EXPECT_EQ(s.huffmanZBits, 6u); // z=2 twice (1 bit), 0 and 15 (2 bits)
  EXPECT_EQ(s.huffmanTotalBytes, 2u + 4u + 32u);
  llvm::json::Value j = toJSON(s);
  EXPECT_EQ(j.getAsObject()->getInteger("padding_entries"), 1);
  std::string table;
  llvm::raw_string_ostream os(table);
  printStorageTable(os, {s});
  EXPECT_NE(table.find("col"), std::string::npos);
  EXPECT_NE(table.find("23x1"), std::string::npos);
}
