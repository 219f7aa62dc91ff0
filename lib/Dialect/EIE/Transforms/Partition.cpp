//===- Partition.cpp - Outline the layers the EIE machine runs ------------===//
//
// Host code and accelerator code: each maximal chain of eie.sparse_fc layers
// the EIE machine can run becomes a function marked eie.accelerator, which
// --convert-eie-to-machine compiles and the host code calls.
//
//===----------------------------------------------------------------------===//

#include "eie/Dialect/CNN/IR/LayerName.h"
#include "eie/Dialect/EIE/IR/EIEOps.h"
#include "eie/Dialect/EIE/Transforms/LayerWeights.h"
#include "eie/Dialect/EIE/Transforms/Passes.h"

#include "mlir/IR/IRMapping.h"
#include "mlir/IR/SymbolTable.h"

namespace mlir::eie {
#define GEN_PASS_DEF_EIEPARTITION
#include "eie/Dialect/EIE/Transforms/Passes.h.inc"
} // namespace mlir::eie

using namespace mlir;
using namespace mlir::eie;

/// Whether the EIE machine can run `layer` (a layer on tensors: the ISA's 4-bit
/// codes, batch 1, fixed-point formats, a constant bias).
static bool canRunOnMachine(SparseFCOp layer) {
  Value bias = layer.getBias();
  return !layer.hasBufferSemantics() &&
         layer.getInput().getType().getDimSize(0) == 1 && layer.getActFrac() &&
         layer.getOutFrac() && layer.getMatrix().getBits() <= 4 &&
         (!bias || getF32Constant(bias));
}

/// The layer that continues a chain ending in `last`, if any.
static SparseFCOp getNextInChain(SparseFCOp last) {
  if (!last.getResult().hasOneUse())
    return {};
  auto next = dyn_cast<SparseFCOp>(*last.getResult().user_begin());
  if (!next || next.getInput() != last.getResult() || !canRunOnMachine(next) ||
      *next.getActFrac() != *last.getOutFrac())
    return {};
  return next;
}

/// Moves `chain` of `parent` into a new function marked eie.accelerator,
/// inserted after `after`, and calls it in the chain's place.
static func::FuncOp outlineChain(ArrayRef<SparseFCOp> chain,
                                 func::FuncOp parent, unsigned index,
                                 Operation *after, SymbolTable &symbols) {
  MLIRContext *context = parent.getContext();
  SparseFCOp first = chain.front(), last = chain.back();
  SmallVector<Location> locations;
  for (SparseFCOp layer : chain)
    locations.push_back(layer.getLoc());
  Location loc = FusedLoc::get(context, locations);

  OpBuilder builder(context);
  builder.setInsertionPointAfter(after);
  auto type = builder.getFunctionType(first.getInput().getType(),
                                      last.getResult().getType());
  auto function = func::FuncOp::create(
      builder, loc, (parent.getSymName() + "_eie" + Twine(index)).str(), type);
  function.setPrivate();
  function->setAttr(EIEDialect::getAcceleratorAttrName(),
                    UnitAttr::get(context));
  symbols.insert(function);

  Block *body = function.addEntryBlock();
  builder.setInsertionPointToStart(body);
  IRMapping mapping;
  mapping.map(first.getInput(), body->getArgument(0));
  for (SparseFCOp layer : chain) {
    if (Value bias = layer.getBias(); bias && !mapping.contains(bias))
      builder.clone(*bias.getDefiningOp(), mapping);
    builder.clone(*layer, mapping);
  }
  func::ReturnOp::create(builder, loc, mapping.lookup(last.getResult()));

  builder.setInsertionPoint(last);
  auto call = func::CallOp::create(builder, loc, function, first.getInput());
  last.getResult().replaceAllUsesWith(call.getResult(0));
  for (SparseFCOp layer : llvm::reverse(chain)) {
    Value bias = layer.getBias();
    layer.erase();
    if (bias)
      eraseIfDeadConstant(bias);
  }
  return function;
}

namespace {

struct EIEPartitionPass : mlir::eie::impl::EIEPartitionBase<EIEPartitionPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    SmallVector<func::FuncOp> functions;
    for (auto function : module.getOps<func::FuncOp>())
      if (!function.isExternal() &&
          !function->hasAttr(EIEDialect::getAcceleratorAttrName()))
        functions.push_back(function);

    for (func::FuncOp function : functions) {
      SmallVector<SmallVector<SparseFCOp>> chains;
      llvm::DenseSet<Operation *> chained;
      function.walk([&](SparseFCOp layer) {
        if (chained.contains(layer) || !canRunOnMachine(layer))
          return;
        SmallVector<SparseFCOp> &chain = chains.emplace_back();
        for (SparseFCOp next = layer; next; next = getNextInChain(next)) {
          chain.push_back(next);
          chained.insert(next);
        }
      });
      // Named before any outlining moves layers out of the function.
      SmallVector<std::string> chainNames;
      for (ArrayRef<SparseFCOp> chain : chains) {
        std::string &names = chainNames.emplace_back();
        for (auto [position, layer] : llvm::enumerate(chain))
          names +=
              (position ? ", '" : "'") + cnn::getLayerName(layer) + "'";
      }
      Operation *after = function;
      for (auto [index, chain, names] : llvm::enumerate(chains, chainNames)) {
        Location loc = chain.front().getLoc();
        func::FuncOp outlined =
            outlineChain(chain, function, index, after, symbols);
        after = outlined;
        mlir::emitRemark(loc, "layers ")
            << names << " run on the EIE machine as @" << outlined.getSymName();
      }
    }
  }
};

} // namespace
