//===- CNNDialect.cpp - The cnn dialect -----------------------------------===//

#include "eie/Dialect/CNN/IR/CNNDialect.h"
#include "eie/Dialect/CNN/IR/CNNOps.h"

using namespace mlir;
using namespace mlir::cnn;

#include "eie/Dialect/CNN/IR/CNNDialect.cpp.inc"

void CNNDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "eie/Dialect/CNN/IR/CNNOps.cpp.inc"
      >();
  registerAttributes();
}
