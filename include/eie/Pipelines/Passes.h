//===- Passes.h - Passes of the lowering pipelines --------------*- C++ -*-===//

#ifndef EIE_PIPELINES_PASSES_H
#define EIE_PIPELINES_PASSES_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::eie {

#define GEN_PASS_DECL
#define GEN_PASS_REGISTRATION
#include "eie/Pipelines/Passes.h.inc"

} // namespace mlir::eie

#endif // EIE_PIPELINES_PASSES_H
