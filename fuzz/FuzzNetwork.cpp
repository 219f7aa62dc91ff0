//===- FuzzNetwork.cpp - Network JSON to a cnn module ---------------------===//
//
// A network description: parsed, and when its tensors are small, given
// weights and built into a verified cnn module as eie-netgen does.
//
//===----------------------------------------------------------------------===//

#include "eie/Dialect/CNN/Utils/NetworkBuilder.h"
#include "eie/Network/Network.h"
#include "eie/Network/Weights.h"
#include "eie/Support/Npy.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"

using namespace eie;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::Expected<network::Network> net = network::parseNetwork(
      llvm::StringRef(reinterpret_cast<const char *>(data), size), "fuzz");
  if (!net) {
    llvm::consumeError(net.takeError());
    return 0;
  }
  // Generating weights costs time in their size: keep each input fast.
  int64_t elements = 0;
  for (const network::Layer &layer : net->layers)
    for (const std::vector<int64_t> *shape :
         {&layer.inputShape, &layer.weightShape, &layer.outputShape})
      elements += *boundedNumElements(*shape);
  if (elements > (int64_t(1) << 16))
    return 0;
  network::NetworkWeights weights = network::generateWeights(*net, 1);
  mlir::MLIRContext context(mlir::MLIRContext::Threading::DISABLED);
  mlir::ScopedDiagnosticHandler quiet(&context, [](mlir::Diagnostic &) {
    return mlir::success();
  });
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::cnn::buildNetworkModule(&context, *net, weights);
  if (failed(module->verify()))
    __builtin_trap(); // a valid description must give a valid module
  return 0;
}
