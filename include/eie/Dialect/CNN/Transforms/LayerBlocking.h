//===- LayerBlocking.h - cnn layers and the blocking model ------*- C++ -*-===//
//
// The translation between the cnn dialect and the MLIR-free blocking model: a
// layer's loop nest as a model Layer, and blockings as #cnn.blocking
// attributes.
//
//===----------------------------------------------------------------------===//

#ifndef EIE_DIALECT_CNN_TRANSFORMS_LAYERBLOCKING_H
#define EIE_DIALECT_CNN_TRANSFORMS_LAYERBLOCKING_H

#include "eie/Analysis/Blocking/Architecture.h"
#include "eie/Analysis/Blocking/Blocking.h"
#include "eie/Analysis/Blocking/Layer.h"
#include "eie/Dialect/CNN/IR/CNNOps.h"

#include "llvm/Support/JSON.h"

namespace mlir::cnn {

/// The seven loop bounds and strides of a layer.
::eie::blocking::Layer getBlockingLayer(LoopNestOpInterface op);

/// A model blocking as an attribute whose levels carry the architecture's level
/// names; `imperfect` marks a blocking whose factors may cover the bounds with
/// partial tiles.
BlockingAttr getBlockingAttr(MLIRContext *context,
                             const ::eie::blocking::Blocking &blocking,
                             const ::eie::blocking::Architecture &arch,
                             bool imperfect = false);

/// An attribute as a model blocking for `arch`; fails (with a diagnostic at
/// `op`) when its levels do not match the architecture's.
FailureOr<::eie::blocking::Blocking>
getModelBlocking(Operation *op, BlockingAttr attr,
                 const ::eie::blocking::Architecture &arch);

/// Loads an architecture file or preset for a pass; reports failures at an
/// unknown location.
FailureOr<::eie::blocking::Architecture>
loadArchitectureForPass(MLIRContext *context, StringRef passName,
                        StringRef fileOrPreset);

/// The blocking contract's report (shared/contracts/BLOCKING.md) of every
/// layer under `root` that carries a #cnn.blocking, in program order, as
/// --cnn-blocking-report writes it; a layer without one gets a warning. Fails
/// after a diagnostic at the layer whose blocking does not fit `arch`.
FailureOr<llvm::json::Array>
getBlockingReports(Operation *root, const ::eie::blocking::Architecture &arch);

} // namespace mlir::cnn

#endif // EIE_DIALECT_CNN_TRANSFORMS_LAYERBLOCKING_H
