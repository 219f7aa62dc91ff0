//===- JSONReaderTest.cpp - Tests for the strict JSON reader --------------===//

#include "eie/Support/JSONReader.h"

#include "gtest/gtest.h"

#include <cmath>
#include <limits>
#include <string>

using namespace eie;

namespace {

std::string errorOf(llvm::Error err) { return llvm::toString(std::move(err)); }

TEST(JSONReaderTest, DepthAtTheLimitParses) {
  std::string text = std::string(kMaxJSONDepth, '[') +
                     std::string(kMaxJSONDepth, ']');
  llvm::Expected<llvm::json::Value> value = parseJSON(text);
  ASSERT_TRUE(bool(value)) << errorOf(value.takeError());
}

TEST(JSONReaderTest, DepthPastTheLimitIsRejected) {
  std::string text = std::string(kMaxJSONDepth + 1, '{');
  llvm::Expected<llvm::json::Value> value = parseJSON(text);
  ASSERT_FALSE(bool(value));
  EXPECT_EQ(errorOf(value.takeError()),
            "invalid JSON: nested deeper than 64 arrays and objects (the "
            "limit) at offset 64");
}

TEST(JSONReaderTest, BracketsInStringsDoNotNest) {
  std::string text = "[\"" + std::string(1000, '[') + "\\\"\"]";
  llvm::Expected<llvm::json::Value> value = parseJSON(text);
  ASSERT_TRUE(bool(value)) << errorOf(value.takeError());
}

TEST(JSONReaderTest, UnknownKeyNamesNearMissAndAllowed) {
  llvm::json::Object object{{"stride", 1}, {"strides", 2}};
  EXPECT_EQ(errorOf(checkJSONKeys(object, {"kernel", "stride"})),
            "unknown key 'strides' (did you mean 'stride'?); allowed keys: "
            "kernel, stride");
  llvm::json::Object far{{"zzzzzz", 1}};
  EXPECT_EQ(errorOf(checkJSONKeys(far, {"kernel"})),
            "unknown key 'zzzzzz'; allowed keys: kernel");
  llvm::json::Object shorter{{"pe", 1}};
  EXPECT_EQ(errorOf(checkJSONKeys(shorter, {"pes"})),
            "unknown key 'pe' (did you mean 'pes'?); allowed keys: pes");
  llvm::json::Object letter{{"Z", 1}};
  EXPECT_EQ(errorOf(checkJSONKeys(letter, {"N", "K"})),
            "unknown key 'Z'; allowed keys: N, K");
  EXPECT_FALSE(bool(checkJSONKeys(object, {"stride", "strides"})));
}

TEST(JSONReaderTest, FormatExactRoundTrips) {
  EXPECT_EQ(formatExact(0.001), "0.001");
  EXPECT_EQ(formatExact(5e-324), "5e-324");
  EXPECT_EQ(formatExact(1e6), "1e+06");
  EXPECT_EQ(formatExact(0.1 + 0.2), "0.30000000000000004");
}

TEST(JSONReaderTest, FiniteNumberInRange) {
  EXPECT_EQ(*readFiniteNumber(llvm::json::Value(2.5), 0, 10), 2.5);
  EXPECT_EQ(errorOf(readFiniteNumber(llvm::json::Value(1e300), 0, 1e6)
                        .takeError()),
            "1e+300 is outside [0, 1e+06]");
  EXPECT_EQ(errorOf(readFiniteNumber(
                        llvm::json::Value(
                            std::numeric_limits<double>::infinity()),
                        0, 1)
                        .takeError()),
            "expected a finite number");
  EXPECT_EQ(errorOf(readFiniteNumber(llvm::json::Value("1"), 0, 1)
                        .takeError()),
            "expected a finite number");
}

TEST(JSONReaderTest, FileNames) {
  EXPECT_FALSE(bool(checkFileName("fc6")));
  EXPECT_FALSE(bool(checkFileName("conv1.a")));
  EXPECT_EQ(errorOf(checkFileName("../x")),
            "'../x' cannot be a file name: it contains a path separator");
  EXPECT_EQ(errorOf(checkFileName("..")),
            "'..' cannot be a file name: it names a directory");
  EXPECT_EQ(errorOf(checkFileName("")),
            "'' cannot be a file name: it is empty");
  EXPECT_EQ(errorOf(checkFileName("a\\b")),
            "'a\\b' cannot be a file name: it contains a path separator");
  EXPECT_EQ(errorOf(checkFileName(llvm::StringRef("a\nb"))),
            "'a\nb' cannot be a file name: it contains a control character");
}

} // namespace
