//===- EIEToRuntime.h - eie.sparse_fc to the x86 kernel ---------*- C++ -*-===//

#ifndef EIE_CONVERSION_EIETORUNTIME_EIETORUNTIME_H
#define EIE_CONVERSION_EIETORUNTIME_EIETORUNTIME_H

#include <string>

namespace mlir {
class RewritePatternSet;
namespace eie {

/// The arithmetic the x86 kernel runs an eie.sparse_fc in.
enum class SparseNumericMode {
  /// The fp32 codebook.
  Float,
  /// The 16-bit fixed point of docs/NUMERICS.md, as the EIE machine.
  Fixed,
};

/// How the lowered layers call the kernel.
struct SparseKernelOptions {
  SparseNumericMode mode = SparseNumericMode::Float;
  /// Threads of each kernel call (1 to 64).
  unsigned threads = 1;
  /// The expected fraction of non-zero inputs, in (0, 1], which picks the
  /// layout the runtime packs the matrix in; 0: the fraction in each layer's
  /// first input.
  double activationDensity = 0.0;
  /// The kernel variant the runtime must use, spelled as parseKernelSpec
  /// reads it ("panels-avx512:64x6"), or empty for the fastest on the
  /// machine that runs the layer.
  std::string kernel;
};

/// Adds the patterns that lower eie.sparse_fc on buffers (after one-shot
/// bufferization) to calls of the runtime's entry points
/// (include/eie/Runtime/RuntimeCAPI.h) in `options.mode`.
void populateEIEToRuntimeConversionPatterns(RewritePatternSet &patterns,
                                            const SparseKernelOptions &options);

} // namespace eie
} // namespace mlir

#endif // EIE_CONVERSION_EIETORUNTIME_EIETORUNTIME_H
