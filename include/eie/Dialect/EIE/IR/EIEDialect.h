//===- EIEDialect.h - The eie dialect ---------------------------*- C++ -*-===//

#ifndef EIE_DIALECT_EIE_IR_EIEDIALECT_H
#define EIE_DIALECT_EIE_IR_EIEDIALECT_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/Dialect.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/Support/RWMutex.h"

#include "eie/Dialect/EIE/IR/EIEDialect.h.inc"

#endif // EIE_DIALECT_EIE_IR_EIEDIALECT_H
