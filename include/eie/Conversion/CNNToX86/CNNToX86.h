//===- CNNToX86.h - Blocked, vectorized x86 code for cnn layers -*- C++ -*-===//

#ifndef EIE_CONVERSION_CNNTOX86_CNNTOX86_H
#define EIE_CONVERSION_CNNTOX86_CNNTOX86_H

#include <cstdint>

namespace mlir::eie {

/// The vector ISA the x86 code generator targets.
enum class X86VectorTarget { Host, AVX512, AVX2 };

/// What the micro-kernel needs to know of a vector ISA.
struct X86VectorShape {
  /// fp32 lanes of one vector register.
  int64_t lanes;
  /// Vector registers.
  int64_t registers;
  /// Accumulators a register tile may hold: the registers less those the
  /// filter vectors and the broadcast input need.
  int64_t maxAccumulators;
  /// LLVM CPU name whose features the generated functions require.
  const char *cpu;
};

/// `Host` resolved to AVX512 when the host CPU has AVX-512F, else AVX2.
X86VectorTarget resolveX86VectorTarget(X86VectorTarget target);

/// The register file of a (resolved) target.
X86VectorShape getX86VectorShape(X86VectorTarget target);

} // namespace mlir::eie

#endif // EIE_CONVERSION_CNNTOX86_CNNTOX86_H
