//===- Pipelines.h - Named pass pipelines to executable code ----*- C++ -*-===//
//
// The pass pipelines that take a program down to the LLVM dialect. A pipeline
// for a higher-level input (the cnn dialect) prepends its conversion to linalg
// and then calls buildLinalgToLLVMPipeline.
//
//===----------------------------------------------------------------------===//

#ifndef EIE_PIPELINES_PIPELINES_H
#define EIE_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassOptions.h"

#include <string>

namespace mlir {
class OpPassManager;
namespace eie {

/// Lowers a module of linalg-on-tensors (with arith, math, tensor and func) to
/// the LLVM dialect. Functions keep identity-layout memref arguments, every
/// result becomes a trailing out-param (the caller allocates outputs) and every
/// function gets a `_mlir_ciface_` wrapper taking pointers to memref
/// descriptors. `pm` must be anchored on builtin.module.
void buildLinalgToLLVMPipeline(OpPassManager &pm);

/// The reference path of the cnn dialect: --convert-cnn-to-linalg, then
/// buildLinalgToLLVMPipeline. Programs without cnn ops pass through unchanged.
void buildCNNToLLVMPipeline(OpPassManager &pm);

/// Options of the compressed-layer pipeline (`eie-sparse-to-llvm`); they are
/// passed to --convert-eie-to-runtime.
struct SparseToLLVMOptions : PassPipelineOptions<SparseToLLVMOptions> {
  Option<std::string> mode{*this, "mode",
                           llvm::cl::desc("Numeric mode: float or fixed"),
                           llvm::cl::init("float")};
  Option<unsigned> threads{*this, "threads",
                           llvm::cl::desc("Threads of each kernel call"),
                           llvm::cl::init(1)};
  Option<double> activationDensity{
      *this, "activation-density",
      llvm::cl::desc("Expected fraction of non-zero inputs"),
      llvm::cl::init(1.0)};
};

/// The x86 path of compressed layers: --convert-eie-to-runtime, then
/// buildCNNToLLVMPipeline for the rest of the program.
void buildSparseToLLVMPipeline(OpPassManager &pm,
                               const SparseToLLVMOptions &options);

/// Registers the named pipelines (`eie-linalg-to-llvm`, `cnn-to-llvm`,
/// `eie-sparse-to-llvm`) and the passes they use from eie/Pipelines/Passes.h
/// with the global pass registry.
void registerPipelines();

} // namespace eie
} // namespace mlir

#endif // EIE_PIPELINES_PIPELINES_H
