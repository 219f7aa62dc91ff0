//===- Npy.cpp - NumPy .npy arrays: an owned array type and its file I/O --===//
//
// The format (numpy/lib/format.py): the magic "\x93NUMPY", a major and a minor
// version byte, the header length (2 bytes little-endian in version 1.0, 4
// bytes in 2.0 and 3.0), then the header: a Python dict literal with the keys
// 'descr', 'fortran_order' and 'shape', padded with spaces and a final '\n' so
// that the data starts at a multiple of 64 bytes; then the raw data.
//
//===----------------------------------------------------------------------===//

#include "eie/Support/Npy.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/MemAlloc.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>

using namespace eie;
using llvm::StringRef;

static constexpr size_t kAlignment = 64;
static constexpr StringRef kMagic("\x93NUMPY", 6);

//===----------------------------------------------------------------------===//
// DType
//===----------------------------------------------------------------------===//

namespace {
struct DTypeInfo {
  size_t size;
  StringRef name;
  StringRef descr;
};
} // namespace

/// Indexed by DType.
static const DTypeInfo kDTypeInfos[] = {
#define EIE_DTYPE_INFO(name, type, numpyName, descr)                           \
  {sizeof(type), numpyName, descr},
    EIE_NPY_DTYPES(EIE_DTYPE_INFO)
#undef EIE_DTYPE_INFO
};

static const DTypeInfo &getInfo(DType dtype) {
  return kDTypeInfos[static_cast<size_t>(dtype)];
}

static const DType kAllDTypes[] = {
#define EIE_DTYPE_ENUMERATOR(name, type, numpyName, descr) DType::name,
    EIE_NPY_DTYPES(EIE_DTYPE_ENUMERATOR)
#undef EIE_DTYPE_ENUMERATOR
};

size_t eie::getDTypeSize(DType dtype) { return getInfo(dtype).size; }

StringRef eie::getDTypeName(DType dtype) { return getInfo(dtype).name; }

StringRef eie::getDTypeDescr(DType dtype) { return getInfo(dtype).descr; }

std::optional<DType> eie::parseDTypeDescr(StringRef descr) {
  if (descr.size() < 2)
    return std::nullopt;
  char order = descr.front();
  for (DType dtype : kAllDTypes) {
    if (getDTypeDescr(dtype).drop_front() != descr.drop_front())
      continue;
    // '=' is the host's order, which is little-endian on every target we
    // build for; '|' ("not applicable") and '>' only fit one-byte types.
    if (order == '<' || order == '=')
      return dtype;
    if ((order == '|' || order == '>') && getDTypeSize(dtype) == 1)
      return dtype;
    return std::nullopt;
  }
  return std::nullopt;
}

//===----------------------------------------------------------------------===//
// NpyArray
//===----------------------------------------------------------------------===//

void NpyArray::AlignedFree::operator()(char *ptr) const {
  llvm::deallocate_buffer(ptr, size, kAlignment);
}

NpyArray::NpyArray(DType dtype, llvm::ArrayRef<int64_t> shape)
    : dtype(dtype), shape(shape), numElements(1) {
  for (int64_t dim : shape) {
    assert(dim >= 0 && "negative dimension");
    numElements *= dim;
  }
  // allocate_buffer needs a non-zero size; empty arrays still get a valid
  // pointer.
  size_t allocSize = std::max<size_t>(getNumBytes(), 1);
  data = std::unique_ptr<char[], AlignedFree>(
      static_cast<char *>(llvm::allocate_buffer(allocSize, kAlignment)),
      AlignedFree{allocSize});
  std::memset(data.get(), 0, allocSize);
}

NpyArray NpyArray::clone() const {
  NpyArray copy(dtype, shape);
  std::memcpy(copy.getData(), getData(), getNumBytes());
  return copy;
}

double NpyArray::getAsDouble(int64_t flatIndex) const {
  assert(flatIndex >= 0 && flatIndex < numElements && "index out of range");
  switch (dtype) {
#define EIE_DTYPE_CASE(name, type, numpyName, descr)                           \
  case DType::name:                                                            \
    return getValues<type>()[flatIndex];
    EIE_NPY_DTYPES(EIE_DTYPE_CASE)
#undef EIE_DTYPE_CASE
  }
  llvm_unreachable("unknown dtype");
}

