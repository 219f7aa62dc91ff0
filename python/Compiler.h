//===- Compiler.h - The compiler for the Python module ----------*- C++ -*-===//
//
// What the `eie` Python package calls, in plain C++: modules parsed into a
// context of their own, pass pipelines, JIT compilation, the EIE binary and
// its simulation, the blocking model. Built with LLVM's flags (no exceptions,
// no RTTI) like the rest of the project; EIEModule.cpp only converts between
// these types and Python's and turns llvm::Error into exceptions. Every
// failure is an llvm::Error carrying the compiler's diagnostics as text.
//
//===----------------------------------------------------------------------===//

#ifndef EIE_PYTHON_COMPILER_H
#define EIE_PYTHON_COMPILER_H

#include "eie/Runner/JitFunction.h"
#include "eie/Support/Npy.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"

#include "llvm/Support/Error.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace mlir::eie::python {

/// The bytes of one `dense_resource<name>` the module text refers to.
struct WeightData {
  std::string name;
  const void *data;
  size_t bytes;
};

/// A module and the context that owns it (one context per module, so that
/// resource names never collide and a module's memory goes with it).
class CompilerModule {
public:
  /// Parses MLIR text or bytecode and verifies it. `weights` supply the data
  /// of the `dense_resource` attributes the source declares without a
  /// resource section (the importers' weights, passed as arrays instead of
  /// hex text); each must be referenced, and every referenced resource must
  /// end up with data of its type's size.
  static llvm::Expected<std::unique_ptr<CompilerModule>>
  parse(llvm::StringRef source, llvm::StringRef bufferName,
        llvm::ArrayRef<WeightData> weights = {});

  /// Reads a .mlir or .mlirbc file.
  static llvm::Expected<std::unique_ptr<CompilerModule>>
  parseFile(llvm::StringRef path);

  /// A copy in a new context (through bytecode), for the consuming steps.
  llvm::Expected<std::unique_ptr<CompilerModule>> copy() const;

  /// The module as MLIR text; with `largeElementsLimit` >= 0, constants of
  /// more elements (and resources) are elided.
  std::string text(int64_t largeElementsLimit = -1) const;
  /// The module as MLIR bytecode.
  std::string bytecode() const;

  /// Runs a textual pipeline on builtin.module ("canonicalize,cse",
  /// "builtin.module(eie-prune{density=0.1})", ...) in place.
  llvm::Error runPasses(llvm::StringRef pipeline);

  /// Names of the func.func ops with a body, in order.
  std::vector<std::string> functionNames() const;
  /// Whether any op of dialect `dialect` is in the module.
  bool containsDialect(llvm::StringRef dialect) const;

  ModuleOp getModule() const { return module.get(); }
  MLIRContext &getContext() const { return *context; }

private:
  CompilerModule(std::unique_ptr<MLIRContext> context,
                 OwningOpRef<ModuleOp> module);

  std::unique_ptr<MLIRContext> context;
  OwningOpRef<ModuleOp> module;
};

/// JIT-compiles function `entry` of a copy of `module` with `pipeline` (a
/// textual pipeline on builtin.module).
llvm::Expected<std::unique_ptr<JitFunction>>
compileX86(const CompilerModule &module, llvm::StringRef entry,
           llvm::StringRef pipeline);

/// The storage report (eie::format::StorageStats as JSON, one object per
/// eie.sparse_fc) of a compressed module, as JSON text.
llvm::Expected<std::string> compressionReport(const CompilerModule &module);

/// The weights one eie.sparse_fc holds, decoded from its compressed matrix.
struct DecodedLayer {
  std::string name;
  int64_t rows = 0, cols = 0;
  std::vector<float> weights; ///< rows x cols, row-major (fp32 codebook)
};

/// The decoded weights of every eie.sparse_fc of a module, in program order
/// (eie::format::decodeDense): what the compressed layers compute with.
llvm::Expected<std::vector<DecodedLayer>>
compressedWeights(const CompilerModule &module);

/// The EIE instruction stream (binary container) of a compressed module:
/// --eie-partition and --convert-eie-to-machine on a copy, then the binary
/// writer (which needs exactly one chain of layers the machine runs).
llvm::Expected<std::string> compileEIE(const CompilerModule &module,
                                       llvm::StringRef machine);

/// The result of simulate().
struct SimulationResult {
  std::vector<float> output;
  std::vector<int16_t> rawOutput;
  int outputFracBits;
  /// The simulator's report as JSON text.
  std::string reportJSON;
};

/// Runs an instruction stream on the cycle-level simulator. The input is
/// float32 (quantized to the program's input format) or raw int16.
/// `machinePath` is a machine description file; empty: the published EIE.
llvm::Expected<SimulationResult> simulate(llvm::ArrayRef<uint8_t> stream,
                                          const ::eie::NpyArray &input,
                                          llvm::StringRef machinePath,
                                          uint64_t maxCycles);

/// The blocking contract's report (shared/contracts/BLOCKING.md) of the
/// optimal blocking of one layer, as JSON text. `boundsSpec` is eie-block's
/// --layer syntax ("N=1,K=96,C=3,Y=55,X=55,R=11,S=11"), `strideSpec` "sy,sx".
llvm::Expected<std::string> optimizeLayerBlocking(llvm::StringRef boundsSpec,
                                                  llvm::StringRef strideSpec,
                                                  llvm::StringRef name,
                                                  llvm::StringRef arch);

/// The reports of every conv2d and fc of a copy of `module` after
/// --cnn-optimize-blocking for `arch`, as a JSON array text.
llvm::Expected<std::string> optimizeModuleBlocking(const CompilerModule &module,
                                                   llvm::StringRef arch);

} // namespace mlir::eie::python

#endif // EIE_PYTHON_COMPILER_H
