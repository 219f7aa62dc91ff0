//===- FuzzMLIR.cpp - Parse and verify arbitrary MLIR ---------------------===//
//
// The text of a module with cnn and eie ops and attributes (#cnn.blocking,
// #eie.compressed_matrix payloads): parsing verifies it; nothing may crash.
//
//===----------------------------------------------------------------------===//

#include "eie/InitAllDialects.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static mlir::DialectRegistry *registry = [] {
    auto *r = new mlir::DialectRegistry;
    mlir::eie::registerAllDialects(*r);
    return r;
  }();
  mlir::MLIRContext context(*registry, mlir::MLIRContext::Threading::DISABLED);
  mlir::ScopedDiagnosticHandler quiet(&context, [](mlir::Diagnostic &) {
    return mlir::success();
  });
  // MLIR's lexer reads up to a terminating NUL, which files read through a
  // MemoryBuffer have and the fuzzer's bytes do not.
  std::string text(reinterpret_cast<const char *>(data), size);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceString<mlir::ModuleOp>(text, &context);
  return 0;
}
