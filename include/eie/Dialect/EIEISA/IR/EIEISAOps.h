//===- EIEISAOps.h - The ops of the eie_isa dialect -------------*- C++ -*-===//
//
// `eie_isa.program` and one op per instruction of docs/ISA.md. The conversion
// to and from the ISA library's isa::Program is in lib/Target/EIE.
//
//===----------------------------------------------------------------------===//

#ifndef EIE_DIALECT_EIEISA_IR_EIEISAOPS_H
#define EIE_DIALECT_EIEISA_IR_EIEISAOPS_H

#include "eie/Dialect/EIEISA/IR/EIEISADialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/SymbolTable.h"

#include "eie/Dialect/EIEISA/IR/EIEISAEnums.h.inc"

#define GET_OP_CLASSES
#include "eie/Dialect/EIEISA/IR/EIEISAOps.h.inc"

namespace mlir::eie_isa {

/// Whether `op` declares a host vector or a data section of its program.
bool isDeclaration(Operation *op);

/// Whether `op` is one of the instructions of docs/ISA.md.
bool isInstruction(Operation *op);

} // namespace mlir::eie_isa

#endif // EIE_DIALECT_EIEISA_IR_EIEISAOPS_H
