//===- CompressedMatrix.h - EIE interleaved CSC format ----------*- C++ -*-===//
//
// The weight format of EIE (shared/contracts/EIE.md, docs/CompressedFormat.md):
// an M x N matrix (rows = outputs, columns = inputs) spread over P PEs, row i
// in PE i mod P at local row i / P. Each PE stores its rows column by column
// as entries (v, z): v the codebook index, z the number of zero rows of that
// PE skipped before the entry. A gap of 16 or more zeros inserts padding
// entries (v = 0, z = 15), each covering 16 row positions.
//
// Entry packing: with bits <= 4 one byte, v in bits [0,4) and z in bits
// [4,8); with 5..8 bits a little-endian 16-bit word, v in bits [0,8) and z in
// bits [12,16), bits [8,12) zero.
//
//===----------------------------------------------------------------------===//

#ifndef EIE_FORMAT_COMPRESSEDMATRIX_H
#define EIE_FORMAT_COMPRESSEDMATRIX_H

#include "eie/Format/Codebook.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <vector>

namespace eie::format {

/// Largest zero run one entry can encode; a padding entry has this z.
constexpr unsigned kMaxZeroRun = 15;

/// One decoded entry.
struct Entry {
  uint8_t v = 0; ///< codebook index; 0 only in padding entries
  uint8_t z = 0; ///< zeros of this PE skipped before the entry
  bool isPadding() const { return v == 0; }
};

/// The entries and column pointers of one PE.
struct PESlice {
  /// Packed entries (see the file comment), entryBytes() bytes each.
  std::vector<uint8_t> entries;
  /// numCols + 1 entry indices: column j holds entries [colPtr[j],
  /// colPtr[j+1]), padding included.
  std::vector<uint32_t> colPtr;
};

/// A non-zero pattern with codes, column-major with rows ascending in each
/// column: the encoder's input when no dense matrix is at hand.
struct SparseCodes {
  uint32_t numRows = 0, numCols = 0;
  std::vector<uint64_t> colPtr; ///< numCols + 1
  std::vector<uint32_t> rowIdx; ///< row of each non-zero
  std::vector<uint8_t> codes;   ///< code of each non-zero, in [1, 2^bits)
};

struct CompressedMatrix {
  uint32_t numRows = 0; ///< M, outputs
  uint32_t numCols = 0; ///< N, inputs
  uint32_t numPEs = 0;  ///< P
  Codebook codebook;
  std::vector<PESlice> pes; ///< numPEs slices

  /// Bytes of one packed entry: 1 when bits <= 4, else 2.
  unsigned entryBytes() const { return codebook.bits <= 4 ? 1 : 2; }
  /// Rows stored in PE pe: ceil((numRows - pe) / numPEs).
  uint32_t localRows(unsigned pe) const {
    return pe < numRows ? (numRows - pe + numPEs - 1) / numPEs : 0;
  }
  /// Entries of PE pe, padding included.
  uint64_t numEntries(unsigned pe) const {
    return pes[pe].entries.size() / entryBytes();
  }
  /// Entry k of PE pe.
  Entry entry(unsigned pe, uint64_t k) const;
  /// All PEs' entries, padding included.
  uint64_t totalEntries() const;
  /// All PEs' padding entries.
  uint64_t totalPadding() const;
};

/// Packs one entry into out (entryBytes bytes).
void packEntry(Entry e, unsigned entryBytes, uint8_t *out);

/// Encodes a row-major numRows x numCols code matrix (0 = zero weight).
llvm::Expected<CompressedMatrix> encode(llvm::ArrayRef<uint8_t> codes,
                                        uint32_t numRows, uint32_t numCols,
                                        uint32_t numPEs, Codebook codebook);
/// Encodes a column-major sparse code matrix.
llvm::Expected<CompressedMatrix> encode(const SparseCodes &codes,
                                        uint32_t numPEs, Codebook codebook);

/// The row-major code matrix (0 where no weight is stored).
std::vector<uint8_t> decodeCodes(const CompressedMatrix &m);
/// The stored weights as column-major sparse codes (rows ascending).
SparseCodes decodeSparse(const CompressedMatrix &m);
/// The row-major fp32 weight matrix codebook.values[code].
std::vector<float> decodeDense(const CompressedMatrix &m);

/// Checks every invariant of the format: shapes, the codebook, per PE the
/// pointer array (size, start at 0, monotonic, end == entry count), every
/// entry (v < 2^bits, z <= 15, unused bits zero, padding is v=0/z=15 and is
/// followed by an entry of its column) and every row within the PE's rows.
/// The message names the PE, column and entry.
llvm::Error verify(const CompressedMatrix &m);

} // namespace eie::format

#endif // EIE_FORMAT_COMPRESSEDMATRIX_H
