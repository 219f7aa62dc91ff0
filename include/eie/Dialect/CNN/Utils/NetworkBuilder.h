//===- NetworkBuilder.h - Build cnn modules from descriptions ---*- C++ -*-===//

#ifndef EIE_DIALECT_CNN_UTILS_NETWORKBUILDER_H
#define EIE_DIALECT_CNN_UTILS_NETWORKBUILDER_H

#include "eie/Network/Weights.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

namespace mlir::cnn {

/// Builds a module holding `func.func @forward(%input) -> %output` that
/// computes `network` layer by layer with cnn ops. Weights become
/// `arith.constant dense_resource<...>` tensors (blobs named `<layer>.weight`
/// and `<layer>.bias`), which MLIR bytecode stores as raw bytes, so large
/// networks stay compact on disk.
OwningOpRef<ModuleOp>
buildNetworkModule(MLIRContext *context, const ::eie::network::Network &network,
                   const ::eie::network::NetworkWeights &weights);

} // namespace mlir::cnn

#endif // EIE_DIALECT_CNN_UTILS_NETWORKBUILDER_H
