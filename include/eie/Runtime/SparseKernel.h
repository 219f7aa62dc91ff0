//===- SparseKernel.h - Compressed sparse layer on x86 ----------*- C++ -*-===//
//
// y = W x (+ bias) (+ ReLU) for a PackedMatrix, batch 1, walking only the
// non-zero input activations and their columns (as EIE does). Float mode uses
// the fp32 codebook; fixed mode is the 16-bit arithmetic of docs/NUMERICS.md,
// bit-identical to the EIE simulator.
//
//===----------------------------------------------------------------------===//

#ifndef EIE_RUNTIME_SPARSEKERNEL_H
#define EIE_RUNTIME_SPARSEKERNEL_H

#include "eie/Format/FixedPoint.h"
#include "eie/Runtime/PackedMatrix.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <optional>

namespace eie::runtime {

/// The kernels' instruction-set variants.
enum class KernelISA {
  Portable, ///< scalar, any x86-64
  AVX512,   ///< AVX-512F gather/add/scatter of 16 entries
};
llvm::StringRef kernelISAName(KernelISA isa);
bool isKernelISASupported(KernelISA isa);
/// The fastest variant this CPU supports.
KernelISA bestKernelISA();

struct KernelOptions {
  /// Threads, clamped to [1, numSlices()]; slices go round-robin to threads.
  unsigned numThreads = 1;
  /// The variant; bestKernelISA() when unset.
  std::optional<KernelISA> isa;
};

/// Float mode. x has numCols elements, y numRows; bias (numRows) may be null.
/// Errors only for a variant this CPU lacks.
llvm::Error multiplyFloat(const PackedMatrix &m, const float *x,
                          const float *bias, float *y, bool relu,
                          const KernelOptions &options = {});

/// Fixed mode: x in Q(fa), the codebook's Q(fw) values, bias (may be null)
/// and y in Q(fo). Errors if p is invalid, p.weightFrac differs from the
/// codebook's fractional width, or the variant is unsupported.
llvm::Error multiplyFixed(const PackedMatrix &m, const int16_t *x,
                          const int16_t *bias, int16_t *y,
                          const format::FixedPointParams &p, bool relu,
                          const KernelOptions &options = {});

} // namespace eie::runtime

#endif // EIE_RUNTIME_SPARSEKERNEL_H
