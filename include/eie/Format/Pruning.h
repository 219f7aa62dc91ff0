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

} // namespace eie::format

#endif // EIE_FORMAT_PRUNING_H
