//===- JitFunction.h - Compile a function and call it -----------*- C++ -*-===//
//
// Lowers a module with a pass pipeline, JIT-compiles it through
// mlir::ExecutionEngine (LLVM -O3 for the host CPU) and calls one of its
// functions on host arrays. Inputs are passed without a copy; outputs are
// allocated by the caller side (the pipeline must turn results into out-params
// and emit `_mlir_ciface_` wrappers, as buildLinalgToLLVMPipeline does).
//
//===----------------------------------------------------------------------===//

#ifndef EIE_RUNNER_JITFUNCTION_H
#define EIE_RUNNER_JITFUNCTION_H

#include "eie/Runner/Lowering.h"

#include <memory>
#include <string>

namespace mlir {
class ExecutionEngine;
namespace eie {

struct JitOptions {
  /// Defaults to buildCNNToLLVMPipeline (cnn, linalg and upstream ops).
  PipelineBuilder buildPipeline;
  /// LLVM optimization level of the IR optimizer and of code generation (0-3).
  unsigned optLevel = 3;
  /// For a tool that runs compiled functions and nothing else: the compiled
  /// code's `abort` (a failed `cf.assert`, whose message went to stdout) ends
  /// the process with status 1 and a line on stderr naming `tool`, instead
  /// of raising SIGABRT, whose crash report would blame the tool. Empty: the
  /// C library's abort (a Python process must keep its own handling).
  std::string exitOnAbortAs;
};

/// Wall-clock seconds of each compilation step.
struct CompileTimes {
  /// The pass pipeline (MLIR to the LLVM dialect).
  double lowering = 0;
  /// Translation to LLVM IR and the LLVM IR optimizer.
  double translation = 0;
  /// Machine code generation and JIT linking.
  double codegen = 0;
};

/// Makes the C allocator keep freed memory for reuse instead of returning it
/// to the system. Compiled functions allocate their intermediate buffers on
/// each call; with glibc's defaults large ones are mmap'ed and unmapped every
/// time, and touching them again page-faults every page (on the VMs this
/// project runs on, more than the computation of a VGG-16 layer). A process
/// setting, for tools that call compiled functions repeatedly.
void retainFreedMemory();

class JitFunction {
public:
  /// Compiles function `name` of `module`. The module is consumed: it is
  /// lowered in place and the data of its dense_resource constants moves into
  /// the JitFunction, which then needs neither the module nor its context.
  /// Diagnostics of a failing pipeline go to the context's handlers.
  static llvm::Expected<std::unique_ptr<JitFunction>>
  compile(ModuleOp module, llvm::StringRef name,
          const JitOptions &options = {});

  ~JitFunction();

  /// The signature read before lowering.
  const FunctionSignature &getSignature() const { return signature; }
  const CompileTimes &getCompileTimes() const { return compileTimes; }

  /// Zero-filled arrays of the result types.
  llvm::SmallVector<::eie::NpyArray> allocateResults() const;

  /// Calls the function. `inputs` and `results` must match the signature
  /// (checked; `inputNames` name the inputs in messages as in checkInputs).
  /// Inputs are only read.
  llvm::Error call(llvm::ArrayRef<::eie::NpyArray> inputs,
                   llvm::MutableArrayRef<::eie::NpyArray> results,
                   llvm::ArrayRef<std::string> inputNames = {});

  /// Convenience: allocates the results and calls the function once.
  llvm::Expected<llvm::SmallVector<::eie::NpyArray>>
  call(llvm::ArrayRef<::eie::NpyArray> inputs,
       llvm::ArrayRef<std::string> inputNames = {});

private:
  JitFunction(FunctionSignature signature,
              std::unique_ptr<ExecutionEngine> engine, void (*entry)(void **),
              CompileTimes compileTimes, LinkedConstants constants);

  FunctionSignature signature;
  /// The compiled code refers to these: declared before the engine, they are
  /// destroyed after it.
  LinkedConstants constants;
  std::unique_ptr<ExecutionEngine> engine;
  /// The packed wrapper of `_mlir_ciface_<name>`: takes a pointer to each
  /// argument.
  void (*entry)(void **);
  CompileTimes compileTimes;
};

} // namespace eie
} // namespace mlir

#endif // EIE_RUNNER_JITFUNCTION_H
