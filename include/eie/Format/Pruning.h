//===- Pruning.h - Magnitude pruning (Deep Compression) ---------*- C++ -*-===//

#ifndef EIE_FORMAT_PRUNING_H
#define EIE_FORMAT_PRUNING_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>

namespace eie::format {

/// Keeps the round(density * size) weights of largest magnitude and sets the
/// others to exactly 0; among equal magnitudes the lower index is kept, so the
/// result is deterministic. Returns the number of non-zero weights left
/// (fewer than kept when the layer had fewer non-zeros). Errors: density
/// outside (0, 1], a NaN/Inf weight, or a density that keeps no weight.
llvm::Expected<uint64_t> pruneToDensity(llvm::MutableArrayRef<float> weights,
                                        double density);

/// What pruneForEIE kept.
struct EIEPruneResult {
  uint64_t kept = 0;  ///< non-zero weights left
  uint64_t fills = 0; ///< of them, kept in place of a padding entry
};

/// Padding-aware ("encoding-aware") magnitude pruning of a row-major
/// rows x cols matrix (W[i * cols + j], row i = output, column j = input: the
/// matrix eie::format::encode encodes) for EIE's format on numPEs PEs.
///
/// Why: at densities around 10%, a run of 16 or more pruned positions in a
/// PE's column is frequent, and the encoder fills it with a padding entry
/// (v = 0, z = 15) that costs a byte and a cycle but multiplies by zero. This
/// pruning spends that byte on a real weight instead: wherever a kept weight
/// would follow a run of >= 16 pruned positions of its PE's column (counted
/// from the column start), it also keeps a "fill", the largest-magnitude
/// non-zero weight among the 16 positions after the previous kept one (the
/// positions the padding entry would cover; ties keep the lower row), and
/// repeats until the run is shorter than 16. Of those 16 it considers only
/// the positions after which the rest of the run needs at most run / 16 - 1
/// more fills, so a run gets exactly as many fills as it would get padding
/// entries (an unrestricted choice lands 8.5 rows in on average and the fills
/// chain); only if those positions are all 0 does it take an earlier one.
/// Trailing zeros of a column need no padding and get no fill; 16 exact zeros
/// keep their padding.
///
/// The fills count towards the budget: exactly K = round(density * size)
/// weights are kept (fewer only when the layer has fewer non-zeros or no
/// weight can be added without a new fill). The base set is the weights of
/// magnitude >= t for the smallest threshold t whose base plus fills fit in
/// K (binary search over t, assuming the total grows as t falls); the rest is
/// topped up with the largest remaining weights (ties: lower index) that need
/// no fill, i.e. do not end a column with a run of >= 16 before them.
///
/// Trade-off: the kept set is no longer the pure top-K by magnitude: part of
/// the budget moves from the smallest base weights to the fills (each the
/// largest of its window, but below the base threshold), in exchange for
/// (almost) no padding: 1 byte per non-zero plus pointers instead of 1.19-1.28
/// at 9% density, and no cycles spent on padding. On AlexNet fc6 at 9%, 23%
/// (64 PEs) to 43% (1 PE) of the kept weights are fills. The share grows
/// fast as the density per PE column nears 1/16, where every 16 positions
/// need an entry anyway (docs/Compression.md has measurements): use it at
/// densities well above that, e.g. AlexNet's 9-25%, not VGG-16's 4% on few
/// PEs.
/// Deterministic. Errors: weights.size() != rows * cols, numPEs == 0, and
/// those of pruneToDensity.
llvm::Expected<EIEPruneResult> pruneForEIE(llvm::MutableArrayRef<float> weights,
                                           uint32_t rows, uint32_t cols,
                                           double density, unsigned numPEs);

} // namespace eie::format

#endif // EIE_FORMAT_PRUNING_H
