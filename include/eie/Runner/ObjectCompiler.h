//===- ObjectCompiler.h - A module to an object and a header ---*- C++ -*-===//
//
// Ahead-of-time compilation (docs/AOT.md): the public functions of a cnn/eie
// module lowered as the JIT lowers them, compiled to an x86-64 object file with
// one C function per public func.func, and a C header declaring them.
//
//===----------------------------------------------------------------------===//

#ifndef EIE_RUNNER_OBJECTCOMPILER_H
#define EIE_RUNNER_OBJECTCOMPILER_H

#include "eie/Runner/Lowering.h"

#include "llvm/ADT/SmallVector.h"

#include <cstdint>
#include <string>

namespace mlir {
namespace eie {

/// Where the compiled code's dense_resource constants (the weights) live.
enum class WeightStorage {
  /// Embedded up to kMaxEmbeddedWeightBytes, in a file above.
  Auto,
  /// In the object's read-only data.
  Embedded,
  /// In `<name>.weights`, which the generated `int <name>_init(const char *)`
  /// reads into the object's zero-initialized data.
  File,
};

/// Above this many bytes of weights, WeightStorage::Auto writes a weights file.
constexpr uint64_t kMaxEmbeddedWeightBytes = uint64_t(256) << 20;

/// The error codes of `<name>_init`, also defined as macros in the header.
enum class WeightsInitStatus : int32_t {
  Ok = 0,
  /// The file cannot be opened.
  CannotOpen = 1,
  /// The file is shorter than the header or does not start with its magic.
  NotWeightsFile = 2,
  /// The header names another network or other weights.
  WrongNetwork = 3,
  /// The file is shorter or longer than its header says.
  WrongSize = 4,
};

struct ObjectOptions {
  /// Defaults to buildCNNToLLVMPipeline, as for the JIT.
  PipelineBuilder buildPipeline;
  /// The CPU the object is compiled for.
  X86VectorTarget target = X86VectorTarget::Host;
  /// LLVM optimization level of the IR optimizer and of code generation (0-3).
  unsigned optLevel = 3;
  WeightStorage weights = WeightStorage::Auto;
};

/// What a program linking the object needs besides it and the C library.
struct ObjectLinkInfo {
  /// Linker arguments, in order (static libraries, then -l options).
  llvm::SmallVector<std::string> linkArguments;
  /// Whether `<name>.weights` was written (and `<name>_init` must be called).
  bool hasWeightsFile = false;
};

/// Compiles every public func.func with a body of `module` and writes
/// `<outputPrefix>.o`, `<outputPrefix>.h` and, with a weights file,
/// `<outputPrefix>.weights`. The base name of `outputPrefix` names the header
/// macros and `<name>_init` and must be a C identifier. Each function becomes
/// `void f(const T *in0, ..., T *out0, ...)` on dense row-major buffers of its
/// own shapes (a memref argument is not const: the function may write it).
/// The module is consumed (lowered in place). Fails, writing nothing, if the
/// module has no such function, a signature cannot be a C function, lowering
/// fails, or the code calls a symbol that neither the C library nor the EIE
/// runtime defines.
llvm::Expected<ObjectLinkInfo> compileToObject(ModuleOp module,
                                               llvm::StringRef outputPrefix,
                                               const ObjectOptions &options);

} // namespace eie
} // namespace mlir

#endif // EIE_RUNNER_OBJECTCOMPILER_H
