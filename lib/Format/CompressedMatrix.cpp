//===- CompressedMatrix.cpp - EIE interleaved CSC format ------------------===//

#include "eie/Format/CompressedMatrix.h"

#include <algorithm>

using namespace eie::format;
using llvm::createStringError;

void eie::format::packEntry(Entry e, unsigned entryBytes, uint8_t *out) {
  if (entryBytes == 1) {
    out[0] = static_cast<uint8_t>(e.v | (e.z << 4));
    return;
  }
  out[0] = e.v;
  out[1] = static_cast<uint8_t>(e.z << 4);
}

Entry CompressedMatrix::entry(unsigned pe, uint64_t k) const {
  const uint8_t *p = pes[pe].entries.data() + k * entryBytes();
  if (entryBytes() == 1)
    return {static_cast<uint8_t>(p[0] & 15), static_cast<uint8_t>(p[0] >> 4)};
  return {p[0], static_cast<uint8_t>(p[1] >> 4)};
}

uint64_t CompressedMatrix::totalEntries() const {
  uint64_t n = 0;
  for (unsigned pe = 0; pe < numPEs; ++pe)
    n += numEntries(pe);
  return n;
}

uint64_t CompressedMatrix::totalPadding() const {
  uint64_t n = 0;
  for (unsigned pe = 0; pe < numPEs; ++pe)
    for (uint64_t k = 0, e = numEntries(pe); k < e; ++k)
      n += entry(pe, k).isPadding();
  return n;
}

static llvm::Error checkSparseCodes(const SparseCodes &c, size_t numCodes) {
  if (c.numRows == 0 || c.numCols == 0)
    return createStringError("encode: empty matrix %ux%u", c.numRows,
                             c.numCols);
  if (c.colPtr.size() != size_t(c.numCols) + 1)
    return createStringError("encode: %zu column pointers, expected %u",
                             c.colPtr.size(), c.numCols + 1);
  if (c.rowIdx.size() != c.codes.size())
    return createStringError("encode: %zu row indices but %zu codes",
                             c.rowIdx.size(), c.codes.size());
  if (c.colPtr[0] != 0 || c.colPtr.back() != c.codes.size())
    return createStringError("encode: column pointers span [%llu, %llu], "
                             "expected [0, %zu]",
                             (unsigned long long)c.colPtr[0],
                             (unsigned long long)c.colPtr.back(),
                             c.codes.size());
  for (uint32_t j = 0; j < c.numCols; ++j) {
    if (c.colPtr[j] > c.colPtr[j + 1])
      return createStringError("encode: column pointer %u decreases", j + 1);
    for (uint64_t k = c.colPtr[j]; k < c.colPtr[j + 1]; ++k) {
      if (c.rowIdx[k] >= c.numRows)
        return createStringError("encode: column %u has row %u, matrix has "
                                 "%u rows",
                                 j, c.rowIdx[k], c.numRows);
      if (k > c.colPtr[j] && c.rowIdx[k] <= c.rowIdx[k - 1])
        return createStringError("encode: rows of column %u not ascending "
                                 "(%u after %u)",
                                 j, c.rowIdx[k], c.rowIdx[k - 1]);
      if (c.codes[k] == 0 || c.codes[k] >= numCodes)
        return createStringError("encode: code %u at row %u column %u outside "
                                 "[1, %zu)",
                                 c.codes[k], c.rowIdx[k], j, numCodes);
    }
  }
  return llvm::Error::success();
}

