//===- eie-translate.cpp - The project's mlir-translate -------------------===//
//
// eie_isa.program <-> EIE binary instruction stream, and the stream's text
// disassembly (docs/EIEBackend.md).
//
//===----------------------------------------------------------------------===//

#include "eie/Target/EIE/EIETranslation.h"

#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"

int main(int argc, char **argv) {
  mlir::eie_isa::registerEIETranslations();
  return mlir::failed(
      mlir::mlirTranslateMain(argc, argv, "EIE translation driver\n"));
}
