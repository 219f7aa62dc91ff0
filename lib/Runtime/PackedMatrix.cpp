//===- PackedMatrix.cpp - Kernel layout of a compressed layer -------------===//

#include "eie/Runtime/PackedMatrix.h"
#include "VariantSelection.h"

#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <numeric>

#ifdef __linux__
#include <sys/mman.h>
#endif

using namespace eie;
using namespace eie::runtime;

namespace {
constexpr std::align_val_t kCacheLine{64};
#ifdef __linux__
constexpr size_t kHugePage = size_t(2) << 20;
/// Storage from this size up is mapped on huge pages of its own.
constexpr size_t kHugePagesFrom = size_t(256) << 10;
#endif
} // namespace

void *eie::runtime::allocateStorage(size_t bytes) {
#ifdef __linux__
  if (bytes >= kHugePagesFrom) {
    // A huge page more than needed, so that whole huge pages fit after
    // aligning; the slack on either side goes back.
    const size_t size = llvm::alignTo(bytes, kHugePage);
    void *region = mmap(nullptr, size + kHugePage, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (region == MAP_FAILED)
      llvm::report_bad_alloc_error("packed matrix: out of memory");
    const uintptr_t start = reinterpret_cast<uintptr_t>(region),
                    aligned = llvm::alignTo(start, kHugePage);
    if (aligned > start)
      munmap(region, aligned - start);
    if (size_t tail = start + kHugePage - aligned)
      munmap(reinterpret_cast<void *>(aligned + size), tail);
#ifdef MADV_HUGEPAGE
    madvise(reinterpret_cast<void *>(aligned), size, MADV_HUGEPAGE);
#endif
    return reinterpret_cast<void *>(aligned);
  }
#endif
  return ::operator new(bytes, kCacheLine);
}

void eie::runtime::freeStorage(void *p, size_t bytes) {
#ifdef __linux__
  if (bytes >= kHugePagesFrom) {
    munmap(p, llvm::alignTo(bytes, kHugePage));
    return;
  }
#endif
  ::operator delete(p, kCacheLine);
}

KernelSpec PackedMatrix::kernelSpec() const {
  if (kernelVariant.layout != Layout::Panels)
    return {kernelVariant};
  return {kernelVariant, panels.width, panels.steps, leftoverKind};
}

/// Appends a real entry at slice row local, gap zeros after the previous
/// one. Nibbles padding entries (v = 0) skip 16 (z + 1) positions, so one
/// covers up to 256 zeros instead of the format's 16; RowCode needs none.
static void appendEntry(CacheLineVector<uint8_t> &out, EntryKind kind,
                        int64_t local, int64_t gap, uint8_t code) {
  if (kind == EntryKind::RowCode) {
    uint16_t word = static_cast<uint16_t>(code | (local << 4));
    out.push_back(static_cast<uint8_t>(word));
    out.push_back(static_cast<uint8_t>(word >> 8));
    return;
  }
  unsigned bytes = entryBytes(kind);
  auto push = [&](format::Entry e) {
    out.resize(out.size() + bytes);
    format::packEntry(e, bytes, &out[out.size() - bytes]);
  };
  for (int64_t blocks = gap / 16; blocks > 0; blocks -= 16)
    push({0, static_cast<uint8_t>(std::min<int64_t>(blocks, 16) - 1)});
  push({code, static_cast<uint8_t>(gap % 16)});
}

/// Column-major slices, rows spread over them by map.
static std::vector<PackedMatrix::Slice>
buildSlices(const format::SparseCodes &c, SliceMap map, EntryKind kind) {
  std::vector<PackedMatrix::Slice> slices(map.numSlices);
  for (unsigned s = 0; s < map.numSlices; ++s) {
    slices[s].numRows = map.rowsOf(s, c.numRows);
    slices[s].colPtr.push_back(0);
  }
  std::vector<int64_t> last(map.numSlices);
  for (uint32_t j = 0; j < c.numCols; ++j) {
    std::fill(last.begin(), last.end(), -1);
    for (uint64_t k = c.colPtr[j]; k < c.colPtr[j + 1]; ++k) {
      unsigned s = map.sliceOf(c.rowIdx[k]);
      int64_t local = map.localRow(c.rowIdx[k]);
      appendEntry(slices[s].entries, kind, local, local - last[s] - 1,
                  c.codes[k]);
      last[s] = local;
    }
    for (PackedMatrix::Slice &slice : slices)
      slice.colPtr.push_back(
          static_cast<uint32_t>(slice.entries.size() / entryBytes(kind)));
  }
  for (PackedMatrix::Slice &slice : slices)
    slice.entries.resize(slice.entries.size() + PackedMatrix::kEntryTail, 0);
  return slices;
}

/// The Panels layout's steps of every slice of map; the entries beyond a
/// row's steps in a panel go to overflow (column-major sparse codes).
static std::vector<CacheLineVector<uint16_t>>
buildPanelEntries(const format::SparseCodes &c, SliceMap map,
                  const PanelShape &shape, uint32_t numPanels,
                  format::SparseCodes &overflow) {
  std::vector<CacheLineVector<uint16_t>> panels(map.numSlices);
  for (unsigned s = 0; s < map.numSlices; ++s) {
    uint64_t blocks = llvm::divideCeil(map.rowsOf(s, c.numRows), shape.lanes);
    panels[s].assign(blocks * numPanels * shape.steps * shape.lanes, 0);
  }
  overflow.numRows = c.numRows;
  overflow.numCols = c.numCols;
  overflow.colPtr.assign(1, 0);
  std::vector<uint8_t> used(c.numRows); // each row's steps in this panel
  for (uint32_t p = 0; p < numPanels; ++p) {
    std::fill(used.begin(), used.end(), 0);
    uint32_t first = p * shape.width;
    uint32_t last =
        std::min<uint64_t>(c.numCols, uint64_t(first) + shape.width);
    for (uint32_t j = first; j < last; ++j) {
      for (uint64_t k = c.colPtr[j]; k < c.colPtr[j + 1]; ++k) {
        uint32_t row = c.rowIdx[k];
        if (used[row] == shape.steps) {
          overflow.rowIdx.push_back(row);
          overflow.codes.push_back(c.codes[k]);
          continue;
        }
        uint32_t local = map.localRow(row);
        unsigned step = used[row]++;
        size_t at =
            ((size_t(local / shape.lanes) * numPanels + p) * shape.steps +
             step - step % 2) *
                shape.lanes +
            local % shape.lanes * 2 + step % 2;
        panels[map.sliceOf(row)][at] =
            static_cast<uint16_t>((j - first) | (c.codes[k] << 8));
      }
      overflow.colPtr.push_back(overflow.rowIdx.size());
    }
  }
  return panels;
}

/// PanelLeftover::Rows: each slice's rows' lists of the overflow entries.
static void buildRowLeftover(const format::SparseCodes &overflow, SliceMap map,
                             std::vector<PackedMatrix::Slice> &slices) {
  if (overflow.rowIdx.empty())
    return;
  for (PackedMatrix::Slice &slice : slices)
    slice.rowPtr.assign(slice.numRows + 1, 0);
  for (uint32_t row : overflow.rowIdx)
    ++slices[map.sliceOf(row)].rowPtr[map.localRow(row) + 1];
  std::vector<std::vector<uint32_t>> next(slices.size());
  for (size_t s = 0; s < slices.size(); ++s) {
    std::vector<uint32_t> &ptr = slices[s].rowPtr;
    std::partial_sum(ptr.begin(), ptr.end(), ptr.begin());
    slices[s].rowEntries.resize(ptr.back());
    next[s].assign(ptr.begin(), ptr.end() - 1);
  }
  // Column by column, so each row's list is in column order.
  for (uint32_t j = 0; j < overflow.numCols; ++j)
    for (uint64_t k = overflow.colPtr[j]; k < overflow.colPtr[j + 1]; ++k) {
      uint32_t row = overflow.rowIdx[k];
      unsigned s = map.sliceOf(row);
      slices[s].rowEntries[next[s][map.localRow(row)]++] =
          j | uint32_t(overflow.codes[k]) << kRowLeftoverCodeShift;
    }
}

llvm::Expected<PackedMatrix>
PackedMatrix::create(const format::CompressedMatrix &m,
                     const PackOptions &options) {
  if (options.numSlices == 0 || options.numSlices > kMaxSlices)
    return llvm::createStringError("packed matrix: %u slices, expected 1..%u",
                                   options.numSlices, kMaxSlices);
  // The calibration's activations have this density: at 0 every candidate
  // would be timed on zeros.
  if (!(options.expectedActivationDensity > 0 &&
        options.expectedActivationDensity <= 1))
    return llvm::createStringError(
        "packed matrix: expected activation density %g, expected (0, 1]",
        options.expectedActivationDensity);
  if (auto e = format::verify(m))
    return std::move(e);
  return detail::selectAndBuild(m, format::decodeSparse(m), options);
}

llvm::Expected<PackedMatrix>
PackedMatrix::build(const format::CompressedMatrix &m,
                    const format::SparseCodes &codes, KernelVariant v,
                    const PackOptions &options, std::string reason) {
  unsigned numSlices = options.numSlices;
  if (v.layout != Layout::Columns && m.codebook.bits > 4)
    return llvm::createStringError(
        "packed matrix: the %s layout needs a 4-bit codebook, got %u bits",
        layoutName(v.layout).str().c_str(), m.codebook.bits);

  PackedMatrix p;
  p.rows = m.numRows;
  p.cols = m.numCols;
  p.packedForThreads = numSlices;
  p.kernelVariant = v;
  p.reason = std::move(reason);
  p.nonZeros = codes.codes.size();
  p.codebook = m.codebook;
  // Columns threads split the columns, so their rows stay in as few slices
  // as the packing allows: a column in several slices is walked as several
  // segments (a two-slice packing ran 13-35% slower than a one-slice one on
  // VGG-6, on one thread as on two). Panels threads split the rows.
  if (v.layout == Layout::Columns)
    numSlices = 1;
  p.numSlicesUsed = numSlices;
  // RowCode slices hold at most kRowCodeRows rows, contiguous ranges of
  // them (SliceMap). The Panels row slices hold no RowCode entries: its
  // leftover slices do.
  const unsigned rowCodeSlices = std::max(
      1u, static_cast<unsigned>(llvm::divideCeil(m.numRows, kRowCodeRows)));
  if (v.layout == Layout::Panels && options.entryKind &&
      *options.entryKind != EntryKind::RowCode)
    return llvm::createStringError(
        "packed matrix: the panels layout keeps its other entries as RowCode");
  if (options.entryKind) {
    p.kind = *options.entryKind;
    if ((p.kind == EntryKind::WideCode) != (m.codebook.bits > 4))
      return llvm::createStringError(
          "packed matrix: entry packing %s does not fit a %u-bit codebook",
          p.kind == EntryKind::WideCode ? "WideCode" : "with 4-bit codes",
          m.codebook.bits);
  } else if (m.codebook.bits > 4) {
    p.kind = EntryKind::WideCode;
  } else {
    p.kind = rowCodeSlices <= kMaxSlices || v.layout == Layout::Panels
                 ? EntryKind::RowCode
                 : EntryKind::Nibbles;
  }
  if (p.kind == EntryKind::RowCode && rowCodeSlices > kMaxSlices)
    return llvm::createStringError(
        "packed matrix: RowCode packing needs %u slices for %u rows, at "
        "most %u",
        rowCodeSlices, m.numRows, kMaxSlices);
  if (p.kind == EntryKind::RowCode && v.layout == Layout::Columns)
    p.numSlicesUsed = rowCodeSlices;
  if (v.layout == Layout::Columns) {
    p.slices = buildSlices(codes, p.sliceMap(), p.kind);
    return p;
  }

  p.panels = {v.isa == KernelISA::AVX512 ? 16u : 8u, options.panelWidth,
              options.panelSteps};
  if (!isPanelShape(v.isa, p.panels.width, p.panels.steps))
    return llvm::createStringError(
        "packed matrix: %s takes no panels of %u columns and %u steps",
        kernelVariantName(v).c_str(), p.panels.width, p.panels.steps);
  // One contiguous share of the rows per thread (SliceMap).
  p.rowBlock = static_cast<uint32_t>(std::max<uint64_t>(
      kPanelRowUnit,
      llvm::alignTo(llvm::divideCeil(m.numRows, numSlices), kPanelRowUnit)));
  p.leftoverKind = options.panelLeftover.value_or(PanelLeftover::Walk);
  if (p.leftoverKind == PanelLeftover::Rows &&
      m.numCols > kRowLeftoverColumnMask + 1)
    return llvm::createStringError(
        "packed matrix: per-row leftover lists hold at most %u columns, got "
        "%u",
        kRowLeftoverColumnMask + 1, m.numCols);
  format::SparseCodes overflow;
  std::vector<CacheLineVector<uint16_t>> panels =
      buildPanelEntries(codes, p.sliceMap(), p.panels, p.numPanels(), overflow);
  p.slices.resize(p.numSlicesUsed);
  for (unsigned s = 0; s < p.numSlicesUsed; ++s) {
    p.slices[s].numRows = p.sliceMap().rowsOf(s, p.rows);
    p.slices[s].panelEntries = std::move(panels[s]);
  }
  if (p.leftoverKind == PanelLeftover::Rows)
    buildRowLeftover(overflow, p.sliceMap(), p.slices);
  else
    p.leftover =
        buildSlices(overflow, SliceMap{rowCodeSlices, kRowCodeRows}, p.kind);
  return p;
}

uint64_t PackedMatrix::storageBytes() const {
  uint64_t bytes = codebook.size() * (sizeof(float) + sizeof(int16_t));
  for (const std::vector<Slice> *group : {&slices, &leftover})
    for (const Slice &s : *group)
      bytes += s.entries.size() -
               std::min<size_t>(s.entries.size(), kEntryTail) +
               s.colPtr.size() * sizeof(uint32_t) +
               s.panelEntries.size() * sizeof(uint16_t) +
               (s.rowPtr.size() + s.rowEntries.size()) * sizeof(uint32_t);
  return bytes;
}