llvm::Expected<CompressedMatrix> eie::format::encode(const SparseCodes &codes,
                                                     uint32_t numPEs,
                                                     Codebook codebook) {
  if (numPEs == 0)
    return createStringError("encode: number of PEs must be positive");
  if (auto e = codebook.verify())
    return std::move(e);
  if (auto e = checkSparseCodes(codes, codebook.size()))
    return std::move(e);

  CompressedMatrix m;
  m.numRows = codes.numRows;
  m.numCols = codes.numCols;
  m.numPEs = numPEs;
  m.codebook = std::move(codebook);
  m.pes.resize(numPEs);
  unsigned eb = m.entryBytes();

  // Pass 1 counts each PE's entries per column (padding included), pass 2
  // writes them; last[] is the local row of the PE's previous entry.
  std::vector<int64_t> last(numPEs);
  for (PESlice &s : m.pes)
    s.colPtr.assign(size_t(m.numCols) + 1, 0);
  for (uint32_t j = 0; j < m.numCols; ++j) {
    std::fill(last.begin(), last.end(), -1);
    for (uint64_t k = codes.colPtr[j]; k < codes.colPtr[j + 1]; ++k) {
      uint32_t pe = codes.rowIdx[k] % numPEs;
      int64_t local = codes.rowIdx[k] / numPEs;
      int64_t gap = local - last[pe] - 1;
      m.pes[pe].colPtr[j + 1] += static_cast<uint32_t>(gap / 16 + 1);
      last[pe] = local;
    }
  }
  for (PESlice &s : m.pes) {
    for (uint32_t j = 0; j < m.numCols; ++j) {
      if (uint64_t(s.colPtr[j]) + s.colPtr[j + 1] > UINT32_MAX)
        return createStringError("encode: more than 2^32-1 entries in a PE");
      s.colPtr[j + 1] += s.colPtr[j];
    }
    s.entries.resize(size_t(s.colPtr.back()) * eb);
  }
  std::vector<uint64_t> pos(numPEs);
  for (uint32_t j = 0; j < m.numCols; ++j) {
    std::fill(last.begin(), last.end(), -1);
    for (unsigned pe = 0; pe < numPEs; ++pe)
      pos[pe] = m.pes[pe].colPtr[j];
    for (uint64_t k = codes.colPtr[j]; k < codes.colPtr[j + 1]; ++k) {
      uint32_t pe = codes.rowIdx[k] % numPEs;
      int64_t local = codes.rowIdx[k] / numPEs;
      int64_t gap = local - last[pe] - 1;
      uint8_t *out = m.pes[pe].entries.data();
      for (; gap >= 16; gap -= 16)
        packEntry({0, kMaxZeroRun}, eb, out + eb * pos[pe]++);
      packEntry({codes.codes[k], static_cast<uint8_t>(gap)}, eb,
                out + eb * pos[pe]++);
      last[pe] = local;
    }
  }
  return m;
}

llvm::Expected<CompressedMatrix>
eie::format::encode(llvm::ArrayRef<uint8_t> dense, uint32_t numRows,
                    uint32_t numCols, uint32_t numPEs, Codebook codebook) {
  if (dense.size() != uint64_t(numRows) * numCols)
    return createStringError("encode: %zu codes for a %ux%u matrix",
                             dense.size(), numRows, numCols);
  SparseCodes c;
  c.numRows = numRows;
  c.numCols = numCols;
  c.colPtr.assign(size_t(numCols) + 1, 0);
  for (uint32_t i = 0; i < numRows; ++i)
    for (uint32_t j = 0; j < numCols; ++j)
      c.colPtr[j + 1] += dense[size_t(i) * numCols + j] != 0;
  for (uint32_t j = 0; j < numCols; ++j)
    c.colPtr[j + 1] += c.colPtr[j];
  c.rowIdx.resize(c.colPtr.back());
  c.codes.resize(c.colPtr.back());
  std::vector<uint64_t> pos(c.colPtr.begin(), c.colPtr.end() - 1);
  // Scanning rows in order leaves every column's rows ascending.
  for (uint32_t i = 0; i < numRows; ++i)
    for (uint32_t j = 0; j < numCols; ++j)
      if (uint8_t code = dense[size_t(i) * numCols + j]) {
        c.rowIdx[pos[j]] = i;
        c.codes[pos[j]++] = code;
      }
  return encode(c, numPEs, std::move(codebook));
}

