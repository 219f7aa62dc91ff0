//===- KernelVariant.h - Layouts and instruction sets -----------*- C++ -*-===//
//
// A kernel variant is a packed layout of the matrix and the instruction set
// of the kernels that walk it. Which one is fastest depends on the layer
// (weight and activation density, size) and on the CPU (gather, scatter and
// permute costs differ several-fold between x86 cores), so PackedMatrix
// picks it when the matrix is packed (docs/CompressedFormat.md, "Choosing a
// variant").
//
//===----------------------------------------------------------------------===//

#ifndef EIE_RUNTIME_KERNELVARIANT_H
#define EIE_RUNTIME_KERNELVARIANT_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <optional>
#include <string>

namespace eie::runtime {

/// The kernels' instruction sets.
enum class KernelISA {
  Portable, ///< scalar, any x86-64
  AVX2,     ///< AVX2, FMA and BMI1 (x86-64-v3 has them)
  AVX512,   ///< AVX-512F and BW
};
llvm::StringRef kernelISAName(KernelISA isa);
/// The instruction set of a kernelISAName, if any.
std::optional<KernelISA> parseKernelISA(llvm::StringRef name);
/// Whether this CPU has isa's instructions and the kMaxISAEnvVar
/// environment variable, if set, allows them.
bool isKernelISASupported(KernelISA isa);
/// The environment variable that caps the instruction sets the kernels may
/// use (portable, avx2 or avx512): on an AVX-512 machine, shows what one
/// without AVX-512 chooses and how fast that is. PackedMatrix::create fails
/// on a value that names no instruction set.
constexpr const char *kMaxISAEnvVar = "EIE_SPARSE_MAX_ISA";

enum class Layout {
  /// Column-major slices walked only at the columns of non-zero
  /// activations, one scattered add per touched non-zero.
  Columns,
  /// Row blocks of one vector's lanes, columns cut into panels whose
  /// activations sit in registers (looked up by permutes, no gather); a
  /// fixed number of steps per block and panel, the rest of the entries in
  /// Columns slices walked with zero-activation skipping, or in per-row
  /// lists (PanelLeftover).
  Panels,
};
llvm::StringRef layoutName(Layout layout);

struct KernelVariant {
  Layout layout;
  KernelISA isa;
};
inline bool operator==(KernelVariant a, KernelVariant b) {
  return a.layout == b.layout && a.isa == b.isa;
}

/// Panels layout: where a row's entries beyond the steps of a panel go.
enum class PanelLeftover {
  /// RowCode Columns slices over all rows, walked at the active columns
  /// only: a cost per active column and per entry in one.
  Walk,
  /// Per row slice, each row's entries in one list, summed after the row's
  /// block by the thread that ran it: a cost per entry and per row whatever
  /// the activations, none per column, no walk for the threads to share.
  Rows,
};

/// "walk" or "rows".
llvm::StringRef panelLeftoverName(PanelLeftover leftover);

/// Panels layout: the panel widths (columns) isa's kernels take, narrowest
/// first: as many activations as a few vector registers hold.
llvm::ArrayRef<unsigned> panelWidths(KernelISA isa);

/// Whether isa's Panels kernels take panels of `width` columns and `steps`
/// steps: a width of panelWidths(isa), an even number of steps up to it.
bool isPanelShape(KernelISA isa, unsigned width, unsigned steps);

/// Every variant there are kernels for: Columns with scalar, AVX2 and
/// AVX-512 kernels, Panels with AVX2 and AVX-512 ones.
llvm::ArrayRef<KernelVariant> allKernelVariants();
/// "<layout>-<isa>", e.g. "panels-avx2".
std::string kernelVariantName(KernelVariant v);
/// The variant of a kernelVariantName, if any.
std::optional<KernelVariant> parseKernelVariant(llvm::StringRef name);
/// Every kernelVariantName, comma-separated, for diagnostics.
std::string kernelVariantNames();

/// A variant and, for Panels, the shape to pack it in (0: chosen when the
/// matrix is packed) and where its leftover goes (unset: chosen too): what a
/// user forces by name. A Panels variant forced with its whole shape is
/// packed without any calibration.
struct KernelSpec {
  KernelVariant variant;
  unsigned panelWidth = 0, panelSteps = 0;
  std::optional<PanelLeftover> panelLeftover = std::nullopt;
};
/// "<variant>", or for Panels "<variant>:<width>" or
/// "<variant>:<width>x<steps>" ("panels-avx512:64x6"): a width of
/// panelWidths(), an even number of steps up to the width; either may end
/// in "/walk" or "/rows", where the leftover goes ("panels-avx512:32x6/rows").
/// The error says what is wrong with the spelling.
llvm::Expected<KernelSpec> parseKernelSpec(llvm::StringRef spec);
/// The spelling parseKernelSpec reads.
std::string kernelSpecName(KernelSpec spec);
/// The environment variable that forces a variant by name.
constexpr const char *kVariantEnvVar = "EIE_SPARSE_VARIANT";

} // namespace eie::runtime

#endif // EIE_RUNTIME_KERNELVARIANT_H
