//===- EIEOps.h - Operations of the eie dialect -----------------*- C++ -*-===//

#ifndef EIE_DIALECT_EIE_IR_EIEOPS_H
#define EIE_DIALECT_EIE_IR_EIEOPS_H

#include "eie/Dialect/EIE/IR/EIEAttrs.h"
#include "eie/Dialect/EIE/IR/EIEDialect.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_OP_CLASSES
#include "eie/Dialect/EIE/IR/EIEOps.h.inc"

#endif // EIE_DIALECT_EIE_IR_EIEOPS_H
