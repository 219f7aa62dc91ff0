//===- ModuleFile.h - Read a module for a tool ------------------*- C++ -*-===//
//
// A module read from MLIR text or bytecode, with the diagnostic handler that
// prints the messages of the parser and of the passes run on it later against
// the file's lines.
//
//===----------------------------------------------------------------------===//

#ifndef EIE_RUNNER_MODULEFILE_H
#define EIE_RUNNER_MODULEFILE_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/OwningOpRef.h"

#include "llvm/Support/Error.h"
#include "llvm/Support/SourceMgr.h"

#include <memory>

namespace mlir {
namespace eie {

struct ModuleFile {
  llvm::SourceMgr sourceMgr;
  /// Registered with the context while the ModuleFile lives.
  std::unique_ptr<SourceMgrDiagnosticHandler> diagnostics;
  OwningOpRef<ModuleOp> module;
};

/// Reads `path` into `context`. Fails with the reason the file cannot be
/// opened, or with "cannot parse <path>" after the parser's diagnostics.
llvm::Expected<std::unique_ptr<ModuleFile>>
readModuleFile(llvm::StringRef path, MLIRContext &context);

} // namespace eie
} // namespace mlir

#endif // EIE_RUNNER_MODULEFILE_H
