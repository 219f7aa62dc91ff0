//===- CompressedMatrixAttrTest.cpp - The C++ API of #eie.compressed_matrix
//===//
//
// What the textual form cannot reach: the builder from the format library's
// matrix and the decoding back to it.
//
//===----------------------------------------------------------------------===//

#include "eie/Dialect/EIE/IR/EIEOps.h"

#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"

#include "gtest/gtest.h"

#include <random>

using namespace mlir;
using namespace mlir::eie;
namespace format = ::eie::format;

namespace {

/// A rows x cols code matrix at about 10% density with codes below 2^bits,
/// encoded on `pes` PEs.
format::CompressedMatrix makeMatrix(uint32_t rows, uint32_t cols, uint32_t pes,
                                    unsigned bits) {
  std::mt19937 random(rows * 31 + cols);
  std::uniform_int_distribution<int> code(1, (1 << bits) - 1);
  std::vector<uint8_t> codes(size_t(rows) * cols);
  for (uint8_t &c : codes)
    c = random() % 10 == 0 ? code(random) : 0;
  std::vector<float> values(size_t(1) << bits);
  for (size_t i = 1; i < values.size(); ++i)
    values[i] = (i % 2 ? -0.1f : 0.1f) * i;
  llvm::Expected<format::Codebook> codebook =
      format::Codebook::create(bits, values);
  EXPECT_TRUE(bool(codebook));
  llvm::Expected<format::CompressedMatrix> matrix =
      format::encode(codes, rows, cols, pes, std::move(*codebook));
  EXPECT_TRUE(bool(matrix));
  return std::move(*matrix);
}

class CompressedMatrixAttrTest : public ::testing::TestWithParam<unsigned> {
protected:
  CompressedMatrixAttrTest() { context.loadDialect<EIEDialect>(); }
  MLIRContext context;
};

TEST_P(CompressedMatrixAttrTest, RoundTrip) {
  unsigned bits = GetParam();
  format::CompressedMatrix matrix = makeMatrix(70, 45, 8, bits);
  auto attr = CompressedMatrixAttr::get(&context, matrix, "layer");
  EXPECT_TRUE(isa<DenseResourceElementsAttr>(attr.getEntries()));
  EXPECT_TRUE(isa<DenseResourceElementsAttr>(attr.getColPtrs()));
  EXPECT_EQ(attr.getEntries().getNumElements(),
            int64_t(matrix.totalEntries() * matrix.entryBytes()));

  llvm::Expected<format::CompressedMatrix> decoded = attr.toCompressedMatrix();
  ASSERT_TRUE(bool(decoded)) << llvm::toString(decoded.takeError());
  EXPECT_FALSE(bool(format::verify(*decoded)));
  EXPECT_EQ(decoded->codebook.values, matrix.codebook.values);
  EXPECT_EQ(decoded->codebook.fixedValues, matrix.codebook.fixedValues);
  EXPECT_EQ(decoded->codebook.fracBits, matrix.codebook.fracBits);
  ASSERT_EQ(decoded->pes.size(), matrix.pes.size());
  for (size_t pe = 0; pe < matrix.pes.size(); ++pe) {
    EXPECT_EQ(decoded->pes[pe].entries, matrix.pes[pe].entries);
    EXPECT_EQ(decoded->pes[pe].colPtr, matrix.pes[pe].colPtr);
  }
  EXPECT_EQ(format::decodeCodes(*decoded), format::decodeCodes(matrix));
}

INSTANTIATE_TEST_SUITE_P(OneAndTwoByteEntries, CompressedMatrixAttrTest,
                         ::testing::Values(2u, 4u, 5u, 8u));

TEST(CompressedMatrixAttrBlobTest, SameNameGetsDistinctBlobs) {
  MLIRContext context;
  context.loadDialect<EIEDialect>();
  format::CompressedMatrix first = makeMatrix(16, 16, 2, 4);
  format::CompressedMatrix second = makeMatrix(17, 16, 2, 4);
  auto a = CompressedMatrixAttr::get(&context, first, "fc");
  auto b = CompressedMatrixAttr::get(&context, second, "fc");
  auto key = [](ElementsAttr payload) {
    return cast<DenseResourceElementsAttr>(payload).getRawHandle().getKey();
  };
  EXPECT_NE(key(a.getEntries()), key(b.getEntries()));
  llvm::Expected<format::CompressedMatrix> decoded = b.toCompressedMatrix();
  ASSERT_TRUE(bool(decoded)) << llvm::toString(decoded.takeError());
  EXPECT_EQ(format::decodeCodes(*decoded), format::decodeCodes(second));
}

/// The payloads of one attribute are decoded once: after a success the
/// dialect remembers the attribute, while a failure is reported every time.
TEST(CompressedMatrixAttrBlobTest, PayloadsAreVerifiedOnce) {
  MLIRContext context;
  context.loadDialect<EIEDialect>();
  std::vector<std::string> messages;
  context.getDiagEngine().registerHandler([&](Diagnostic &diag) {
    messages.push_back(diag.str());
    return success();
  });
  auto emitError = [&] { return mlir::emitError(UnknownLoc::get(&context)); };
  auto attr = CompressedMatrixAttr::get(&context, makeMatrix(16, 16, 2, 4), "fc");
  ASSERT_TRUE(succeeded(attr.verifyPayloads(emitError)));

  // Pointers beyond the entries: decoding the blob fails from now on, but the
  // attribute is not decoded again.
  AsmResourceBlob *blob =
      cast<DenseResourceElementsAttr>(attr.getColPtrs()).getRawHandle().getBlob();
  ASSERT_TRUE(blob && blob->isMutable());
  std::fill(blob->getMutableData().begin(), blob->getMutableData().end(), 0x7f);
  EXPECT_FALSE(bool(attr.toCompressedMatrix()));
  EXPECT_TRUE(succeeded(attr.verifyPayloads(emitError)));
  EXPECT_TRUE(messages.empty());

  auto broken = CompressedMatrixAttr::get(&context, makeMatrix(17, 16, 2, 4), "fc");
  AsmResourceBlob *brokenBlob =
      cast<DenseResourceElementsAttr>(broken.getColPtrs()).getRawHandle().getBlob();
  std::fill(brokenBlob->getMutableData().begin(),
            brokenBlob->getMutableData().end(), 0x7f);
  EXPECT_TRUE(failed(broken.verifyPayloads(emitError)));
  EXPECT_TRUE(failed(broken.verifyPayloads(emitError)));
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[0].rfind("invalid compressed matrix: ", 0), 0u)
      << messages[0];
}

} // namespace
