//===- StorageStats.h - Storage report of a compressed layer ----*- C++ -*-===//

#ifndef EIE_FORMAT_STORAGESTATS_H
#define EIE_FORMAT_STORAGESTATS_H

#include "eie/Format/CompressedMatrix.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <string>

namespace eie::format {

/// Sizes of one layer in EIE's format. Pointers are counted at their on-chip
/// width (EIE: 16 bits, one per PE per column plus one); the codebook at
/// 16 bits per value (the fixed-point copy the machine holds).
struct StorageStats {
  std::string name;
  uint32_t rows = 0, cols = 0, numPEs = 0, bits = 0;
  unsigned pointerBits = 16;
  uint64_t nonZeros = 0;
  uint64_t paddingEntries = 0;
  uint64_t entryBytes = 0;    ///< (nonZeros + padding) * packed entry size
  uint64_t pointerBytes = 0;  ///< numPEs * (cols + 1) * pointerBits / 8
  uint64_t codebookBytes = 0; ///< 2^bits * 2
  uint64_t totalBytes = 0;    ///< entries + pointers + codebook
  uint64_t denseBytes = 0;    ///< rows * cols * 4 (fp32)
  /// Huffman-coded v and z streams (code lengths from the streams' symbol
  /// frequencies, padding entries included), in bits.
  uint64_t huffmanVBits = 0, huffmanZBits = 0;
  uint64_t huffmanTotalBytes = 0; ///< Huffman streams + pointers + codebook

  double density() const { return double(nonZeros) / (double(rows) * cols); }
  double bytesPerNonZero() const { return double(totalBytes) / nonZeros; }
  double bitsPerNonZero() const { return 8.0 * bytesPerNonZero(); }
  /// Padding entries per non-zero.
  double paddingOverhead() const { return double(paddingEntries) / nonZeros; }
  /// Pointer bytes per non-zero.
  double pointerOverhead() const { return double(pointerBytes) / nonZeros; }
  double compressionRatio() const { return double(denseBytes) / totalBytes; }
  double huffmanBytesPerNonZero() const {
    return double(huffmanTotalBytes) / nonZeros;
  }
  double huffmanCompressionRatio() const {
    return double(denseBytes) / huffmanTotalBytes;
  }
};

/// Total bits of a stream with the given symbol frequencies under an optimal
/// (Huffman) prefix code; one bit per symbol when only one symbol occurs.
uint64_t huffmanBits(llvm::ArrayRef<uint64_t> frequencies);

/// Measures a verified matrix.
StorageStats computeStorageStats(const CompressedMatrix &m,
                                 llvm::StringRef name = "",
                                 unsigned pointerBits = 16);

llvm::json::Value toJSON(const StorageStats &s);
/// One header line and one line per layer.
void printStorageTable(llvm::raw_ostream &os,
                       llvm::ArrayRef<StorageStats> layers);

} // namespace eie::format

#endif // EIE_FORMAT_STORAGESTATS_H
