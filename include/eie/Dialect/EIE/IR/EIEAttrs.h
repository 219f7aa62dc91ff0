//===- EIEAttrs.h - Attributes of the eie dialect ---------------*- C++ -*-===//

#ifndef EIE_DIALECT_EIE_IR_EIEATTRS_H
#define EIE_DIALECT_EIE_IR_EIEATTRS_H

#include "eie/Format/CompressedMatrix.h"

#include "mlir/IR/Attributes.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectImplementation.h"

#define GET_ATTRDEF_CLASSES
#include "eie/Dialect/EIE/IR/EIEAttrs.h.inc"

#endif // EIE_DIALECT_EIE_IR_EIEATTRS_H
