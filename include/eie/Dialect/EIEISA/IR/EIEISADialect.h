//===- EIEISADialect.h - The eie_isa dialect --------------------*- C++ -*-===//

#ifndef EIE_DIALECT_EIEISA_IR_EIEISADIALECT_H
#define EIE_DIALECT_EIEISA_IR_EIEISADIALECT_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/Dialect.h"

#include "eie/Dialect/EIEISA/IR/EIEISADialect.h.inc"

#endif // EIE_DIALECT_EIEISA_IR_EIEISADIALECT_H
