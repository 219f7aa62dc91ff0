//===- Npy.h - NumPy .npy arrays: an owned array type and its file I/O ----===//
//
// Reads and writes the NumPy .npy format (format versions 1.0, 2.0 and 3.0),
// the format users hold inputs, outputs and weights in. Only little-endian,
// C-ordered arrays of plain numeric dtypes are supported; everything else is
// reported as an error naming the file and the problem.
//
// MLIR-free: the simulator, the runner and the tools all share it.
//
//===----------------------------------------------------------------------===//

#ifndef EIE_SUPPORT_NPY_H
#define EIE_SUPPORT_NPY_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBufferRef.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <optional>
#include <string>

namespace llvm {
class raw_ostream;
} // namespace llvm

namespace eie {

/// The supported element types, one X(enumerator, C++ type, NumPy name,
/// little-endian .npy descriptor) each: the one table the code below expands.
#define EIE_NPY_DTYPES(X)                                                      \
  X(F32, float, "float32", "<f4")                                              \
  X(F64, double, "float64", "<f8")                                             \
  X(I8, int8_t, "int8", "|i1")                                                 \
  X(I16, int16_t, "int16", "<i2")                                              \
  X(I32, int32_t, "int32", "<i4")                                              \
  X(I64, int64_t, "int64", "<i8")                                              \
  X(U8, uint8_t, "uint8", "|u1")

/// The element types an NpyArray can hold.
enum class DType {
#define EIE_DTYPE_ENUMERATOR(name, type, numpyName, descr) name,
  EIE_NPY_DTYPES(EIE_DTYPE_ENUMERATOR)
#undef EIE_DTYPE_ENUMERATOR
};

/// Size in bytes of one element.
size_t getDTypeSize(DType dtype);
/// NumPy's name for the dtype ("float32", "int64", "uint8", ...).
llvm::StringRef getDTypeName(DType dtype);
/// The little-endian .npy descriptor ("<f4", "|u1", ...).
llvm::StringRef getDTypeDescr(DType dtype);
/// The dtype of a .npy descriptor: "<f4", "|i1", ...; also accepts the
/// native-order "=" prefix, and "|" and ">" for one-byte types, where byte
/// order does not matter. std::nullopt if unsupported.
std::optional<DType> parseDTypeDescr(llvm::StringRef descr);

/// Maps a C++ element type to its DType (defined for the supported types only).
template <typename T> struct DTypeOf;
#define EIE_DTYPE_OF(name, type, numpyName, descr)                             \
  template <> struct DTypeOf<type> {                                           \
    static constexpr DType value = DType::name;                                \
  };
EIE_NPY_DTYPES(EIE_DTYPE_OF)
#undef EIE_DTYPE_OF

/// The most elements an array may have: 2^28 (1 GiB of fp32, eight times
/// VGG-16's largest tensor). eie-netgen, eie-run and readNpy refuse larger
/// ones rather than abort out of memory.
constexpr int kMaxArrayElementsLog2 = 28;

/// The element count of `shape` when it is at most 2^kMaxArrayElementsLog2,
/// else nullopt (also when the product overflows).
std::optional<int64_t> boundedNumElements(llvm::ArrayRef<int64_t> shape);

/// An owned, dense, C-ordered (row-major) array. The buffer is 64-byte aligned
/// so that it can be handed to vectorized code as a memref without a copy.
class NpyArray {
public:
  /// A zero-filled array. A rank-0 shape ({}) holds one element.
  NpyArray(DType dtype, llvm::ArrayRef<int64_t> shape);

  NpyArray(NpyArray &&) = default;
  NpyArray &operator=(NpyArray &&) = default;
  /// Copies are explicit (arrays can be large).
  NpyArray clone() const;

  DType getDType() const { return dtype; }
  llvm::ArrayRef<int64_t> getShape() const { return shape; }
  int64_t getRank() const { return shape.size(); }
  int64_t getNumElements() const { return numElements; }
  size_t getNumBytes() const { return numElements * getDTypeSize(dtype); }

  char *getData() { return data.get(); }
  const char *getData() const { return data.get(); }

  /// Typed views; T must match the dtype (asserted).
  template <typename T> llvm::MutableArrayRef<T> getValues() {
    assert(DTypeOf<T>::value == dtype && "element type does not match dtype");
    return {reinterpret_cast<T *>(data.get()), size_t(numElements)};
  }
  template <typename T> llvm::ArrayRef<T> getValues() const {
    assert(DTypeOf<T>::value == dtype && "element type does not match dtype");
    return {reinterpret_cast<const T *>(data.get()), size_t(numElements)};
  }

  /// The element at a flat (row-major) index converted to double, whatever the
  /// dtype.
  double getAsDouble(int64_t flatIndex) const;

  /// "float32 (1, 3, 224, 224)": NumPy's dtype name and shape tuple, for
  /// diagnostics.
  std::string describe() const;

private:
  struct AlignedFree {
    size_t size;
    void operator()(char *ptr) const;
  };

  DType dtype;
  llvm::SmallVector<int64_t, 4> shape;
  int64_t numElements;
  std::unique_ptr<char[], AlignedFree> data;
};

/// Formats a shape as a Python tuple: "()", "(3,)", "(2, 3)".
std::string formatShapeTuple(llvm::ArrayRef<int64_t> shape);

/// Parses the contents of a .npy file; errors name `buffer`'s identifier.
llvm::Expected<NpyArray> parseNpy(llvm::MemoryBufferRef buffer);
/// Reads a .npy file; errors name the file.
llvm::Expected<NpyArray> readNpy(llvm::StringRef path);

/// Writes `array` in .npy format (version 1.0, or 2.0 when the header needs
/// it).
void writeNpy(llvm::raw_ostream &os, const NpyArray &array);
/// Writes `array` to a file; errors name the file.
llvm::Error writeNpy(llvm::StringRef path, const NpyArray &array);

} // namespace eie

#endif // EIE_SUPPORT_NPY_H