/// Calls f(globalRow, column, code) for every real entry of the format; the
/// format must have been verified.
template <typename Fn>
static void forEachWeight(const CompressedMatrix &m, Fn f) {
  for (unsigned pe = 0; pe < m.numPEs; ++pe) {
    const PESlice &s = m.pes[pe];
    for (uint32_t j = 0; j < m.numCols; ++j) {
      int64_t local = -1;
      for (uint32_t k = s.colPtr[j]; k < s.colPtr[j + 1]; ++k) {
        Entry e = m.entry(pe, k);
        local += e.z + 1;
        if (!e.isPadding())
          f(uint64_t(local) * m.numPEs + pe, j, e.v);
      }
    }
  }
}

std::vector<uint8_t> eie::format::decodeCodes(const CompressedMatrix &m) {
  std::vector<uint8_t> out(size_t(m.numRows) * m.numCols, 0);
  forEachWeight(m, [&](uint64_t i, uint32_t j, uint8_t v) {
    out[i * m.numCols + j] = v;
  });
  return out;
}

SparseCodes eie::format::decodeSparse(const CompressedMatrix &m) {
  SparseCodes c;
  c.numRows = m.numRows;
  c.numCols = m.numCols;
  c.colPtr.reserve(size_t(m.numCols) + 1);
  c.colPtr.push_back(0);
  c.rowIdx.reserve(m.totalEntries());
  c.codes.reserve(m.totalEntries());
  // Row i is PE i % P's local row i / P, so a column's rows ascend in the
  // order (local row, PE). Each PE's local rows ascend already: a counting
  // sort of the column on the local row, visiting the PEs in order, merges
  // them in time linear in the entries plus the local rows (sorting each
  // column took half of PackedMatrix::create's time).
  const uint32_t numPEs = m.numPEs, localRows = m.localRows(0);
  const unsigned eb = m.entryBytes();
  std::vector<uint32_t> start(size_t(localRows) + 1);
  std::vector<std::pair<uint32_t, uint8_t>> column; // (row, code)
  for (uint32_t j = 0; j < m.numCols; ++j) {
    column.clear();
    for (unsigned pe = 0; pe < numPEs; ++pe) {
      const PESlice &s = m.pes[pe];
      const uint8_t *p = s.entries.data() + size_t(s.colPtr[j]) * eb;
      const uint8_t *e = s.entries.data() + size_t(s.colPtr[j + 1]) * eb;
      uint32_t next = 0; // local row of the next entry with z = 0
      for (; p < e; p += eb) {
        unsigned v = eb == 1 ? p[0] & 15 : p[0],
                 z = (eb == 1 ? p[0] : p[1]) >> 4;
        next += z;
        if (v)
          column.push_back({next * numPEs + pe, uint8_t(v)});
        ++next;
      }
    }
    size_t base = c.rowIdx.size(), n = column.size();
    c.rowIdx.resize(base + n);
    c.codes.resize(base + n);
    if (numPEs == 1 || n * 4 < localRows) {
      // One PE's column is sorted; a short column sorts faster than it
      // counts.
      if (numPEs > 1)
        std::sort(column.begin(), column.end());
      for (size_t k = 0; k < n; ++k) {
        c.rowIdx[base + k] = column[k].first;
        c.codes[base + k] = column[k].second;
      }
    } else {
      std::fill(start.begin(), start.end(), 0);
      for (const auto &[row, v] : column)
        ++start[row / numPEs + 1];
      for (uint32_t l = 0; l < localRows; ++l)
        start[l + 1] += start[l];
      for (const auto &[row, v] : column) {
        size_t k = base + start[row / numPEs]++;
        c.rowIdx[k] = row;
        c.codes[k] = v;
      }
    }
    c.colPtr.push_back(c.rowIdx.size());
  }
  return c;
}

