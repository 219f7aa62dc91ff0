//===- EIEToRuntime.h - eie.sparse_fc to the x86 kernel ---------*- C++ -*-===//

#ifndef EIE_CONVERSION_EIETORUNTIME_EIETORUNTIME_H
#define EIE_CONVERSION_EIETORUNTIME_EIETORUNTIME_H

namespace mlir::eie {

/// The arithmetic the x86 kernel runs an eie.sparse_fc in.
enum class SparseNumericMode {
  /// The fp32 codebook.
  Float,
  /// The 16-bit fixed point of docs/NUMERICS.md, as the EIE machine.
  Fixed,
};

} // namespace mlir::eie

#endif // EIE_CONVERSION_EIETORUNTIME_EIETORUNTIME_H
