//===- NpyTest.cpp - Tests for the .npy reader and writer -----------------===//

#include "eie/Support/Npy.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include <cstring>

using namespace eie;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

namespace {

// Files written by NumPy itself (np.lib.format.write_array), byte for byte.

// np.save of np.array(..., dtype='<f4') with shape (2, 3), numpy 1.24.2
const char kNumpyF32[] =
    "\x93NUMPY\x01\x00v\x00{'descr': '<f4', 'fortran_order': False, 'shape': "
    "(2, 3), }       "
    "                                                   "
    "\x0a\x00\x00\x80\xbf\x00\x00\x00\xbf"
    "\x00\x00\x00\x00\x00\x00\x00\x3f\x00\x00\x80\x3f\x00\x00\xc0\x3f";
// np.save of np.array(..., dtype='<i4') with shape (3,), numpy 1.24.2,
// version=(2, 0)
const char kNumpyI32V2[] = "\x93NUMPY\x02\x00t\x00\x00\x00{'descr': '<i4', "
                           "'fortran_order': False, 'shape': (3,), } "
                           "                                                   "
                           "      \x0a\xf9\xff\xff\xff\x00\x00"
                           "\x00\x00\xff\xff\xff\x7f";
// np.save of np.array(..., dtype='<i8') with shape (), numpy 1.24.2
const char kNumpyI64Scalar[] =
    "\x93NUMPY\x01\x00v\x00{'descr': '<i8', 'fortran_order': False, 'shape': "
    "(), }           "
    "                                                   "
    "\x0a\xd6\xff\xff\xff\xff\xff\xff\xff";
// np.save of np.array(..., dtype='<f8') with shape (2, 1), numpy 1.24.2,
// version=(3, 0)
const char kNumpyF64V3[] = "\x93NUMPY\x03\x00t\x00\x00\x00{'descr': '<f8', "
                           "'fortran_order': False, 'shape': (2, 1), "
                           "}                                                  "
                           "      \x0a\x00\x00\x00\x00\x00\x00"
                           "\xf8\x3f\x00\x00\x00\x00\x00\x00\x02\xc0";

template <size_t N> llvm::StringRef bytesOf(const char (&literal)[N]) {
  return llvm::StringRef(literal, N - 1);
}

llvm::Expected<NpyArray> parse(llvm::StringRef bytes) {
  return parseNpy(llvm::MemoryBufferRef(bytes, "test.npy"));
}

/// A version-1.0 .npy file with the given header text and data.
std::string makeNpy(llvm::StringRef header, llvm::StringRef data) {
  std::string file("\x93NUMPY\x01\x00", 8);
  file.push_back(char(header.size() & 0xff));
  file.push_back(char(header.size() >> 8));
  return file + header.str() + data.str();
}

std::string serialize(const NpyArray &array) {
  std::string result;
  llvm::raw_string_ostream os(result);
  writeNpy(os, array);
  return result;
}

/// The error message of a parse that must fail.
std::string parseError(llvm::StringRef bytes) {
  llvm::Expected<NpyArray> array = parse(bytes);
  if (array)
    return "<parsed successfully>";
  return llvm::toString(array.takeError());
}

const char kF32Header[] =
    "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }\n";
const std::string kTwoFloats(8, '\0');

TEST(NpyTest, ReadsNumpyFloat32) {
  llvm::Expected<NpyArray> array = parse(bytesOf(kNumpyF32));
  ASSERT_TRUE(bool(array)) << llvm::toString(array.takeError());
  EXPECT_EQ(array->getDType(), DType::F32);
  EXPECT_THAT(array->getShape(), ElementsAre(2, 3));
  EXPECT_THAT(array->getValues<float>(),
              ElementsAre(-1.0f, -0.5f, 0.0f, 0.5f, 1.0f, 1.5f));
}

TEST(NpyTest, ReadsNumpyVersion2) {
  llvm::Expected<NpyArray> array = parse(bytesOf(kNumpyI32V2));
  ASSERT_TRUE(bool(array)) << llvm::toString(array.takeError());
  EXPECT_EQ(array->getDType(), DType::I32);
  EXPECT_THAT(array->getShape(), ElementsAre(3));
  EXPECT_THAT(array->getValues<int32_t>(), ElementsAre(-7, 0, 2147483647));
}

TEST(NpyTest, ReadsNumpyVersion3) {
  llvm::Expected<NpyArray> array = parse(bytesOf(kNumpyF64V3));
  ASSERT_TRUE(bool(array)) << llvm::toString(array.takeError());
  EXPECT_EQ(array->getDType(), DType::F64);
  EXPECT_THAT(array->getShape(), ElementsAre(2, 1));
  EXPECT_THAT(array->getValues<double>(), ElementsAre(1.5, -2.25));
}

TEST(NpyTest, ReadsNumpyScalar) {
  llvm::Expected<NpyArray> array = parse(bytesOf(kNumpyI64Scalar));
  ASSERT_TRUE(bool(array)) << llvm::toString(array.takeError());
  EXPECT_EQ(array->getDType(), DType::I64);
  EXPECT_EQ(array->getRank(), 0);
  EXPECT_EQ(array->getNumElements(), 1);
  EXPECT_THAT(array->getValues<int64_t>(), ElementsAre(-42));
}

TEST(NpyTest, WritesTheBytesNumpyWrites) {
  NpyArray matrix(DType::F32, {2, 3});
  llvm::MutableArrayRef<float> values = matrix.getValues<float>();
  for (int i = 0; i < 6; ++i)
    values[i] = 0.5f * i - 1.0f;
  EXPECT_EQ(serialize(matrix), bytesOf(kNumpyF32));

  NpyArray scalar(DType::I64, {});
  scalar.getValues<int64_t>()[0] = -42;
  EXPECT_EQ(serialize(scalar), bytesOf(kNumpyI64Scalar));
}

TEST(NpyTest, DataIs64ByteAligned) {
  for (int64_t rank = 0; rank < 40; ++rank) {
    NpyArray array(DType::U8, llvm::SmallVector<int64_t>(rank, 1));
    std::string bytes = serialize(array);
    EXPECT_EQ((bytes.size() - 1) % 64, 0u) << "rank " << rank;
    EXPECT_EQ(bytes[bytes.size() - 2], '\n');
    EXPECT_EQ(reinterpret_cast<uintptr_t>(array.getData()) % 64, 0u);
  }
}

/// Fills the array with a pattern that differs per element and dtype, then
/// checks a round trip.
template <typename T> void checkRoundTrip(llvm::ArrayRef<int64_t> shape) {
  NpyArray array(DTypeOf<T>::value, shape);
  llvm::MutableArrayRef<T> values = array.getValues<T>();
  for (size_t i = 0; i < values.size(); ++i)
    values[i] = static_cast<T>((i * 37 + 11) % 251) - static_cast<T>(100);
  llvm::Expected<NpyArray> parsed = parse(serialize(array));
  ASSERT_TRUE(bool(parsed)) << llvm::toString(parsed.takeError());
  EXPECT_EQ(parsed->getDType(), array.getDType());
  EXPECT_EQ(parsed->getShape(), array.getShape());
  EXPECT_EQ(parsed->getValues<T>(), array.getValues<T>());
}

TEST(NpyTest, RoundTripsEveryDTypeAndRank) {
  const llvm::SmallVector<int64_t> shapes[] = {
      {}, {0}, {7}, {3, 0, 2}, {2, 3}, {1, 3, 5, 4}, {2, 1, 1, 2, 3, 1}};
  for (llvm::ArrayRef<int64_t> shape : shapes) {
    checkRoundTrip<float>(shape);
    checkRoundTrip<double>(shape);
    checkRoundTrip<int8_t>(shape);
    checkRoundTrip<int16_t>(shape);
    checkRoundTrip<int32_t>(shape);
    checkRoundTrip<int64_t>(shape);
    checkRoundTrip<uint8_t>(shape);
  }
}

TEST(NpyTest, LongHeaderUsesVersion2) {
  // 25000 unit dimensions do not fit the 64 KiB header of version 1.0.
  NpyArray array(DType::I16, llvm::SmallVector<int64_t>(25000, 1));
  array.getValues<int16_t>()[0] = -1234;
  std::string bytes = serialize(array);
  EXPECT_EQ(bytes[6], 2);
  llvm::Expected<NpyArray> parsed = parse(bytes);
  ASSERT_TRUE(bool(parsed)) << llvm::toString(parsed.takeError());
  EXPECT_EQ(parsed->getRank(), 25000);
  EXPECT_THAT(parsed->getValues<int16_t>(), ElementsAre(-1234));
}

TEST(NpyTest, FileRoundTrip) {
  llvm::SmallString<128> path;
  ASSERT_FALSE(llvm::sys::fs::createTemporaryFile("npytest", "npy", path));
  llvm::FileRemover remover(path);
  NpyArray array(DType::F64, {2, 2});
  array.getValues<double>()[3] = 3.25;
  ASSERT_FALSE(bool(writeNpy(path, array)));
  llvm::Expected<NpyArray> read = readNpy(path);
  ASSERT_TRUE(bool(read)) << llvm::toString(read.takeError());
  EXPECT_THAT(read->getValues<double>(), ElementsAre(0.0, 0.0, 0.0, 3.25));
}

TEST(NpyTest, AcceptsHeaderVariants) {
  // Double quotes, no trailing comma, other key order, extra spaces, one-byte
  // types without '|'.
  llvm::Expected<NpyArray> array = parse(makeNpy(
      "{ \"shape\" : ( 2 , 1 ) , 'fortran_order':False,'descr':'<u1'}\n",
      "\x05\x06"));
  ASSERT_TRUE(bool(array)) << llvm::toString(array.takeError());
  EXPECT_EQ(array->getDType(), DType::U8);
  EXPECT_THAT(array->getValues<uint8_t>(), ElementsAre(5, 6));
}

TEST(NpyTest, Describe) {
  EXPECT_EQ(NpyArray(DType::F32, {1, 3, 224, 224}).describe(),
            "float32 (1, 3, 224, 224)");
  EXPECT_EQ(NpyArray(DType::I64, {}).describe(), "int64 ()");
  EXPECT_EQ(NpyArray(DType::U8, {3}).describe(), "uint8 (3,)");
}

TEST(NpyTest, GetAsDouble) {
  NpyArray array(DType::I8, {2});
  array.getValues<int8_t>()[1] = -128;
  EXPECT_EQ(array.getAsDouble(1), -128.0);
  NpyArray floats(DType::F32, {1});
  floats.getValues<float>()[0] = 0.25f;
  EXPECT_EQ(floats.getAsDouble(0), 0.25);
}

TEST(NpyTest, CloneIsDeep) {
  NpyArray array(DType::I32, {2});
  NpyArray copy = array.clone();
  copy.getValues<int32_t>()[0] = 9;
  EXPECT_THAT(array.getValues<int32_t>(), ElementsAre(0, 0));
  EXPECT_THAT(copy.getValues<int32_t>(), ElementsAre(9, 0));
}

TEST(NpyTest, ParseDTypeDescr) {
  EXPECT_EQ(parseDTypeDescr("<f4"), DType::F32);
  EXPECT_EQ(parseDTypeDescr("=i8"), DType::I64);
  EXPECT_EQ(parseDTypeDescr("|i1"), DType::I8);
  EXPECT_EQ(parseDTypeDescr(">u1"), DType::U8);
  EXPECT_EQ(parseDTypeDescr(">f4"), std::nullopt);
  EXPECT_EQ(parseDTypeDescr("|f4"), std::nullopt);
  EXPECT_EQ(parseDTypeDescr("<c8"), std::nullopt);
  EXPECT_EQ(parseDTypeDescr("f4"), std::nullopt);
  for (DType dtype : {DType::F32, DType::F64, DType::I8, DType::I16, DType::I32,
                      DType::I64, DType::U8})
    EXPECT_EQ(parseDTypeDescr(getDTypeDescr(dtype)), dtype);
}

//===----------------------------------------------------------------------===//
// Malformed input: every error names the file and the problem.
//===----------------------------------------------------------------------===//

TEST(NpyErrorTest, BadMagic) {
  EXPECT_EQ(parseError("PK\x03\x04 this is a zip"),
            "test.npy: not a .npy file (bad magic string)");
  EXPECT_EQ(parseError(""), "test.npy: not a .npy file (bad magic string)");
}

TEST(NpyErrorTest, Truncated) {
  EXPECT_EQ(parseError(llvm::StringRef("\x93NUMPY\x01", 7)),
            "test.npy: truncated .npy file: no format version");
  EXPECT_EQ(parseError(llvm::StringRef("\x93NUMPY\x02\x00\x10\x00", 10)),
            "test.npy: truncated .npy file: no header length");
  EXPECT_EQ(parseError(bytesOf(kNumpyF32).take_front(40)),
            "test.npy: truncated .npy header: it declares 118 bytes, the file "
            "has 30");
}

TEST(NpyErrorTest, UnsupportedVersion) {
  std::string bytes = makeNpy(kF32Header, kTwoFloats);
  bytes[6] = 4;
  EXPECT_EQ(parseError(bytes), "test.npy: unsupported .npy format version 4.0 "
                               "(supported: 1.0, 2.0, 3.0)");
}

TEST(NpyErrorTest, MissingKeys) {
  EXPECT_EQ(parseError(makeNpy("{'fortran_order': False, 'shape': (2,), }\n",
                               kTwoFloats)),
            "test.npy: malformed .npy header: key 'descr' is missing");
  EXPECT_EQ(
      parseError(makeNpy("{'descr': '<f4', 'shape': (2,), }\n", kTwoFloats)),
      "test.npy: malformed .npy header: key 'fortran_order' is missing");
  EXPECT_EQ(parseError(makeNpy("{'descr': '<f4', 'fortran_order': False}\n",
                               kTwoFloats)),
            "test.npy: malformed .npy header: key 'shape' is missing");
}

TEST(NpyErrorTest, MalformedDict) {
  EXPECT_THAT(
      parseError(makeNpy("'descr': '<f4'\n", kTwoFloats)),
      HasSubstr("test.npy: malformed .npy header: expected '{' at offset 0"));
  EXPECT_THAT(
      parseError(makeNpy("{'descr': '<f4', 'fortran_order': False, "
                         "'shape': (-2,), }\n",
                         kTwoFloats)),
      HasSubstr("expected a non-negative integer dimension at offset 51"));
  EXPECT_THAT(parseError(makeNpy("{'descr': '<f4', 'fortran_order': 0, "
                                 "'shape': (2,), }\n",
                                 kTwoFloats)),
              HasSubstr("expected a string, True, False or a tuple"));
  EXPECT_THAT(parseError(makeNpy("{'descr': '<f4', 'fortran_order': False, "
                                 "'shape': '2', }\n",
                                 kTwoFloats)),
              HasSubstr("wrong value type for key 'shape'"));
  EXPECT_THAT(parseError(makeNpy("{'descr': '<f4' 'fortran_order': False}\n",
                                 kTwoFloats)),
              HasSubstr("expected ',' or '}' in header dict"));
  EXPECT_THAT(parseError(makeNpy("{'descr': '<f4', 'fortran_order': False, "
                                 "'shape': (2 3), }\n",
                                 kTwoFloats)),
              HasSubstr("expected ',' or ')' in shape tuple"));
  EXPECT_THAT(parseError(makeNpy("{'descr: '<f4'}\n", kTwoFloats)),
              HasSubstr("expected ':'"));
  EXPECT_THAT(parseError(makeNpy("{'descr': '<f4", kTwoFloats)),
              HasSubstr("unterminated string literal"));
  EXPECT_THAT(parseError(makeNpy("{'descr': '<f4', 'fortran_order': False, "
                                 "'shape': (2,), 'extra': True}\n",
                                 kTwoFloats)),
              HasSubstr("unknown key 'extra'"));
  EXPECT_THAT(parseError(makeNpy("{'descr': '<f4', 'fortran_order': False, "
                                 "'shape': (2,), } x\n",
                                 kTwoFloats)),
              HasSubstr("unexpected text after the header dict"));
}

TEST(NpyErrorTest, UnsupportedDType) {
  EXPECT_EQ(parseError(makeNpy("{'descr': '<c8', 'fortran_order': False, "
                               "'shape': (1,), }\n",
                               kTwoFloats)),
            "test.npy: unsupported dtype '<c8' (supported: float32 '<f4', "
            "float64 '<f8', int8 '|i1', int16 '<i2', int32 '<i4', int64 '<i8', "
            "uint8 '|u1')");
  // Structured dtypes have a list as descr.
  EXPECT_THAT(parseError(makeNpy("{'descr': [('a', '<f4')], 'fortran_order': "
                                 "False, 'shape': (1,), }\n",
                                 kTwoFloats)),
              HasSubstr("expected a string, True, False or a tuple"));
}

TEST(NpyErrorTest, BigEndian) {
  EXPECT_THAT(parseError(makeNpy("{'descr': '>f4', 'fortran_order': False, "
                                 "'shape': (2,), }\n",
                                 kTwoFloats)),
              HasSubstr("test.npy: big-endian dtype '>f4' is not supported"));
}

TEST(NpyErrorTest, FortranOrder) {
  EXPECT_THAT(parseError(makeNpy("{'descr': '<f4', 'fortran_order': True, "
                                 "'shape': (2,), }\n",
                                 kTwoFloats)),
              HasSubstr("test.npy: fortran_order arrays are not supported"));
}

TEST(NpyErrorTest, DataSizeMismatch) {
  EXPECT_EQ(
      parseError(makeNpy(kF32Header, std::string(7, '\0'))),
      "test.npy: data size mismatch: float32 (2,) needs 8 bytes, the file "
      "has 7");
  EXPECT_EQ(
      parseError(makeNpy(kF32Header, std::string(12, '\0'))),
      "test.npy: data size mismatch: float32 (2,) needs 8 bytes, the file "
      "has 12");
  EXPECT_THAT(parseError(makeNpy("{'descr': '<f8', 'fortran_order': False, "
                                 "'shape': (4294967296, 4294967296), }\n",
                                 kTwoFloats)),
              HasSubstr("has too many elements"));
}

TEST(NpyErrorTest, FileErrors) {
  llvm::Expected<NpyArray> missing = readNpy("/nonexistent/dir/x.npy");
  ASSERT_FALSE(bool(missing));
  EXPECT_THAT(llvm::toString(missing.takeError()),
              HasSubstr("/nonexistent/dir/x.npy: cannot open: "));
  llvm::Error writeError =
      writeNpy("/nonexistent/dir/y.npy", NpyArray(DType::F32, {1}));
  EXPECT_THAT(llvm::toString(std::move(writeError)),
              HasSubstr("/nonexistent/dir/y.npy: cannot open for writing: "));
}

} // namespace
