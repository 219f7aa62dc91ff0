//===- Passes.h - Compression passes of the eie dialect ---------*- C++ -*-===//

#ifndef EIE_DIALECT_EIE_TRANSFORMS_PASSES_H
#define EIE_DIALECT_EIE_TRANSFORMS_PASSES_H

#include "eie/Dialect/EIE/IR/EIEDialect.h"
#include "eie/Format/WeightSharing.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::eie {

#define GEN_PASS_DECL
#define GEN_PASS_REGISTRATION
#include "eie/Dialect/EIE/Transforms/Passes.h.inc"

} // namespace mlir::eie

#endif // EIE_DIALECT_EIE_TRANSFORMS_PASSES_H
