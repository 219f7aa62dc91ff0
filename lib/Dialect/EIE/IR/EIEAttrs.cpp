//===- EIEAttrs.cpp - Attributes of the eie dialect -----------------------===//

#include "eie/Dialect/EIE/IR/EIEAttrs.h"
#include "eie/Dialect/EIE/IR/EIEDialect.h"

#include "eie/Format/FixedPoint.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cstring>

using namespace mlir;
using namespace mlir::eie;
namespace format = ::eie::format;

#define GET_ATTRDEF_CLASSES
#include "eie/Dialect/EIE/IR/EIEAttrs.cpp.inc"

void EIEDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "eie/Dialect/EIE/IR/EIEAttrs.cpp.inc"
      >();
}

//===----------------------------------------------------------------------===//
// Payload access
//===----------------------------------------------------------------------===//

static llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

/// The most elements a payload may have: readPayload() allocates them (a
/// splat's type alone can claim 2^62), and VGG-16's largest layer needs 2^27.
constexpr int64_t kMaxPayloadElements = int64_t(1) << 30;

/// Checks that a payload is a 1-D tensor of at most kMaxPayloadElements
/// signless `width`-bit integers.
static llvm::Error checkPayloadType(ElementsAttr attr, StringRef name,
                                    unsigned width) {
  ShapedType type = attr.getShapedType();
  if (type.getRank() != 1 || !type.getElementType().isSignlessInteger(width))
    return makeError("'" + name + "' must be a 1-D tensor of i" +
                     llvm::Twine(width) + " elements");
  if (type.getDimSize(0) > kMaxPayloadElements)
    return makeError("'" + name + "' has " + llvm::Twine(type.getDimSize(0)) +
                     " elements, more than the limit of 2^30");
  return llvm::Error::success();
}

/// The elements of a 1-D payload of signless integers of `T`'s width, in
/// memory order. Splat `dense` payloads are expanded.
template <typename T>
static llvm::Expected<std::vector<T>> readPayload(ElementsAttr attr,
                                                  StringRef name) {
  if (llvm::Error error = checkPayloadType(attr, name, sizeof(T) * 8))
    return std::move(error);
  size_t count = attr.getNumElements();
  std::vector<T> values(count);
  if (auto dense = dyn_cast<DenseIntElementsAttr>(attr)) {
    if (dense.isSplat())
      std::fill(values.begin(), values.end(), dense.getSplatValue<T>());
    else if (count)
      std::memcpy(values.data(), dense.getRawData().data(), count * sizeof(T));
    return values;
  }
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(attr)) {
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob)
      return makeError("'" + name + "' is a dense_resource without data ('" +
                       resource.getRawHandle().getKey() + "')");
    ArrayRef<char> bytes = blob->getData();
    if (bytes.size() != count * sizeof(T))
      return makeError("'" + name + "' blob holds " +
                       llvm::Twine(bytes.size()) + " bytes, expected " +
                       llvm::Twine(count * sizeof(T)));
    if (count)
      std::memcpy(values.data(), bytes.data(), bytes.size());
    return values;
  }
  return makeError("'" + name + "' must be dense or dense_resource elements");
}

/// Checks the parameters that do not need the payloads' data.
static llvm::Error checkParameters(int64_t rows, int64_t cols, int64_t pes,
                                   int64_t bits, int64_t fracBits,
                                   ElementsAttr entries, ElementsAttr colPtrs) {
  constexpr int64_t maxDim = std::numeric_limits<uint32_t>::max() - 1;
  for (auto [name, value] : {std::pair<StringRef, int64_t>{"rows", rows},
                             {"cols", cols},
                             {"pes", pes}})
    if (value < 1 || value > maxDim)
      return makeError("'" + name + "' must be in [1, " + llvm::Twine(maxDim) +
                       "], got " + llvm::Twine(value));
  if (bits < format::kMinCodeBits || bits > format::kMaxCodeBits)
    return makeError("'bits' must be in [" + llvm::Twine(format::kMinCodeBits) +
                     ", " + llvm::Twine(format::kMaxCodeBits) + "], got " +
                     llvm::Twine(bits));
  if (fracBits < 0 || fracBits > format::kMaxFracBits)
    return makeError("'frac_bits' must be in [0, " +
                     llvm::Twine(format::kMaxFracBits) + "], got " +
                     llvm::Twine(fracBits));
  if (llvm::Error error = checkPayloadType(entries, "entries", 8))
    return error;
  if (llvm::Error error = checkPayloadType(colPtrs, "col_ptrs", 32))
    return error;
  uint64_t numPointers = colPtrs.getNumElements();
  if (numPointers != uint64_t(pes) * (uint64_t(cols) + 1))
    return makeError("'col_ptrs' has " + llvm::Twine(numPointers) +
                     " pointers, expected pes * (cols + 1) = " +
                     llvm::Twine(uint64_t(pes) * (uint64_t(cols) + 1)));
  return llvm::Error::success();
}

//===----------------------------------------------------------------------===//
// CompressedMatrixAttr
//===----------------------------------------------------------------------===//

