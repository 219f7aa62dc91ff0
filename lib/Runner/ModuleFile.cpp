//===- ModuleFile.cpp - Read a module for a tool --------------------------===//

#include "eie/Runner/ModuleFile.h"

#include "mlir/Parser/Parser.h"
#include "mlir/Support/FileUtilities.h"

using namespace mlir;
using namespace mlir::eie;

llvm::Expected<std::unique_ptr<ModuleFile>>
mlir::eie::readModuleFile(llvm::StringRef path, MLIRContext &context) {
  std::string errorMessage;
  std::unique_ptr<llvm::MemoryBuffer> buffer =
      openInputFile(path, &errorMessage);
  if (!buffer)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   errorMessage);
  auto file = std::make_unique<ModuleFile>();
  file->sourceMgr.AddNewSourceBuffer(std::move(buffer), llvm::SMLoc());
  file->diagnostics =
      std::make_unique<SourceMgrDiagnosticHandler>(file->sourceMgr, &context);
  file->module =
      parseSourceFile<ModuleOp>(file->sourceMgr, ParserConfig(&context));
  if (!file->module)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "cannot parse " + path);
  return file;
}
