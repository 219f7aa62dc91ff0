//===- PackedMatrix.h - Kernel layout of a compressed layer -----*- C++ -*-===//
//
// The x86 kernels' own layout of an EIE matrix, built once at load time from a
// verified eie::format::CompressedMatrix (docs/CompressedFormat.md, "x86
// kernel layouts"), for one KernelVariant:
//  - Columns: rows in as few slices as the entry packing allows (SliceMap:
//    contiguous ranges) instead of EIE's 64 PEs, each slice column-major. The
//    kernel walks only the columns of non-zero activations, as EIE does.
//    Entries are EntryKind::RowCode (the row within the slice and the code, so
//    decoding needs no prefix sum) or the format's (v, z) byte (Nibbles), whose
//    padding entries skip 16 (z + 1) positions instead of 16.
//  - Panels: each slice's rows in blocks of one vector's lanes, the columns
//    in panels of PanelShape::width; per block and panel a fixed number of
//    steps, one 2-byte entry (column within the panel, code) per lane and
//    step. The kernel holds a panel's activations in registers and looks them
//    up with permutes; a row's entries beyond the steps of a panel go to
//    RowCode Columns slices of their own over all rows (the leftover
//    slices), walked only at non-zero activations, or to per-row lists of
//    its row slice (PanelLeftover). 4-bit codebooks only.
//
//===----------------------------------------------------------------------===//

#ifndef EIE_RUNTIME_PACKEDMATRIX_H
#define EIE_RUNTIME_PACKEDMATRIX_H

#include "eie/Format/CompressedMatrix.h"
#include "eie/Runtime/KernelVariant.h"

#include "llvm/Support/Error.h"

#include <algorithm>
#include <atomic>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <new>
#include <optional>
#include <string>
#include <vector>

