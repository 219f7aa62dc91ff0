//===- CNNOps.h - Operations of the cnn dialect -----------------*- C++ -*-===//

#ifndef EIE_DIALECT_CNN_IR_CNNOPS_H
#define EIE_DIALECT_CNN_IR_CNNOPS_H

#include "eie/Dialect/CNN/IR/CNNAttrs.h"
#include "eie/Dialect/CNN/IR/CNNDialect.h"
#include "eie/Dialect/CNN/IR/CNNInterfaces.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/DestinationStyleOpInterface.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_OP_CLASSES
#include "eie/Dialect/CNN/IR/CNNOps.h.inc"

#endif // EIE_DIALECT_CNN_IR_CNNOPS_H
