//===- CNNDialect.h - The cnn dialect ---------------------------*- C++ -*-===//

#ifndef EIE_DIALECT_CNN_IR_CNNDIALECT_H
#define EIE_DIALECT_CNN_IR_CNNDIALECT_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/Dialect.h"

#include "eie/Dialect/CNN/IR/CNNDialect.h.inc"

#endif // EIE_DIALECT_CNN_IR_CNNDIALECT_H