namespace eie::runtime {

/// `bytes` of storage that starts on a cache line. From 256 KiB up (Linux),
/// fresh whole 2 MiB pages that the kernel is asked to back with huge pages
/// (transparent huge pages, when they are enabled for regions that ask):
/// - a packing writes tens of megabytes, and on a virtual machine every
///   4 KiB page's first touch traps;
/// - a layout about the L2's size ran up to 1.3x slower in some copies than
///   in others on 4 KiB pages, most likely by how its scattered pages fill
///   the L2's sets (NT-We's 0.9 MB of 32 x 6 panels, six copies a process:
///   14.1-15.0 us in each of four processes on huge pages; without, two
///   processes of six had copies at 16.1-18.9 and 14.8-17.2 us, Zen 5);
/// - fresh, not from the heap: memory the heap hands back was already
///   touched in 4 KiB pages, and four packings of Alex-6's 9.4 MB of panel
///   entries in one process had 4-8 MB of huge pages each.
void *allocateStorage(size_t bytes);
/// Frees what allocateStorage(bytes) returned.
void freeStorage(void *p, size_t bytes);

/// An allocator of storage that starts on a cache line. The kernels load
/// their entry streams in whole vectors, a Panels step pair 64 bytes at once:
/// from a std::vector's 16-byte boundary every such load spans two lines,
/// and the same Panels shape ran 10% slower in three copies out of four
/// (Alex-6, Zen 5), which also made the calibration compare copies rather
/// than shapes. The kernels' scratch memory (accumulators, activation
/// copies) takes it too.
template <typename T> struct CacheLineAllocator {
  using value_type = T;
  CacheLineAllocator() = default;
  template <typename U>
  CacheLineAllocator(const CacheLineAllocator<U> &) noexcept {}
  T *allocate(size_t n) {
    return static_cast<T *>(allocateStorage(n * sizeof(T)));
  }
  void deallocate(T *p, size_t n) { freeStorage(p, n * sizeof(T)); }
  template <typename U>
  bool operator==(const CacheLineAllocator<U> &) const noexcept {
    return true;
  }
  template <typename U>
  bool operator!=(const CacheLineAllocator<U> &) const noexcept {
    return false;
  }
};
template <typename T>
using CacheLineVector = std::vector<T, CacheLineAllocator<T>>;

/// A value the kernels keep in a PackedMatrix they take as const, read and
/// written with relaxed atomics (any value read is a valid one, as for a
/// hint), and copied with the matrix.
class RelaxedHint {
public:
  explicit RelaxedHint(uint32_t value) : value(value) {}
  RelaxedHint(const RelaxedHint &other) : value(other.load()) {}
  RelaxedHint &operator=(const RelaxedHint &other) {
    store(other.load());
    return *this;
  }
  uint32_t load() const { return value.load(std::memory_order_relaxed); }
  void store(uint32_t v) const { value.store(v, std::memory_order_relaxed); }

private:
  mutable std::atomic<uint32_t> value;
};

/// Most slices a PackedMatrix may have.
constexpr unsigned kMaxSlices = 64;

/// How a Columns-layout entry is packed.
enum class EntryKind {
  /// 2 bytes, little endian: v in bits 0..3, the row within the slice in
  /// bits 4..15 (4-bit codebooks; slices of at most kRowCodeRows rows). No
  /// padding entries, and sixteen entries decode with two vector
  /// instructions: the fastest packing (bench/sparse).
  RowCode,
  /// 1 byte: v in bits 0..3, z in bits 4..7 (4-bit codebooks): the
  /// format's own entry size, for when memory matters more than time.
  Nibbles,
  /// 2 bytes, little endian: v in bits 0..7, z in bits 12..15 (5..8 bits).
  WideCode,
};

/// Bytes of one entry packed as kind.
inline unsigned entryBytes(EntryKind kind) {
  return kind == EntryKind::Nibbles ? 1 : 2;
}

/// Most rows a RowCode slice may have (12-bit rows).
constexpr uint32_t kRowCodeRows = 4096;

/// Which slice holds a row: rows go round-robin to the slices in blocks of
/// `block` rows. RowCode slices (Columns, and a Panels layout's leftover
/// slices) take contiguous ranges of kRowCodeRows rows; a Panels layout's
/// row slices, one per thread, take equal contiguous shares in whole
/// kPanelRowUnit units, so that threads never write the same cache line of
/// the outputs. Contiguous, a chunk of a slice's rows is one run of
/// consecutive rows, which the drivers set and write out in one go. Dealt
/// out in blocks of 32 rows, as rows go to EIE's PEs one by one, every 32
/// rows were a run of their own, and setting and writing out a block of 16
/// of VGG-7's rows took 21-30 ns on two threads against 4 ns on one;
/// contiguous, 17-22 ns (the rest is fetching the walk's sums from the
/// thread that walked).
struct SliceMap {
  unsigned numSlices = 1;
  uint32_t block = kRowCodeRows;

