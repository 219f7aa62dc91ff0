//===- ScalarResourcesToLiterals.cpp - One-element resources as literals --===//

#include "eie/Pipelines/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectResourceBlobManager.h"

namespace mlir::eie {
#define GEN_PASS_DEF_SCALARRESOURCESTOLITERALS
#include "eie/Pipelines/Passes.h.inc"
} // namespace mlir::eie

using namespace mlir;

namespace {

struct ScalarResourcesToLiterals
    : eie::impl::ScalarResourcesToLiteralsBase<ScalarResourcesToLiterals> {
  void runOnOperation() override {
    WalkResult result = getOperation().walk([](arith::ConstantOp op) {
      auto resource = dyn_cast<DenseResourceElementsAttr>(op.getValue());
      if (!resource || resource.getType().getNumElements() != 1)
        return WalkResult::advance();
      Type element = resource.getType().getElementType();
      AsmResourceBlob *blob = resource.getRawHandle().getBlob();
      if (!blob) {
        op.emitError("dense_resource<")
            << resource.getRawHandle().getKey() << "> has no data";
        return WalkResult::interrupt();
      }
      // Bytes hold the in-memory layout only for whole-byte elements.
      ArrayRef<char> data = blob->getData();
      if (!element.isIntOrFloat() || element.getIntOrFloatBitWidth() % 8 != 0 ||
          data.size() != element.getIntOrFloatBitWidth() / 8) {
        op.emitError("dense_resource<")
            << resource.getRawHandle().getKey() << "> has " << data.size()
            << " bytes, not one element of " << element;
        return WalkResult::interrupt();
      }
      op.setValueAttr(
          DenseElementsAttr::getFromRawBuffer(resource.getType(), data));
      return WalkResult::advance();
    });
    if (result.wasInterrupted())
      signalPassFailure();
  }
};

} // namespace
