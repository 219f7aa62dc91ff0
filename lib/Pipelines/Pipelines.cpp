//===- Pipelines.cpp - Named pass pipelines to executable code ------------===//

#include "eie/Pipelines/Pipelines.h"

#include "eie/Analysis/Blocking/Architecture.h"

#include "eie/Conversion/Passes.h"
#include "eie/Dialect/CNN/Transforms/Passes.h"
#include "eie/Dialect/EIE/Transforms/Passes.h"
#include "eie/Pipelines/Passes.h"

#include "mlir/Conversion/AffineToStandard/AffineToStandard.h"
#include "mlir/Conversion/BufferizationToMemRef/BufferizationToMemRef.h"
#include "mlir/Conversion/ConvertToLLVM/ToLLVMPass.h"
#include "mlir/Conversion/MathToFuncs/MathToFuncs.h"
#include "mlir/Conversion/MathToLibm/MathToLibm.h"
#include "mlir/Conversion/ReconcileUnrealizedCasts/ReconcileUnrealizedCasts.h"
#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Conversion/SCFToOpenMP/SCFToOpenMP.h"
#include "mlir/Conversion/VectorToLLVM/ConvertVectorToLLVMPass.h"
#include "mlir/Conversion/VectorToSCF/VectorToSCF.h"
#include "mlir/Dialect/Arith/Transforms/Passes.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/Transforms/RequestCWrappers.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/SCF/Transforms/Passes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

void mlir::eie::buildBufferizationPipeline(OpPassManager &pm) {
  // Before any folder or lowering meets a one-element resource.
  pm.addPass(createScalarResourcesToLiterals());
  // One-shot bufferization takes no linalg.pack / linalg.unpack.
  pm.addNestedPass<func::FuncOp>(createLowerPackUnpack());
  // Folds the pads without padding that lowering a pack leaves.
  pm.addPass(createCanonicalizerPass());
  // Bufferize. Identity layouts at function boundaries give the runner plain
  // dense descriptors.
  pm.addPass(bufferization::createEmptyTensorEliminationPass());
  bufferization::OneShotBufferizePassOptions bufferizeOptions;
  bufferizeOptions.bufferizeFunctionBoundaries = true;
  bufferizeOptions.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferizeOptions));
}