  unsigned sliceOf(uint32_t row) const { return (row / block) % numSlices; }
  uint32_t localRow(uint32_t row) const {
    return uint32_t(row / (uint64_t(block) * numSlices) * block + row % block);
  }
  uint64_t globalRow(unsigned slice, uint32_t local) const {
    return (uint64_t(local / block) * numSlices + slice) * block +
           local % block;
  }
  /// Rows of slice s in a matrix of numRows rows.
  uint32_t rowsOf(unsigned s, uint32_t numRows) const {
    uint64_t cycle = uint64_t(block) * numSlices;
    uint64_t rest = numRows % cycle, inRest = 0;
    if (rest > uint64_t(s) * block)
      inRest = std::min<uint64_t>(block, rest - uint64_t(s) * block);
    return static_cast<uint32_t>(numRows / cycle * block + inRest);
  }
};

/// A Panels layout's row slices hold whole units of this many rows: whole
/// 64-byte lines of int16 outputs, and whole chunks of the drivers' blocks.
constexpr uint32_t kPanelRowUnit = 64;

/// Panels layout: the shape of its blocks.
struct PanelShape {
  unsigned lanes = 16; ///< rows per block: the kernel's vector lanes
  unsigned width = 64; ///< columns per panel (panelWidths())
  unsigned steps = 2;  ///< entries per row, block and panel; even
};
/// The most lanes of a Panels kernel (AVX-512: 16 floats).
constexpr unsigned kMaxPanelLanes = 16;

/// PanelLeftover::Rows entries: the column in the low bits, the code above.
constexpr unsigned kRowLeftoverCodeShift = 28;
constexpr uint32_t kRowLeftoverColumnMask = (1u << kRowLeftoverCodeShift) - 1;

/// The arithmetic a layer is called in: multiplyFloat or multiplyFixed.
enum class NumericMode { Float, Fixed };

struct PackOptions {
  /// The most threads the kernels will use (1..64). Panels: as many row
  /// slices. Columns: the rows stay in as few slices as RowCode needs (one
  /// for Nibbles and WideCode), and threads split the columns into
  /// 4 x numSlices ranges (a single range when numSlices is 1).
  unsigned numSlices = 2;
  /// Fraction of non-zero input activations the compiler expects (1 for
  /// inputs that do not come out of a ReLU); the calibration runs with it.
  double expectedActivationDensity = 1.0;
  /// The arithmetic the layer will be called in; the calibration times the
  /// candidates in it (the other one helps decide a close race). Variants
  /// and shapes rank differently in the two: Alex-6's 32 x 4 and 64 x 8
  /// panels timed alike in float, and 0.85x and 0.72x that in fixed mode.
  NumericMode mode = NumericMode::Float;
  /// The variant; when unset, the one named by the kVariantEnvVar
  /// environment variable, else the fastest in a short calibration on this
  /// CPU (VariantSelection.cpp).
  std::optional<KernelVariant> variant;
  /// Columns layout entry packing; when unset, WideCode for 5..8 bits, else
  /// RowCode when the slices fit in kMaxSlices, else Nibbles.
  std::optional<EntryKind> entryKind;
  /// Panels layout: columns per panel (panelWidths()) and steps per block
  /// and panel (even); 0 chooses them from the layer's statistics and this
  /// CPU's costs.
  unsigned panelWidth = 0, panelSteps = 0;
  /// Panels layout: where the entries beyond the steps go; unset, the
  /// cheaper for the layer's shape by the cost model.
  std::optional<PanelLeftover> panelLeftover;

  /// Forces spec's variant, and its panel width, steps and leftover where
  /// these options leave them open.
  void force(const KernelSpec &spec) {
    variant = spec.variant;
    if (!panelWidth)
      panelWidth = spec.panelWidth;
    if (!panelSteps)
      panelSteps = spec.panelSteps;
    if (!panelLeftover)
      panelLeftover = spec.panelLeftover;
  }
};

class PackedMatrix {
public:
  /// One row slice (SliceMap), rows in local order: a Columns slice, or a
  /// Panels row slice (panelEntries only) or leftover slice (entries and
  /// colPtr only).
  struct Slice {
    uint32_t numRows = 0;
    /// Columns and leftover slices: the entries, packed as entryKind() says,
    /// plus kEntryTail zero bytes so the kernels may read whole vectors past
    /// the end.
    CacheLineVector<uint8_t> entries;
    std::vector<uint32_t> colPtr; ///< numCols + 1, in entries
    /// Panels: block b's steps in panel p start at entry
    /// (b * numPanels() + p) * steps * lanes, in pairs of steps whose
    /// entries alternate lane by lane (so that one 32-bit lane holds a row's
    /// two); an entry is the column within the panel (bits 0..6) and the
    /// code (bits 8..11), 0 for padding.
    CacheLineVector<uint16_t> panelEntries;
    /// Panels row slice, PanelLeftover::Rows: local row r's leftover
    /// entries are rowEntries[rowPtr[r], rowPtr[r + 1]), each its column
    /// and code (kRowLeftoverCodeShift); empty when there are none.
    std::vector<uint32_t> rowPtr, rowEntries;
    /// Panels row slice: how many of its blocks, from the first, the thread
    /// that owns it took in the last call that ran on as many threads as
    /// slices (kNoOwnerShare before one). The next such call starts its
    /// threads' claims from there (runPanels). On a cache line of its own:
    /// written after every such call, it would otherwise take the line of
    /// the slice's other members from the cores that read them.
    alignas(64) RelaxedHint ownerShare{kNoOwnerShare};
    static constexpr uint32_t kNoOwnerShare = UINT32_MAX;
  };
  /// Bytes of slack after each slice's entries.
  static constexpr unsigned kEntryTail = 64;

  /// Verifies m and builds the kernel layout.
  static llvm::Expected<PackedMatrix> create(const format::CompressedMatrix &m,
                                             const PackOptions &options = {});