std::string eie::formatShapeTuple(llvm::ArrayRef<int64_t> shape) {
  std::string result = "(";
  llvm::raw_string_ostream os(result);
  llvm::interleave(shape, os, ", ");
  if (shape.size() == 1)
    os << ",";
  os << ")";
  return result;
}

std::string NpyArray::describe() const {
  return (getDTypeName(dtype) + " " + formatShapeTuple(shape)).str();
}

//===----------------------------------------------------------------------===//
// Header parsing
//===----------------------------------------------------------------------===//

namespace {
/// The values the header dict holds: 'descr' a string, 'fortran_order' a bool,
/// 'shape' a tuple.
struct HeaderValue {
  enum Kind { String, Bool, Tuple } kind;
  std::string string;
  bool boolean = false;
  llvm::SmallVector<int64_t, 4> tuple;
};

/// A parser for the subset of Python literal syntax that .npy headers use.
class HeaderParser {
public:
  HeaderParser(StringRef file, StringRef text) : file(file), text(text) {}

  /// Parses the dict and returns its 'descr', 'fortran_order' and 'shape'
  /// entries.
  llvm::Error parse(std::string &descr, bool &fortranOrder,
                    llvm::SmallVectorImpl<int64_t> &shape);

private:
  llvm::Error error(const llvm::Twine &message) {
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        file + ": malformed .npy header: " + message + " at offset " +
            llvm::Twine(pos) + " in \"" + text.rtrim().take_front(120) + "\"");
  }
  void skipSpace() {
    while (pos < text.size() && llvm::isSpace(text[pos]))
      ++pos;
  }
  bool consume(char c) {
    skipSpace();
    if (pos < text.size() && text[pos] == c) {
      ++pos;
      return true;
    }
    return false;
  }
  llvm::Error expect(char c) {
    if (consume(c))
      return llvm::Error::success();
    return error(llvm::Twine("expected '") + llvm::Twine(c) + "'");
  }
  llvm::Error parseString(std::string &result);
  llvm::Error parseValue(HeaderValue &value);

  StringRef file;
  StringRef text;
  size_t pos = 0;
};
} // namespace

llvm::Error HeaderParser::parseString(std::string &result) {
  skipSpace();
  if (pos >= text.size() || (text[pos] != '\'' && text[pos] != '"'))
    return error("expected a string literal");
  char quote = text[pos++];
  size_t end = text.find(quote, pos);
  if (end == StringRef::npos)
    return error("unterminated string literal");
  result = text.slice(pos, end).str();
  pos = end + 1;
  return llvm::Error::success();
}

llvm::Error HeaderParser::parseValue(HeaderValue &value) {
  skipSpace();
  StringRef rest = text.drop_front(pos);
  if (rest.starts_with("'") || rest.starts_with("\"")) {
    value.kind = HeaderValue::String;
    return parseString(value.string);
  }
  if (rest.starts_with("True") || rest.starts_with("False")) {
    value.kind = HeaderValue::Bool;
    value.boolean = rest.starts_with("True");
    pos += value.boolean ? 4 : 5;
    return llvm::Error::success();
  }
  if (!consume('('))
    return error("expected a string, True, False or a tuple");
  value.kind = HeaderValue::Tuple;
  while (!consume(')')) {
    skipSpace();
    size_t start = pos;
    while (pos < text.size() && llvm::isDigit(text[pos]))
      ++pos;
    int64_t dim;
    if (text.slice(start, pos).getAsInteger(10, dim)) {
      pos = start;
      return error("expected a non-negative integer dimension");
    }
    value.tuple.push_back(dim);
    if (!consume(',') && !(skipSpace(), pos < text.size() && text[pos] == ')'))
      return error("expected ',' or ')' in shape tuple");
  }
  return llvm::Error::success();
}

