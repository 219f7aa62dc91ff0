//===- JitFunction.cpp - Compile a function to host code and call it ------===//

#include "eie/Runner/JitFunction.h"

#include "eie/Runtime/RuntimeCAPI.h"
#include "eie/Sim/SimulatorCAPI.h"

#include "mlir/Dialect/OpenMP/OpenMPDialect.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/ExecutionEngine/OptUtils.h"

#include "llvm/Target/TargetMachine.h"

#include <malloc.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>

using namespace mlir;
using namespace mlir::eie;
using ::eie::NpyArray;

static llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

/// Whether the lowered module has OpenMP constructs (the parallel loops of
/// eie-x86-pipeline{threads=...}), which call the OpenMP runtime.
static bool usesOpenMP(ModuleOp module) {
  return module
      ->walk([](Operation *op) {
        return isa<omp::OpenMPDialect>(op->getDialect())
                   ? WalkResult::interrupt()
                   : WalkResult::advance();
      })
      .wasInterrupted();
}

namespace {
class Stopwatch {
public:
  double seconds() const {
    return std::chrono::duration<double>(Clock::now() - start).count();
  }

private:
  using Clock = std::chrono::steady_clock;
  Clock::time_point start = Clock::now();
};
} // namespace

/// The tool JitOptions::exitOnAbortAs names, for abortCompiledFunction.
static std::string abortingTool;

/// The compiled code's `abort` under JitOptions::exitOnAbortAs, which a
/// failed `cf.assert` calls after its message went to stdout (`puts`): the
/// runtime's entry points report a failure on stderr and the lowering
/// asserts their status. The C library's abort lost the buffered message
/// and raised SIGABRT, so the tool printed a crash report as if it had
/// crashed itself.
[[noreturn]] static void abortCompiledFunction() {
  std::fflush(stdout);
  std::fprintf(stderr,
               "%s: error: the compiled function stopped at a failed "
               "assertion (its message is on standard output)\n",
               abortingTool.c_str());
  std::_Exit(1);
}

/// The C entry points of the compressed sparse layer kernels (RuntimeCAPI.h),
/// which the lowering of eie.sparse_fc (--convert-eie-to-runtime) calls, and
/// of the simulator (SimulatorCAPI.h, --convert-eie-to-simulator).
static void addRuntimeSymbols(llvm::orc::SymbolMap &symbols,
                              llvm::orc::MangleAndInterner &interner,
                              const JitOptions &options) {
  auto add = [&](llvm::StringRef name, auto *function) {
    symbols[interner(name)] = {llvm::orc::ExecutorAddr::fromPtr(function),
                               llvm::JITSymbolFlags::Exported};
  };
  if (!options.exitOnAbortAs.empty()) {
    abortingTool = options.exitOnAbortAs;
    add("abort", &abortCompiledFunction);
  }
  add("_mlir_ciface_eieRtSparseFCInit", &_mlir_ciface_eieRtSparseFCInit);
  add("_mlir_ciface_eieRtSparseFCF32", &_mlir_ciface_eieRtSparseFCF32);
  add("_mlir_ciface_eieRtSparseFCQ16", &_mlir_ciface_eieRtSparseFCQ16);
  add("_mlir_ciface_eieSimRunProgram", &_mlir_ciface_eieSimRunProgram);
}

llvm::Expected<std::unique_ptr<JitFunction>>
JitFunction::compile(ModuleOp module, llvm::StringRef name,
                     const JitOptions &options) {
  llvm::Expected<FunctionSignature> signature =
      getFunctionSignature(module, name);
  if (!signature)
    return signature.takeError();
  llvm::Expected<llvm::CodeGenOptLevel> optLevel =
      getCodeGenOptLevel(options.optLevel);
  if (!optLevel)
    return optLevel.takeError();

  CompileTimes times;
  Stopwatch lowering;
  if (llvm::Error err =
          lowerToLLVMDialect(module, *signature, options.buildPipeline))
    return std::move(err);
  LinkedConstants constants = externalizeResourceConstants(module);
  times.lowering = lowering.seconds();

  Stopwatch translation;
  registerLLVMTranslations(*module.getContext());
  llvm::Expected<std::unique_ptr<llvm::TargetMachine>> machine =
      createX86TargetMachine(X86VectorTarget::Host, *optLevel);
  if (!machine)
    return machine.takeError();
  // The engine owns the target machine, which outlives the transformer's use of
  // it in create().
  auto transformer = makeOptimizingTransformer(options.optLevel,
                                               /*sizeLevel=*/0, machine->get());
  ExecutionEngineOptions engineOptions;
  engineOptions.transformer = transformer;
  engineOptions.jitCodeGenOptLevel = *optLevel;
  // memref.copy between non-contiguous buffers lowers to a call to memrefCopy
  // from here; parallel loops call the OpenMP runtime.
  SmallVector<StringRef, 2> runtimeLibraries = {EIE_MLIR_C_RUNNER_UTILS};
  if (usesOpenMP(module)) {
#ifdef EIE_OPENMP_RUNTIME
    runtimeLibraries.push_back(EIE_OPENMP_RUNTIME);
#else
    return makeError("the module runs loops on OpenMP threads (a pipeline "
                     "with threads other than 1), but this build found no "
                     "OpenMP runtime of its LLVM (libomp-22-dev)");
#endif
  }
  engineOptions.sharedLibPaths = runtimeLibraries;
  engineOptions.enableGDBNotificationListener = false;
  engineOptions.enablePerfNotificationListener = false;
  llvm::Expected<std::unique_ptr<ExecutionEngine>> engine =
      ExecutionEngine::create(module, engineOptions, std::move(*machine));
  if (!engine)
    return engine.takeError();
  (*engine)->registerSymbols([&](llvm::orc::MangleAndInterner interner) {
    llvm::orc::SymbolMap symbols;
    for (auto &[name, data] : constants.symbols)
      symbols[interner(name)] = {llvm::orc::ExecutorAddr::fromPtr(data.data()),
                                 llvm::JITSymbolFlags::Exported};
    addRuntimeSymbols(symbols, interner, options);
    return symbols;
  });
  times.translation = translation.seconds();

  // Code is generated lazily, on the first lookup: do it now so that calls
  // measure only the run.
  Stopwatch codegen;
  llvm::Expected<void (*)(void **)> entry =
      (*engine)->lookupPacked("_mlir_ciface_" + name.str());
  if (!entry)
    return entry.takeError();
  (*engine)->initialize();
  times.codegen = codegen.seconds();

  return std::unique_ptr<JitFunction>(
      new JitFunction(std::move(*signature), std::move(*engine), *entry, times,
                      std::move(constants)));
}

