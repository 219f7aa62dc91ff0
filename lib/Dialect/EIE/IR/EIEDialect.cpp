//===- EIEDialect.cpp - The eie dialect -----------------------------------===//

#include "eie/Dialect/EIE/IR/EIEDialect.h"
#include "eie/Dialect/EIE/IR/EIEOps.h"

using namespace mlir;
using namespace mlir::eie;

#include "eie/Dialect/EIE/IR/EIEDialect.cpp.inc"

void EIEDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "eie/Dialect/EIE/IR/EIEOps.cpp.inc"
      >();
  registerAttributes();
  registerBytecodeInterface();
  registerMachineOps();
}