llvm::Error HeaderParser::parse(std::string &descr, bool &fortranOrder,
                                llvm::SmallVectorImpl<int64_t> &shape) {
  std::optional<HeaderValue> descrValue, fortranValue, shapeValue;
  if (llvm::Error err = expect('{'))
    return err;
  while (!consume('}')) {
    std::string key;
    if (llvm::Error err = parseString(key))
      return err;
    if (llvm::Error err = expect(':'))
      return err;
    HeaderValue value;
    if (llvm::Error err = parseValue(value))
      return err;
    HeaderValue::Kind expectedKind;
    std::optional<HeaderValue> *slot;
    if (key == "descr") {
      slot = &descrValue;
      expectedKind = HeaderValue::String;
    } else if (key == "fortran_order") {
      slot = &fortranValue;
      expectedKind = HeaderValue::Bool;
    } else if (key == "shape") {
      slot = &shapeValue;
      expectedKind = HeaderValue::Tuple;
    } else {
      // NumPy's reader rejects unknown keys too.
      return error("unknown key '" + key + "'");
    }
    if (value.kind != expectedKind)
      return error("wrong value type for key '" + key + "'");
    *slot = std::move(value);
    if (!consume(',') && !(skipSpace(), pos < text.size() && text[pos] == '}'))
      return error("expected ',' or '}' in header dict");
  }
  skipSpace();
  if (pos != text.size())
    return error("unexpected text after the header dict");
  const char *missing = !descrValue     ? "descr"
                        : !fortranValue ? "fortran_order"
                        : !shapeValue   ? "shape"
                                        : nullptr;
  if (missing)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   file + ": malformed .npy header: key '" +
                                       missing + "' is missing");
  descr = descrValue->string;
  fortranOrder = fortranValue->boolean;
  shape.assign(shapeValue->tuple.begin(), shapeValue->tuple.end());
  return llvm::Error::success();
}

//===----------------------------------------------------------------------===//
// Reading
//===----------------------------------------------------------------------===//

static llvm::Error makeError(StringRef file, const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 file + ": " + message);
}

static std::string getSupportedDTypes() {
  std::string result;
  llvm::raw_string_ostream os(result);
  llvm::interleaveComma(kAllDTypes, os, [&](DType dtype) {
    os << getDTypeName(dtype) << " '" << getDTypeDescr(dtype) << "'";
  });
  return result;
}

llvm::Expected<NpyArray> eie::parseNpy(llvm::MemoryBufferRef buffer) {
  StringRef file = buffer.getBufferIdentifier();
  StringRef bytes = buffer.getBuffer();
  if (!bytes.starts_with(kMagic))
    return makeError(file, "not a .npy file (bad magic string)");
  if (bytes.size() < kMagic.size() + 2)
    return makeError(file, "truncated .npy file: no format version");
  unsigned major = static_cast<uint8_t>(bytes[6]);
  unsigned minor = static_cast<uint8_t>(bytes[7]);
  if (major < 1 || major > 3 || minor != 0)
    return makeError(file, "unsupported .npy format version " +
                               llvm::Twine(major) + "." + llvm::Twine(minor) +
                               " (supported: 1.0, 2.0, 3.0)");
  // Version 1.0 has a 2-byte header length; 2.0 raised it to 4 bytes; 3.0 only
  // made the header UTF-8.
  size_t lengthSize = major == 1 ? 2 : 4;
  size_t headerStart = 8 + lengthSize;
  if (bytes.size() < headerStart)
    return makeError(file, "truncated .npy file: no header length");
  uint64_t headerLength =
      major == 1 ? llvm::support::endian::read16le(bytes.data() + 8)
                 : llvm::support::endian::read32le(bytes.data() + 8);
  if (bytes.size() - headerStart < headerLength)
    return makeError(file, "truncated .npy header: it declares " +
                               llvm::Twine(headerLength) +
                               " bytes, the file has " +
                               llvm::Twine(bytes.size() - headerStart));
  StringRef header = bytes.substr(headerStart, headerLength);

  std::string descr;
  bool fortranOrder;
  llvm::SmallVector<int64_t, 4> shape;
  if (llvm::Error err =
          HeaderParser(file, header).parse(descr, fortranOrder, shape))
    return std::move(err);

  std::optional<DType> dtype = parseDTypeDescr(descr);
  if (!dtype) {
    if (StringRef(descr).starts_with(">"))
      return makeError(file,
                       "big-endian dtype '" + descr +
                           "' is not supported (save it as little-endian, "
                           "e.g. a.astype(a.dtype.newbyteorder('<')))");
    return makeError(file, "unsupported dtype '" + descr +
                               "' (supported: " + getSupportedDTypes() + ")");
  }
  if (fortranOrder)
    return makeError(file,
                     "fortran_order arrays are not supported (save a C-ordered "
                     "array, e.g. np.ascontiguousarray(a))");

  std::optional<int64_t> count = boundedNumElements(shape);
  if (!count)
    return makeError(file, "shape " + formatShapeTuple(shape) +
                               " has too many elements (at most 2^" +
                               llvm::Twine(kMaxArrayElementsLog2) + ")");
  int64_t numElements = *count;
  int64_t expectedBytes;
  if (llvm::MulOverflow(numElements, int64_t(getDTypeSize(*dtype)),
                        expectedBytes))
    return makeError(file, "shape " + formatShapeTuple(shape) +
                               " has too many elements");
  uint64_t actualBytes = bytes.size() - headerStart - headerLength;
  if (actualBytes != uint64_t(expectedBytes))
    return makeError(
        file, "data size mismatch: " + llvm::Twine(getDTypeName(*dtype)) + " " +
                  formatShapeTuple(shape) + " needs " +
                  llvm::Twine(expectedBytes) + " bytes, the file has " +
                  llvm::Twine(actualBytes));

  NpyArray array(*dtype, shape);
  std::memcpy(array.getData(), bytes.data() + headerStart + headerLength,
              expectedBytes);
  return std::move(array);
}

