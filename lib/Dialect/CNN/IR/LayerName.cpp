//===- LayerName.cpp - The name of a layer --------------------------------===//

#include "eie/Dialect/CNN/IR/LayerName.h"

#include "eie/Dialect/CNN/IR/CNNOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

using namespace mlir;

std::string mlir::cnn::getLayerName(Operation *op) {
  if (auto name = op->getLoc()->findInstanceOf<NameLoc>())
    return name.getName().str();
  auto func = op->getParentOfType<func::FuncOp>();
  Operation *scope = func ? func.getOperation() : op->getParentOp();
  unsigned index = 0;
  if (scope)
    scope->walk([&](Operation *other) {
      if (other == op)
        return WalkResult::interrupt();
      if (isa<LoopNestOpInterface>(other) ||
          other->getName() == op->getName())
        ++index;
      return WalkResult::advance();
    });
  return (func ? func.getSymName().str() : std::string("layer")) + "." +
         std::to_string(index);
}