  uint32_t numRows() const { return rows; }
  uint32_t numCols() const { return cols; }
  KernelVariant variant() const { return kernelVariant; }
  /// The variant and, for Panels, its whole shape: forced by name
  /// (kernelSpecName), it packs this layout again without a calibration.
  KernelSpec kernelSpec() const;
  Layout getLayout() const { return kernelVariant.layout; }
  /// How the variant was chosen: forced, or the calibration's timings.
  const std::string &variantReason() const { return reason; }
  void setVariantReason(std::string r) { reason = std::move(r); }
  /// A copy for the kernels of another instruction set, which Columns
  /// layouts serve alike (Panels blocks have as many rows as the kernels'
  /// lanes).
  PackedMatrix withColumnsISA(KernelISA isa) const {
    assert(getLayout() == Layout::Columns && "only Columns serve all ISAs");
    PackedMatrix copy = *this;
    copy.kernelVariant.isa = isa;
    return copy;
  }
  /// Panels layout: its shape and panel count.
  const PanelShape &panelShape() const { return panels; }
  uint32_t numPanels() const {
    return static_cast<uint32_t>((uint64_t(cols) + panels.width - 1) /
                                 panels.width);
  }
  /// Row slices.
  unsigned numSlices() const { return numSlicesUsed; }
  /// The most threads a call uses: PackOptions::numSlices for Columns (its
  /// column ranges), the row slices for Panels.
  unsigned maxThreads() const {
    return getLayout() == Layout::Columns ? packedForThreads : numSlicesUsed;
  }
  /// Columns and Panels layouts: the rows of each slice.
  SliceMap sliceMap() const { return {numSlicesUsed, rowBlock}; }
  /// Panels layout: the entries beyond the panels' steps, in RowCode slices
  /// over all rows, as few as RowCode allows whatever the row slices: one
  /// walk of the active columns serves every thread's rows (walked per row
  /// slice, each column was as many segments, and a two-slice packing ran
  /// 5-8% slower than a one-slice one on one thread).
  unsigned numLeftoverSlices() const { return unsigned(leftover.size()); }
  const Slice &leftoverSlice(unsigned s) const { return leftover[s]; }
  SliceMap leftoverMap() const { return {numLeftoverSlices(), kRowCodeRows}; }
  /// Panels layout: where the entries beyond the steps are.
  PanelLeftover panelLeftover() const { return leftoverKind; }
  /// Panels layout: whether any entry lies beyond the panels' steps in the
  /// leftover slices (PanelLeftover::Walk).
  bool hasLeftover() const {
    return std::any_of(leftover.begin(), leftover.end(),
                       [](const Slice &s) { return s.colPtr.back() != 0; });
  }
  EntryKind entryKind() const { return kind; }
  /// Bytes of the main entry stream per entry.
  unsigned entryBytes() const { return runtime::entryBytes(kind); }
  const format::Codebook &getCodebook() const { return codebook; }
  const Slice &slice(unsigned s) const { return slices[s]; }
  /// Stored bytes: entries (without slack), pointers and codebook.
  uint64_t storageBytes() const;
  /// Real (non-padding) entries.
  uint64_t numNonZeros() const { return nonZeros; }

  /// Builds variant v's layout from verified m and its decoded codes, with
  /// options.panelWidth and panelSteps set for Panels; create() and the
  /// variant selection's candidates (VariantSelection.cpp) are built so.
  static llvm::Expected<PackedMatrix>
  build(const format::CompressedMatrix &m, const format::SparseCodes &codes,
        KernelVariant v, const PackOptions &options, std::string reason);

private:
  uint32_t rows = 0, cols = 0;
  unsigned numSlicesUsed = 1, packedForThreads = 1;
  uint32_t rowBlock = kRowCodeRows; ///< sliceMap()'s block
  KernelVariant kernelVariant = {Layout::Columns, KernelISA::Portable};
  std::string reason;
  PanelShape panels;
  PanelLeftover leftoverKind = PanelLeftover::Walk;
  EntryKind kind = EntryKind::Nibbles;
  uint64_t nonZeros = 0;
  format::Codebook codebook;
  std::vector<Slice> slices;
  std::vector<Slice> leftover;
};

} // namespace eie::runtime

#endif // EIE_RUNTIME_PACKEDMATRIX_H