std::optional<int64_t> eie::boundedNumElements(llvm::ArrayRef<int64_t> shape) {
  int64_t count = 1;
  for (int64_t dim : shape)
    if (dim < 0 || llvm::MulOverflow(count, dim, count) ||
        count > (int64_t(1) << kMaxArrayElementsLog2))
      return std::nullopt;
  return count;
}

llvm::Expected<NpyArray> eie::readNpy(StringRef path) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                  /*RequiresNullTerminator=*/false);
  if (!buffer)
    return makeError(path, "cannot open: " + buffer.getError().message());
  return parseNpy((*buffer)->getMemBufferRef());
}

//===----------------------------------------------------------------------===//
// Writing
//===----------------------------------------------------------------------===//

void eie::writeNpy(llvm::raw_ostream &os, const NpyArray &array) {
  std::string header = ("{'descr': '" + getDTypeDescr(array.getDType()) +
                        "', 'fortran_order': False, 'shape': " +
                        formatShapeTuple(array.getShape()) + ", }")
                           .str();
  // Pad with spaces and a final '\n' so that the data starts 64-byte aligned,
  // as NumPy does.
  auto paddedLength = [&](size_t lengthSize) {
    return llvm::alignTo(kMagic.size() + 2 + lengthSize + header.size() + 1,
                         kAlignment) -
           (kMagic.size() + 2 + lengthSize);
  };
  size_t headerLength = paddedLength(2);
  bool version2 = headerLength > UINT16_MAX;
  if (version2)
    headerLength = paddedLength(4);
  header.resize(headerLength - 1, ' ');
  header.push_back('\n');

  os << kMagic;
  os << char(version2 ? 2 : 1) << char(0);
  char length[4];
  if (version2) {
    llvm::support::endian::write32le(length, headerLength);
    os.write(length, 4);
  } else {
    llvm::support::endian::write16le(length, headerLength);
    os.write(length, 2);
  }
  os << header;
  os.write(array.getData(), array.getNumBytes());
}

llvm::Error eie::writeNpy(StringRef path, const NpyArray &array) {
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec, llvm::sys::fs::OF_None);
  if (ec)
    return makeError(path, "cannot open for writing: " + ec.message());
  writeNpy(os, array);
  os.close();
  if (os.has_error()) {
    std::error_code writeError = os.error();
    os.clear_error();
    return makeError(path, "write failed: " + writeError.message());
  }
  return llvm::Error::success();
}