void mlir::eie::buildBuffersToLLVMPipeline(OpPassManager &pm,
                                           unsigned ompThreads) {
  // Tiled loops yield the buffer they were given: forwarding it and CSE turn
  // the copies of their results into copies of a buffer to itself, which fold.
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  pm.addPass(createCanonicalizerPass());

  // Results become out-params so that callers allocate outputs. Not
  // hoist-static-allocs (writing results straight into the out-params): in
  // MLIR 22 it crashes on a function returning one value twice, an argument
  // or a constant; --eie-elide-result-copies does it where it is safe.
  bufferization::BufferResultsToOutParamsPassOptions outParamsOptions;
  outParamsOptions.modifyPublicFunctions = true;
  pm.addPass(
      bufferization::createBufferResultsToOutParamsPass(outParamsOptions));
  pm.addNestedPass<func::FuncOp>(createElideResultCopies());
  bufferization::buildBufferDeallocationPipeline(pm);
  pm.addPass(createConvertBufferizationToMemRefPass());

  // Reference loops, ordered so that the innermost ones vectorize.
  pm.addNestedPass<func::FuncOp>(createStridedCopyToLinalg());
  pm.addNestedPass<func::FuncOp>(createInterchangeForVectorization());
  pm.addNestedPass<func::FuncOp>(createConvertLinalgToLoopsPass());
  // The loops --cnn-apply-blocking made parallel, on OpenMP threads.
  pm.addPass(createForallToParallelLoopPass());
  // Vector transfers to loops first: the stack buffers they may need exist
  // before the parallel bodies are scoped.
  pm.addPass(createConvertVectorToSCFPass());
  ConvertSCFToOpenMPPassOptions openMPOptions;
  openMPOptions.numThreads = ompThreads;
  pm.addPass(createConvertSCFToOpenMPPass(openMPOptions));
  pm.addNestedPass<func::FuncOp>(createInlineAllocaScopes());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createSCFToControlFlowPass());

  pm.addPass(arith::createArithExpandOpsPass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  // Subviews leave their offsets as affine.apply.
  pm.addPass(createLowerAffinePass());
  pm.addNestedPass<func::FuncOp>(LLVM::createLLVMRequestCWrappersPass());

  // Math ops without an LLVM intrinsic: integer powers become outlined
  // functions before the conversion, the rest (erf, cbrt, asinh, ...) libm
  // calls after it, when only they are left.
  pm.addPass(createConvertMathToFuncs());
  // Vector transfers become plain vector loads and stores first.
  pm.addPass(createConvertVectorToLLVMPass());
  pm.addPass(createConvertToLLVMPass());
  pm.addPass(createConvertMathToLibmPass());
  pm.addPass(createConvertToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
}

void mlir::eie::buildLinalgToLLVMPipeline(OpPassManager &pm,
                                          unsigned ompThreads) {
  buildBufferizationPipeline(pm);
  buildBuffersToLLVMPipeline(pm, ompThreads);
}

void mlir::eie::buildCNNToLLVMPipeline(OpPassManager &pm, unsigned ompThreads) {
  pm.addPass(createConvertCNNToLinalg());
  buildLinalgToLLVMPipeline(pm, ompThreads);
}

/// --cnn-optimize-blocking (unless `optimize` is false) and
/// --cnn-apply-blocking: every conv and FC layer becomes blocked x86 code.
static void addBlockedLayerPasses(OpPassManager &pm, StringRef arch,
                                  mlir::eie::X86VectorTarget target,
                                  unsigned threads, bool optimize,
                                  double lastLevelShare) {
  using mlir::eie::X86VectorTarget;
  if (optimize) {
    cnn::CNNOptimizeBlockingOptions optimizeOptions;
    optimizeOptions.arch = arch.str();
    optimizeOptions.lastLevelShare = lastLevelShare;
    switch (target) {
    case X86VectorTarget::Host:
      optimizeOptions.vectorISA = cnn::BlockingVectorISA::Arch;
      break;
    case X86VectorTarget::AVX512:
      optimizeOptions.vectorISA = cnn::BlockingVectorISA::AVX512;
      break;
    case X86VectorTarget::AVX2:
      optimizeOptions.vectorISA = cnn::BlockingVectorISA::AVX2;
      break;
    }
    pm.addNestedPass<func::FuncOp>(
        cnn::createCNNOptimizeBlocking(optimizeOptions));
  }
  mlir::eie::CNNApplyBlockingOptions applyOptions;
  applyOptions.target = target;
  applyOptions.threads = threads;
  pm.addNestedPass<func::FuncOp>(
      mlir::eie::createCNNApplyBlocking(applyOptions));
  // No CSE before bufferization: it merges the tensor.empty of unrelated
  // ops (two layers' outputs of one shape) into one tensor, which empty-tensor
  // elimination then cannot place and bufferization copies to keep apart
  // (CSE runs after bufferization).
  pm.addPass(createCanonicalizerPass());
}

void mlir::eie::buildX86Pipeline(OpPassManager &pm,
                                 const X86PipelineOptions &options) {
  addBlockedLayerPasses(pm, options.arch, options.target, options.threads,
                        options.optimizeBlocking, options.lastLevelShare);
  buildCNNToLLVMPipeline(pm, options.threads);
}

void mlir::eie::buildSparseToLLVMPipeline(OpPassManager &pm,
                                          const SparseToLLVMOptions &options) {
  if (options.accelerator == SparseAccelerator::Simulator) {
    pm.addPass(createEIEPartition());
    ConvertEIEToSimulatorOptions simulatorOptions;
    simulatorOptions.machine = options.machine;
    pm.addPass(createConvertEIEToSimulator(simulatorOptions));
  }
  if (options.blockedLayers)
    addBlockedLayerPasses(pm, ::eie::blocking::kHostArchitectureName,
                          X86VectorTarget::Host, options.threads,
                          /*optimize=*/true, kBlockedLastLevelShare);
  pm.addPass(createConvertCNNToLinalg());
  buildBufferizationPipeline(pm);
  // Before the deallocation pipeline, which then frees the fixed-point mode's
  // int16 buffers.
  ConvertEIEToRuntimeOptions runtimeOptions;
  runtimeOptions.mode = options.mode;
  runtimeOptions.threads = options.threads;
  runtimeOptions.activationDensity = options.activationDensity;
  runtimeOptions.kernel = options.kernel;
  pm.addPass(createConvertEIEToRuntime(runtimeOptions));
  buildBuffersToLLVMPipeline(pm, options.threads);
}

void mlir::eie::registerPipelines() {
  registerEIEPipelinesPasses();
  PassPipelineRegistration<>(
      "eie-linalg-to-llvm",
      "Bufferize linalg-on-tensors, lower to loops and to the LLVM dialect; "
      "results become out-params and functions get C interface wrappers",
      [](OpPassManager &pm) { buildLinalgToLLVMPipeline(pm); });
  PassPipelineRegistration<>(
      "cnn-to-llvm",
      "Lower cnn ops to linalg (--convert-cnn-to-linalg), then run "
      "eie-linalg-to-llvm",
      [](OpPassManager &pm) { buildCNNToLLVMPipeline(pm); });
  PassPipelineRegistration<SparseToLLVMOptions>(
      "eie-sparse-to-llvm",
      "Lower cnn ops to linalg, bufferize (eie.sparse_fc included), lower "
      "eie.sparse_fc to runtime calls (--convert-eie-to-runtime with the "
      "given options; with accelerator=simulator, the chains the EIE "
      "machine runs to simulator calls first), then the buffers to LLVM as "
      "eie-linalg-to-llvm",
      buildSparseToLLVMPipeline);
  PassPipelineRegistration<X86PipelineOptions>(
      "eie-x86-pipeline",
      "Blocked x86 code: choose each conv and FC layer's blocking for the "
      "host's memory hierarchy and the code generator "
      "(--cnn-optimize-blocking), make it tiled, packed, vectorized code "
      "(--cnn-apply-blocking), then lower like cnn-to-llvm",
      buildX86Pipeline);
}