JitFunction::JitFunction(FunctionSignature signature,
                         std::unique_ptr<ExecutionEngine> engine,
                         void (*entry)(void **), CompileTimes compileTimes,
                         LinkedConstants constants)
    : signature(std::move(signature)), constants(std::move(constants)),
      engine(std::move(engine)), entry(entry), compileTimes(compileTimes) {}

JitFunction::~JitFunction() = default;

llvm::SmallVector<NpyArray> JitFunction::allocateResults() const {
  llvm::SmallVector<NpyArray> results;
  for (const ArraySignature &result : signature.results)
    results.emplace_back(result.dtype, result.shape);
  return results;
}

namespace {
/// The memref descriptors of one call: {allocated, aligned, offset,
/// sizes[rank], strides[rank]}, each field 64 bits, as the `_mlir_ciface_`
/// wrappers read them.
class DescriptorPack {
public:
  void add(const NpyArray &array) {
    llvm::SmallVector<int64_t, 11> &desc = descriptors.emplace_back();
    auto data = reinterpret_cast<intptr_t>(array.getData());
    desc.append({data, data, /*offset=*/0});
    llvm::ArrayRef<int64_t> shape = array.getShape();
    desc.append(shape.begin(), shape.end());
    size_t stridesStart = desc.size();
    desc.resize(desc.size() + shape.size());
    int64_t stride = 1;
    for (int64_t d = shape.size() - 1; d >= 0; --d) {
      desc[stridesStart + d] = stride;
      stride *= shape[d];
    }
  }

  /// The packed-call argument list: a pointer to each wrapper argument, which
  /// is a pointer to a descriptor. Valid until the next add().
  llvm::SmallVector<void *> getPackedArguments() {
    descriptorPointers.clear();
    for (llvm::SmallVector<int64_t, 11> &desc : descriptors)
      descriptorPointers.push_back(desc.data());
    llvm::SmallVector<void *> args;
    for (void *&pointer : descriptorPointers)
      args.push_back(&pointer);
    return args;
  }

private:
  llvm::SmallVector<llvm::SmallVector<int64_t, 11>> descriptors;
  llvm::SmallVector<void *> descriptorPointers;
};
} // namespace

llvm::Error JitFunction::call(llvm::ArrayRef<NpyArray> inputs,
                              llvm::MutableArrayRef<NpyArray> results,
                              llvm::ArrayRef<std::string> inputNames) {
  if (llvm::Error err = checkInputs(signature, inputs, inputNames))
    return err;
  if (results.size() != signature.results.size())
    return makeError(
        "@" + signature.name + " has " + llvm::Twine(signature.results.size()) +
        " result(s), got " + llvm::Twine(results.size()) + " result array(s)");
  for (auto [i, result] : llvm::enumerate(results)) {
    const ArraySignature &expected = signature.results[i];
    if (result.getDType() != expected.dtype ||
        result.getShape() != llvm::ArrayRef(expected.shape))
      return makeError("result " + llvm::Twine(i + 1) + " of @" +
                       signature.name + " is " + expected.typeName +
                       ", the result array is " + result.describe());
  }
  DescriptorPack pack;
  for (const NpyArray &input : inputs)
    pack.add(input);
  for (const NpyArray &result : results)
    pack.add(result);
  llvm::SmallVector<void *> args = pack.getPackedArguments();
  entry(args.data());
  return llvm::Error::success();
}

llvm::Expected<llvm::SmallVector<NpyArray>>
JitFunction::call(llvm::ArrayRef<NpyArray> inputs,
                  llvm::ArrayRef<std::string> inputNames) {
  llvm::SmallVector<NpyArray> results = allocateResults();
  if (llvm::Error err = call(inputs, results, inputNames))
    return std::move(err);
  return std::move(results);
}

void mlir::eie::retainFreedMemory() {
  // Serve every allocation from the heap (no per-buffer mmap) and never trim
  // it: buffers freed by one call are reused by the next.
  mallopt(M_MMAP_MAX, 0);
  mallopt(M_TRIM_THRESHOLD, -1);
}