std::vector<float> eie::format::decodeDense(const CompressedMatrix &m) {
  std::vector<float> out(size_t(m.numRows) * m.numCols, 0.0f);
  forEachWeight(m, [&](uint64_t i, uint32_t j, uint8_t v) {
    out[i * m.numCols + j] = m.codebook.values[v];
  });
  return out;
}

static llvm::Error verifySlice(const CompressedMatrix &m, unsigned pe) {
  const PESlice &s = m.pes[pe];
  unsigned eb = m.entryBytes();
  if (s.colPtr.size() != size_t(m.numCols) + 1)
    return createStringError("PE %u: %zu column pointers, expected %u", pe,
                             s.colPtr.size(), m.numCols + 1);
  if (s.entries.size() % eb != 0)
    return createStringError("PE %u: %zu entry bytes, not a multiple of %u", pe,
                             s.entries.size(), eb);
  uint64_t numEntries = s.entries.size() / eb;
  if (s.colPtr[0] != 0)
    return createStringError("PE %u: column pointer 0 is %u, expected 0", pe,
                             s.colPtr[0]);
  for (uint32_t j = 0; j < m.numCols; ++j)
    if (s.colPtr[j + 1] < s.colPtr[j])
      return createStringError(
          "PE %u: column pointer %u is %u, below pointer %u = %u", pe, j + 1,
          s.colPtr[j + 1], j, s.colPtr[j]);
  if (s.colPtr.back() != numEntries)
    return createStringError(
        "PE %u: last column pointer is %u, expected the entry count %llu", pe,
        s.colPtr.back(), (unsigned long long)numEntries);
  int64_t rows = m.localRows(pe);
  for (uint32_t j = 0; j < m.numCols; ++j) {
    int64_t local = -1;
    for (uint32_t k = s.colPtr[j]; k < s.colPtr[j + 1]; ++k) {
      const uint8_t *p = s.entries.data() + size_t(k) * eb;
      if (eb == 2 && (p[1] & 15) != 0)
        return createStringError("PE %u column %u entry %u: unused bits 8..11 "
                                 "are %u, expected 0",
                                 pe, j, k, p[1] & 15u);
      Entry e = m.entry(pe, k);
      if (e.v >= m.codebook.size())
        return createStringError("PE %u column %u entry %u: index %u outside "
                                 "the %zu-entry codebook",
                                 pe, j, k, e.v, m.codebook.size());
      if (e.z > kMaxZeroRun)
        return createStringError("PE %u column %u entry %u: zero run %u "
                                 "exceeds %u",
                                 pe, j, k, e.z, kMaxZeroRun);
      if (e.isPadding() && e.z != kMaxZeroRun)
        return createStringError("PE %u column %u entry %u: index 0 with zero "
                                 "run %u; index 0 only marks padding, which "
                                 "must have zero run %u",
                                 pe, j, k, e.z, kMaxZeroRun);
      if (e.isPadding() && k + 1 == s.colPtr[j + 1])
        return createStringError("PE %u column %u entry %u: padding ends the "
                                 "column; padding must precede an entry",
                                 pe, j, k);
      local += e.z + 1;
      if (local >= rows)
        return createStringError("PE %u column %u entry %u: local row %lld "
                                 "out of range, PE has %lld rows",
                                 pe, j, k, (long long)local, (long long)rows);
    }
  }
  return llvm::Error::success();
}

llvm::Error eie::format::verify(const CompressedMatrix &m) {
  if (m.numRows == 0 || m.numCols == 0 || m.numPEs == 0)
    return createStringError("compressed matrix: %ux%u on %u PEs; every "
                             "dimension must be positive",
                             m.numRows, m.numCols, m.numPEs);
  if (m.pes.size() != m.numPEs)
    return createStringError("compressed matrix: %zu PE slices, expected %u",
                             m.pes.size(), m.numPEs);
  if (auto e = m.codebook.verify())
    return e;
  for (unsigned pe = 0; pe < m.numPEs; ++pe)
    if (auto e = verifySlice(m, pe))
      return e;
  return llvm::Error::success();
}
