//===- Lowering.h - From a module to LLVM for the JIT and AOT --*- C++ -*-===//
//
// The steps the JIT (JitFunction) and the ahead-of-time compiler
// (ObjectCompiler) share: lowering a module to the LLVM dialect with the
// out-param interface, moving the data of its dense_resource constants out of
// the code, and the target machine of an x86 vector ISA.
//
//===----------------------------------------------------------------------===//

#ifndef EIE_RUNNER_LOWERING_H
#define EIE_RUNNER_LOWERING_H

#include "eie/Conversion/CNNToX86/CNNToX86.h"
#include "eie/Runner/FunctionSignature.h"

#include "mlir/IR/AsmState.h"
#include "mlir/Support/LogicalResult.h"

#include "llvm/Support/CodeGen.h"

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace llvm {
class TargetMachine;
} // namespace llvm

namespace mlir {
class OpPassManager;
namespace eie {

/// Adds the lowering passes to a pass manager anchored on builtin.module. May
/// fail (a textual pipeline that does not parse, say) after reporting why.
using PipelineBuilder = std::function<LogicalResult(OpPassManager &)>;

/// Parses `text` as a pass pipeline on builtin.module, written without the
/// anchor: the builder of that pipeline, or the error
/// "invalid --pipeline '<text>': <the parser's message>".
llvm::Expected<PipelineBuilder> parsePipelineText(llvm::StringRef text);

/// Lowers `module` in place to the LLVM dialect with `buildPipeline` (default:
/// buildCNNToLLVMPipeline). The tensor arguments of the functions of
/// `signatures` are marked read-only first (bufferization then copies an
/// argument a function would update in place). Fails, after the pipeline's
/// diagnostics, if the pipeline fails, if a function lacks the
/// `_mlir_ciface_<name>` wrapper taking one pointer per argument and result, or
/// if an op outside the LLVM dialect is left (naming it and its location).
llvm::Error lowerToLLVMDialect(ModuleOp module,
                               llvm::ArrayRef<FunctionSignature> signatures,
                               const PipelineBuilder &buildPipeline);

/// The data of a lowered module's dense_resource constants.
struct LinkedConstants {
  /// Blobs moved out of the context or copied from memory it does not own.
  std::vector<AsmResourceBlob> blobs;
  /// Each constant global symbol and its data, in the order of the module. Two
  /// globals of one blob share the data.
  std::vector<std::pair<std::string, llvm::ArrayRef<char>>> symbols;
};

/// Moves the data of every dense_resource constant global of a lowered module
/// out of it: the global becomes an external declaration, to be resolved to the
/// data at link time. Code generation then never sees the weights (hundreds of
/// MB for VGG-16, which would otherwise be copied into LLVM IR and the object
/// file), and they outlive the context. The module is consumed: a blob that
/// owns its memory is taken from the context rather than copied.
LinkedConstants externalizeResourceConstants(ModuleOp module);

/// Registers the translations of the builtin and LLVM dialects to LLVM IR.
void registerLLVMTranslations(MLIRContext &context);

/// A position-independent x86-64 target machine at `optLevel` for `target`:
/// the host CPU and its features, or the x86-64-v3 (AVX2, FMA) or x86-64-v4
/// (AVX-512) level.
llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
createX86TargetMachine(X86VectorTarget target, llvm::CodeGenOptLevel optLevel);

/// The CodeGenOptLevel of 0-3, or an error naming `level`.
llvm::Expected<llvm::CodeGenOptLevel> getCodeGenOptLevel(unsigned level);

} // namespace eie
} // namespace mlir

#endif // EIE_RUNNER_LOWERING_H
