//===- SparseKernel.h - Compressed sparse layer on x86 ----------*- C++ -*-===//
//
// y = W x (+ bias) (+ ReLU) for a PackedMatrix, batch 1, with the kernels of
// the variant it was packed for. Float mode uses
// the fp32 codebook; fixed mode is the 16-bit arithmetic of docs/NUMERICS.md,
// bit-identical to the EIE simulator.
//
//===----------------------------------------------------------------------===//

#ifndef EIE_RUNTIME_SPARSEKERNEL_H
#define EIE_RUNTIME_SPARSEKERNEL_H

#include "eie/Format/FixedPoint.h"
#include "eie/Runtime/PackedMatrix.h"

#include "llvm/Support/Error.h"

#include <cstdint>

namespace eie::runtime {

struct KernelOptions {
  /// Threads, clamped to [1, PackedMatrix::maxThreads()].
  unsigned numThreads = 1;
};

/// Float mode, with the kernels of m.variant() (which PackedMatrix::create
/// made sure this CPU runs). x has numCols elements, y numRows; bias
/// (numRows) may be null.
llvm::Error multiplyFloat(const PackedMatrix &m, const float *x,
                          const float *bias, float *y, bool relu,
                          const KernelOptions &options = {});

/// Fixed mode: x in Q(fa), the codebook's Q(fw) values, bias (may be null)
/// and y in Q(fo). Errors if p is invalid or p.weightFrac differs from the
/// codebook's fractional width.
llvm::Error multiplyFixed(const PackedMatrix &m, const int16_t *x,
                          const int16_t *bias, int16_t *y,
                          const format::FixedPointParams &p, bool relu,
                          const KernelOptions &options = {});

} // namespace eie::runtime

#endif // EIE_RUNTIME_SPARSEKERNEL_H
