//===- BlockingAttrTest.cpp - The C++ API of #cnn.blocking ----------------===//
//
// What the textual form cannot reach: attributes built through the C++ API.
//
//===----------------------------------------------------------------------===//

#include "eie/Dialect/CNN/IR/CNNOps.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"

#include "gtest/gtest.h"

using namespace mlir;
using namespace mlir::cnn;

namespace {

class BlockingAttrTest : public ::testing::Test {
protected:
  BlockingAttrTest() {
    context.loadDialect<CNNDialect>();
    context.getDiagEngine().registerHandler([this](Diagnostic &diag) {
      messages.push_back(diag.str());
      return success();
    });
  }
  InFlightDiagnostic emitError() {
    return mlir::emitError(UnknownLoc::get(&context));
  }

  MLIRContext context;
  std::vector<std::string> messages;
};

TEST_F(BlockingAttrTest, WrongNumberOfFactors) {
  auto level = BlockingLevelAttr::getChecked(
      [&] { return emitError(); }, &context, "RF", {1, 2, 3, 4, 5, 6}, {});
  EXPECT_FALSE(level);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0],
            "a blocking level has 7 factors (N, K, C, Y, X, R, S), got 6");
}

TEST_F(BlockingAttrTest, TotalFactors) {
  auto rf = BlockingLevelAttr::get(&context, "RF", {1, 2, 3, 1, 1, 3, 3}, {});
  auto dram =
      BlockingLevelAttr::get(&context, "DRAM", {4, 8, 1, 5, 5, 1, 1},
                             {LoopDim::N, LoopDim::K, LoopDim::C, LoopDim::Y,
                              LoopDim::X, LoopDim::R, LoopDim::S});
  auto blocking = BlockingAttr::get(&context, {rf, dram});
  EXPECT_EQ(blocking.getTotalFactor(LoopDim::K), 16);
  EXPECT_EQ(blocking.getTotalFactor(LoopDim::N), 4);
  EXPECT_EQ(blocking.getTotalFactor(LoopDim::R), 3);
  EXPECT_EQ(rf.getFactor(LoopDim::C), 3);
  EXPECT_TRUE(messages.empty());
}

} // namespace
