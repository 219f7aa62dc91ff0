//===- eie-opt.cpp - The project's mlir-opt -------------------------------===//
//
// Registers the cnn and eie dialects, their passes and pipelines, and the
// upstream dialects and passes that those pipelines use.
//
//===----------------------------------------------------------------------===//

#include "eie/InitAllDialects.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  mlir::eie::registerAllDialects(registry);
  mlir::eie::registerAllPasses();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "EIE optimizer driver\n", registry));
}
