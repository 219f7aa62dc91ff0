//===- Passes.h - Conversion passes -----------------------------*- C++ -*-===//

#ifndef EIE_CONVERSION_PASSES_H
#define EIE_CONVERSION_PASSES_H

#include "eie/Conversion/CNNToLinalg/CNNToLinalg.h"
#include "eie/Conversion/CNNToX86/CNNToX86.h"
#include "eie/Conversion/EIEToRuntime/EIEToRuntime.h"

#include "mlir/Pass/Pass.h"

namespace mlir::eie {

#define GEN_PASS_DECL
#define GEN_PASS_REGISTRATION
#include "eie/Conversion/Passes.h.inc"

} // namespace mlir::eie

#endif // EIE_CONVERSION_PASSES_H
