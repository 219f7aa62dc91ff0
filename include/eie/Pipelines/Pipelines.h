//===- Pipelines.h - Named pass pipelines to executable code ----*- C++ -*-===//
//
// The pass pipelines that take a program down to the LLVM dialect. A pipeline
// for a higher-level input (the cnn dialect) prepends its conversion to linalg
// and then calls buildLinalgToLLVMPipeline.
//
//===----------------------------------------------------------------------===//

#ifndef EIE_PIPELINES_PIPELINES_H
#define EIE_PIPELINES_PIPELINES_H

#include "eie/Conversion/CNNToX86/CNNToX86.h"
#include "eie/Conversion/EIEToRuntime/EIEToRuntime.h"

#include "mlir/Pass/PassOptions.h"

#include <string>

namespace mlir {
class OpPassManager;
namespace eie {

/// Lowers a module of linalg-on-tensors (with arith, math, tensor and func) to
/// the LLVM dialect. Functions keep identity-layout memref arguments, every
/// result becomes a trailing out-param (the caller allocates outputs) and every
/// function gets a `_mlir_ciface_` wrapper taking pointers to memref
/// descriptors. `scf.forall` loops run on OpenMP threads, `ompThreads` of
/// them (0: the OpenMP runtime's default, OMP_NUM_THREADS or
/// omp_set_num_threads). `pm` must be anchored on builtin.module. The two
/// halves below, for pipelines that lower ops on buffers in between.
void buildLinalgToLLVMPipeline(OpPassManager &pm, unsigned ompThreads = 0);

/// The first half of buildLinalgToLLVMPipeline: linalg.pack/unpack lowered,
/// then one-shot bufferization of the whole module with identity layouts at
/// function boundaries.
void buildBufferizationPipeline(OpPassManager &pm);

/// The second half of buildLinalgToLLVMPipeline: results to out-params,
/// deallocation, loops (scf.forall to OpenMP), and the LLVM dialect.
void buildBuffersToLLVMPipeline(OpPassManager &pm, unsigned ompThreads = 0);

/// The reference path of the cnn dialect: --convert-cnn-to-linalg, then
/// buildLinalgToLLVMPipeline. Programs without cnn ops pass through unchanged.
void buildCNNToLLVMPipeline(OpPassManager &pm, unsigned ompThreads = 0);

/// Where `eie-sparse-to-llvm` runs the layers the EIE machine can run.
enum class SparseAccelerator {
  /// The x86 kernel, like every other eie.sparse_fc.
  X86,
  /// The cycle-level simulator (--eie-partition, --convert-eie-to-simulator).
  Simulator,
};

/// Options of the compressed-layer pipeline (`eie-sparse-to-llvm`); they are
/// passed to --convert-eie-to-runtime and --convert-eie-to-simulator.
struct SparseToLLVMOptions : PassPipelineOptions<SparseToLLVMOptions> {
  Option<SparseNumericMode> mode{
      *this, "mode", llvm::cl::desc("Numeric mode"),
      llvm::cl::init(SparseNumericMode::Float),
      llvm::cl::values(
          clEnumValN(SparseNumericMode::Float, "float", "the fp32 codebook"),
          clEnumValN(SparseNumericMode::Fixed, "fixed",
                     "16-bit fixed point (docs/NUMERICS.md)"))};
  Option<unsigned> threads{
      *this, "threads",
      llvm::cl::desc("Threads of each sparse kernel call and, with "
                     "blocked-layers, of each blocked layer"),
      llvm::cl::init(1)};
  Option<bool> blockedLayers{
      *this, "blocked-layers",
      llvm::cl::desc("Conv and dense FC layers as blocked x86 code for the "
                     "host (--cnn-optimize-blocking and --cnn-apply-blocking, "
                     "as eie-x86-pipeline) instead of the reference lowering"),
      llvm::cl::init(false)};
  Option<double> activationDensity{
      *this, "activation-density",
      llvm::cl::desc("Expected fraction of non-zero inputs of the sparse "
                     "layers; 0: each layer's first input's"),
      llvm::cl::init(0.0)};
  Option<std::string> kernel{
      *this, "kernel",
      llvm::cl::desc("Sparse kernel variant to force (convert-eie-to-runtime's "
                     "kernel); empty: the fastest on the machine that runs it"),
      llvm::cl::init("")};
  Option<SparseAccelerator> accelerator{
      *this, "accelerator",
      llvm::cl::desc("Where the layers the EIE machine can run are run"),
      llvm::cl::init(SparseAccelerator::X86),
      llvm::cl::values(
          clEnumValN(SparseAccelerator::X86, "x86",
                     "the x86 kernel in the numeric mode of 'mode'"),
          clEnumValN(SparseAccelerator::Simulator, "simulator",
                     "the cycle-level EIE simulator (fixed point)"))};
  Option<std::string> machine{
      *this, "machine",
      llvm::cl::desc("Machine description of the simulator: a JSON file or "
                     "the name of a shipped one"),
      llvm::cl::init("eie-default")};
};

/// The x86 path of compressed layers: with accelerator=simulator,
/// --eie-partition and --convert-eie-to-simulator first; with blocked-layers,
/// the blocked x86 code of the other conv and FC layers; then
/// --convert-cnn-to-linalg, buildBufferizationPipeline (eie.sparse_fc
/// bufferizes to its buffer form), --convert-eie-to-runtime, and
/// buildBuffersToLLVMPipeline.
void buildSparseToLLVMPipeline(OpPassManager &pm,
                               const SparseToLLVMOptions &options);

/// The share of the last cache level the blocked x86 code's blockings fill
/// (--cnn-optimize-blocking's last-level-share).
constexpr double kBlockedLastLevelShare = 0.75;

/// Options of the blocked x86 pipeline (`eie-x86-pipeline`).
struct X86PipelineOptions : PassPipelineOptions<X86PipelineOptions> {
  Option<std::string> arch{
      *this, "arch",
      llvm::cl::desc("Memory hierarchy the blockings are optimized for (an "
                     "architecture file or preset; x86-host detects the host)"),
      llvm::cl::init("x86-host")};
  Option<X86VectorTarget> target{
      *this, "target", llvm::cl::desc("Vector ISA of the generated code"),
      llvm::cl::init(X86VectorTarget::Host),
      llvm::cl::values(
          clEnumValN(X86VectorTarget::Host, "host",
                     "AVX-512 if the host CPU has it, else AVX2"),
          clEnumValN(X86VectorTarget::AVX512, "avx512", "AVX-512 (zmm)"),
          clEnumValN(X86VectorTarget::AVX2, "avx2", "AVX2 (ymm)"))};
  Option<double> lastLevelShare{
      *this, "last-level-share",
      llvm::cl::desc(
          "The share of the last cache level (the L3 share of x86-host) the "
          "blockings may fill (--cnn-optimize-blocking's last-level-share): "
          "tiles that fill it are partly evicted before their reuse (VGG-16 "
          "conv1_2: 1.30x the compulsory DRAM traffic planned for the whole "
          "L3, 1.13x for three quarters; docs/ConvBenchmark.md)"),
      llvm::cl::init(kBlockedLastLevelShare)};
  Option<bool> optimizeBlocking{
      *this, "optimize-blocking",
      llvm::cl::desc("Choose the blocking of every conv and FC layer with the "
                     "model (false: use the blockings the layers carry)"),
      llvm::cl::init(true)};
  Option<unsigned> threads{
      *this, "threads",
      llvm::cl::desc(
          "Threads of each blocked layer: 1 makes sequential code; N > 1 "
          "shares each layer's output tiles among N OpenMP threads; 0 among "
          "as many as the OpenMP runtime gives (OMP_NUM_THREADS, "
          "omp_set_num_threads; the tiles balanced for the host's CPUs). The "
          "results are the same for every thread count"),
      llvm::cl::init(1)};
};

/// The blocked x86 path: --cnn-optimize-blocking for the x86 code generator,
/// --cnn-apply-blocking, canonicalization (which folds the layout changes
/// between consecutive layers), then buildCNNToLLVMPipeline.
void buildX86Pipeline(OpPassManager &pm, const X86PipelineOptions &options);

/// Registers the named pipelines (`eie-linalg-to-llvm`, `cnn-to-llvm`,
/// `eie-sparse-to-llvm`, `eie-x86-pipeline`) and the passes they use from
/// eie/Pipelines/Passes.h with the global pass registry.
void registerPipelines();

} // namespace eie
} // namespace mlir

#endif // EIE_PIPELINES_PIPELINES_H
