//===- EIEISADialect.cpp - The eie_isa dialect ----------------------------===//

#include "eie/Dialect/EIEISA/IR/EIEISADialect.h"
#include "eie/Dialect/EIEISA/IR/EIEISAOps.h"

using namespace mlir;
using namespace mlir::eie_isa;

#include "eie/Dialect/EIEISA/IR/EIEISADialect.cpp.inc"

void EIEISADialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "eie/Dialect/EIEISA/IR/EIEISAOps.cpp.inc"
      >();
}
