//===- EIEDialect.cpp - The eie dialect -----------------------------------===//

#include "eie/Dialect/EIE/IR/EIEDialect.h"
#include "eie/Dialect/EIE/IR/EIEOps.h"

#include "mlir/Dialect/Bufferization/IR/BufferizableOpInterface.h"
#include "mlir/Interfaces/FunctionInterfaces.h"

using namespace mlir;
using namespace mlir::eie;

#include "eie/Dialect/EIE/IR/EIEDialect.cpp.inc"

void EIEDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "eie/Dialect/EIE/IR/EIEOps.cpp.inc"
      >();
  registerAttributes();
  registerBytecodeInterface();
  // Implemented by eie/Dialect/EIE/Transforms/BufferizableOpInterfaceImpl.h.
  declarePromisedInterface<bufferization::BufferizableOpInterface,
                           SparseFCOp>();
}

LogicalResult EIEDialect::verifyOperationAttribute(Operation *op,
                                                  NamedAttribute attribute) {
  if (attribute.getName() != getAcceleratorAttrName())
    return op->emitError("unknown eie dialect attribute '")
           << attribute.getName().getValue() << "'";
  if (!isa<UnitAttr>(attribute.getValue()) || !isa<FunctionOpInterface>(op))
    return op->emitError("'")
           << getAcceleratorAttrName()
           << "' must be a unit attribute on a function";
  return success();
}
