//===- EIEMachineOps.h - Machine-level ops of the eie dialect ---*- C++ -*-===//
//
// `eie.program` and one op per instruction of docs/ISA.md; ProgramOp converts
// to and from the ISA library's isa::Program.
//
//===----------------------------------------------------------------------===//

#ifndef EIE_DIALECT_EIE_IR_EIEMACHINEOPS_H
#define EIE_DIALECT_EIE_IR_EIEMACHINEOPS_H

#include "eie/Dialect/EIE/IR/EIEDialect.h"
#include "eie/ISA/Program.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/SymbolTable.h"

#include "eie/Dialect/EIE/IR/EIEMachineEnums.h.inc"

#define GET_OP_CLASSES
#include "eie/Dialect/EIE/IR/EIEMachineOps.h.inc"

#endif // EIE_DIALECT_EIE_IR_EIEMACHINEOPS_H
