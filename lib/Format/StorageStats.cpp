//===- StorageStats.cpp - Storage report of a compressed layer ------------===//

#include "eie/Format/StorageStats.h"

#include "llvm/Support/Format.h"

#include <functional>
#include <queue>

using namespace eie::format;

uint64_t eie::format::huffmanBits(llvm::ArrayRef<uint64_t> frequencies) {
  // The cost of a Huffman code is the sum of the weights of every merged
  // node, so the code lengths need not be built explicitly.
  std::priority_queue<uint64_t, std::vector<uint64_t>, std::greater<uint64_t>>
      heap;
  for (uint64_t f : frequencies)
    if (f)
      heap.push(f);
  if (heap.size() == 1)
    return heap.top();
  uint64_t bits = 0;
  while (heap.size() > 1) {
    uint64_t a = heap.top();
    heap.pop();
    uint64_t b = heap.top();
    heap.pop();
    bits += a + b;
    heap.push(a + b);
  }
  return bits;
}

StorageStats eie::format::computeStorageStats(const CompressedMatrix &m,
                                              llvm::StringRef name,
                                              unsigned pointerBits) {
  StorageStats s;
  s.name = name.str();
  s.rows = m.numRows;
  s.cols = m.numCols;
  s.numPEs = m.numPEs;
  s.bits = m.codebook.bits;
  s.pointerBits = pointerBits;
  std::vector<uint64_t> vFreq(m.codebook.size(), 0), zFreq(kMaxZeroRun + 1, 0);
  uint64_t entries = 0;
  for (unsigned pe = 0; pe < m.numPEs; ++pe)
    for (uint64_t k = 0, e = m.numEntries(pe); k < e; ++k) {
      Entry en = m.entry(pe, k);
      ++vFreq[en.v];
      ++zFreq[en.z];
      ++entries;
    }
  s.paddingEntries = vFreq[0];
  s.nonZeros = entries - s.paddingEntries;
  s.entryBytes = entries * m.entryBytes();
  s.pointerBytes = (uint64_t(m.numPEs) * (m.numCols + 1) * pointerBits + 7) / 8;
  s.codebookBytes = m.codebook.size() * 2;
  s.totalBytes = s.entryBytes + s.pointerBytes + s.codebookBytes;
  s.denseBytes = uint64_t(m.numRows) * m.numCols * 4;
  s.huffmanVBits = huffmanBits(vFreq);
  s.huffmanZBits = huffmanBits(zFreq);
  s.huffmanTotalBytes = (s.huffmanVBits + s.huffmanZBits + 7) / 8 +
                        s.pointerBytes + s.codebookBytes;
  return s;
}

llvm::json::Value eie::format::toJSON(const StorageStats &s) {
  return llvm::json::Object{
      {"name", s.name},
      {"rows", s.rows},
      {"cols", s.cols},
      {"pes", s.numPEs},
      {"bits", s.bits},
      {"pointer_bits", s.pointerBits},
      {"non_zeros", s.nonZeros},
      {"density", s.density()},
      {"padding_entries", s.paddingEntries},
      {"entry_bytes", s.entryBytes},
      {"pointer_bytes", s.pointerBytes},
      {"codebook_bytes", s.codebookBytes},
      {"total_bytes", s.totalBytes},
      {"dense_fp32_bytes", s.denseBytes},
      {"bits_per_non_zero", s.bitsPerNonZero()},
      {"bytes_per_non_zero", s.bytesPerNonZero()},
      {"padding_per_non_zero", s.paddingOverhead()},
      {"pointer_bytes_per_non_zero", s.pointerOverhead()},
      {"compression_ratio", s.compressionRatio()},
      {"huffman_v_bits", s.huffmanVBits},
      {"huffman_z_bits", s.huffmanZBits},
      {"huffman_total_bytes", s.huffmanTotalBytes},
      {"huffman_bytes_per_non_zero", s.huffmanBytesPerNonZero()},
      {"huffman_compression_ratio", s.huffmanCompressionRatio()},
  };
}

void eie::format::printStorageTable(llvm::raw_ostream &os,
                                    llvm::ArrayRef<StorageStats> layers) {
  os << llvm::format("%-10s %11s %4s %4s %9s %7s %9s %9s %9s %8s %8s %8s\n",
                     "layer", "shape", "PEs", "bits", "nnz", "density", "B/nnz",
                     "pad/nnz", "ptrB/nnz", "ratio", "huffB/nz", "huffRat");
  for (const StorageStats &s : layers) {
    std::string shape = std::to_string(s.rows) + "x" + std::to_string(s.cols);
    os << llvm::format(
        "%-10s %11s %4u %4u %9llu %6.2f%% %9.3f %9.3f %9.3f %7.1fx %8.3f "
        "%7.1fx\n",
        s.name.c_str(), shape.c_str(), s.numPEs, s.bits,
        (unsigned long long)s.nonZeros, 100 * s.density(), s.bytesPerNonZero(),
        s.paddingOverhead(), s.pointerOverhead(), s.compressionRatio(),
        s.huffmanBytesPerNonZero(), s.huffmanCompressionRatio());
  }
}