LogicalResult
CompressedMatrixAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                             int64_t rows, int64_t cols, int64_t pes,
                             int64_t bits, DenseF32ArrayAttr codebook,
                             DenseI16ArrayAttr fixedCodebook, int64_t fracBits,
                             ElementsAttr entries, ElementsAttr colPtrs) {
  if (llvm::Error error =
          checkParameters(rows, cols, pes, bits, fracBits, entries, colPtrs))
    return emitError() << "invalid compressed matrix: "
                       << llvm::toString(std::move(error));
  return success();
}

llvm::Expected<format::CompressedMatrix>
CompressedMatrixAttr::toCompressedMatrix() const {
  if (llvm::Error error =
          checkParameters(getRows(), getCols(), getPes(), getBits(),
                          getFracBits(), getEntries(), getColPtrs()))
    return std::move(error);
  format::CompressedMatrix m;
  m.numRows = getRows();
  m.numCols = getCols();
  m.numPEs = getPes();
  m.codebook.bits = getBits();
  m.codebook.values.assign(getCodebook().asArrayRef().begin(),
                           getCodebook().asArrayRef().end());
  m.codebook.fixedValues.assign(getFixedCodebook().asArrayRef().begin(),
                                getFixedCodebook().asArrayRef().end());
  m.codebook.fracBits = getFracBits();

  llvm::Expected<std::vector<uint32_t>> pointers =
      readPayload<uint32_t>(getColPtrs(), "col_ptrs");
  if (!pointers)
    return pointers.takeError();
  llvm::Expected<std::vector<uint8_t>> bytes =
      readPayload<uint8_t>(getEntries(), "entries");
  if (!bytes)
    return bytes.takeError();

  // Split the payloads into PEs: PE p's entries follow PE p - 1's, and its
  // last pointer is its entry count.
  uint64_t perPE = uint64_t(m.numCols) + 1;
  unsigned entryBytes = m.entryBytes();
  uint64_t offset = 0;
  m.pes.resize(m.numPEs);
  for (uint32_t pe = 0; pe < m.numPEs; ++pe) {
    format::PESlice &slice = m.pes[pe];
    auto first = pointers->begin() + pe * perPE;
    slice.colPtr.assign(first, first + perPE);
    uint64_t size = uint64_t(slice.colPtr.back()) * entryBytes;
    if (offset + size > bytes->size())
      return makeError("PE " + llvm::Twine(pe) + ": last column pointer is " +
                       llvm::Twine(slice.colPtr.back()) + ", beyond the " +
                       llvm::Twine((bytes->size() - offset) / entryBytes) +
                       " entries left in 'entries'");
    slice.entries.assign(bytes->begin() + offset,
                         bytes->begin() + offset + size);
    offset += size;
  }
  if (offset != bytes->size())
    return makeError("'entries' holds " + llvm::Twine(bytes->size()) +
                     " bytes, the column pointers account for " +
                     llvm::Twine(offset));
  return m;
}

LogicalResult CompressedMatrixAttr::verifyPayloads(
    function_ref<InFlightDiagnostic()> emitError) const {
  auto *dialect = cast<EIEDialect>(&getDialect());
  {
    llvm::sys::SmartScopedReader<true> lock(dialect->verifiedMatricesMutex);
    if (dialect->verifiedMatrices.contains(*this))
      return success();
  }
  llvm::Expected<format::CompressedMatrix> decoded = toCompressedMatrix();
  llvm::Error error = decoded ? format::verify(*decoded) : decoded.takeError();
  if (error)
    return emitError() << "invalid compressed matrix: "
                       << llvm::toString(std::move(error));
  llvm::sys::SmartScopedWriter<true> lock(dialect->verifiedMatricesMutex);
  dialect->verifiedMatrices.insert(*this);
  return success();
}

/// A dense_resource payload holding a copy of `data`.
template <typename T>
static ElementsAttr makeBlob(MLIRContext *context, ArrayRef<T> data,
                             const llvm::Twine &name) {
  auto type = RankedTensorType::get({static_cast<int64_t>(data.size())},
                                    IntegerType::get(context, sizeof(T) * 8));
  return DenseResourceElementsAttr::get(
      type, name.str(), HeapAsmResourceBlob::allocateAndCopyInferAlign(data));
}

CompressedMatrixAttr
CompressedMatrixAttr::get(MLIRContext *context,
                          const format::CompressedMatrix &matrix,
                          StringRef blobPrefix) {
  std::vector<uint8_t> entries;
  std::vector<uint32_t> colPtrs;
  entries.reserve(matrix.totalEntries() * matrix.entryBytes());
  colPtrs.reserve(size_t(matrix.numPEs) * (matrix.numCols + 1));
  for (const format::PESlice &slice : matrix.pes) {
    entries.insert(entries.end(), slice.entries.begin(), slice.entries.end());
    colPtrs.insert(colPtrs.end(), slice.colPtr.begin(), slice.colPtr.end());
  }
  const format::Codebook &codebook = matrix.codebook;
  return get(context, matrix.numRows, matrix.numCols, matrix.numPEs,
             codebook.bits, DenseF32ArrayAttr::get(context, codebook.values),
             DenseI16ArrayAttr::get(context, codebook.fixedValues),
             codebook.fracBits,
             makeBlob<uint8_t>(context, entries, blobPrefix + "_entries"),
             makeBlob<uint32_t>(context, colPtrs, blobPrefix + "_col_ptrs"));
}
