//===- JitFunction.cpp - Compile a function to host code and call it ------===//

#include "eie/Runner/JitFunction.h"

#include "eie/Pipelines/Pipelines.h"
#include "eie/Runtime/RuntimeCAPI.h"
#include "eie/Sim/SimulatorCAPI.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"

#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"

#include "llvm/Support/TargetSelect.h"
#include "llvm/Target/TargetMachine.h"
#include <malloc.h>

#include <chrono>

using namespace mlir;
using namespace mlir::eie;
using ::eie::NpyArray;

static llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
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

/// After lowering, the C wrapper must take one pointer per argument and
/// out-param and return nothing, or calling it through the packed wrapper would
/// read garbage.
static llvm::Error checkLoweredInterface(ModuleOp module,
                                         const FunctionSignature &signature,
                                         llvm::StringRef wrapperName) {
  auto wrapper = module.lookupSymbol<LLVM::LLVMFuncOp>(wrapperName);
  if (!wrapper)
    return makeError("after lowering, the module has no llvm.func @" +
                     wrapperName +
                     ": the pipeline must lower to the LLVM dialect and emit C "
                     "interface wrappers (llvm.emit_c_interface)");
  LLVM::LLVMFunctionType type = wrapper.getFunctionType();
  size_t expected = signature.arguments.size() + signature.results.size();
  bool pointersOnly = llvm::all_of(
      type.getParams(), [](Type t) { return isa<LLVM::LLVMPointerType>(t); });
  if (type.getNumParams() == expected && pointersOnly &&
      isa<LLVM::LLVMVoidType>(type.getReturnType()))
    return llvm::Error::success();
  std::string typeText;
  llvm::raw_string_ostream(typeText) << type;
  return makeError("after lowering, @" + wrapperName + " has type " + typeText +
                   "; expected " + llvm::Twine(expected) +
                   " pointer arguments (the arguments, then the results as "
                   "out-params) and no result");
}

/// Moves the data of every dense_resource constant global out of the module:
/// the global becomes an external declaration, resolved at link time to the
/// data, which the JitFunction then owns. Code generation never sees the
/// weights (hundreds of MB for VGG-16, which would otherwise be copied into
/// LLVM IR, the object file and the JIT's memory), and they outlive the
/// context. A blob that owns its memory is taken from the context rather than
/// copied (the module is consumed anyway).
static LinkedConstants externalizeResourceConstants(ModuleOp module) {
  LinkedConstants linked;
  // Where the data of each blob seen so far lives now.
  llvm::DenseMap<AsmResourceBlob *, llvm::ArrayRef<char>> moved;
  for (auto global : module.getOps<LLVM::GlobalOp>()) {
    auto value =
        dyn_cast_or_null<DenseResourceElementsAttr>(global.getValueOrNull());
    if (!value || !global.getConstant())
      continue;
    AsmResourceBlob *blob = value.getRawHandle().getBlob();
    Type elementType = value.getType().getElementType();
    // Only where the blob's bytes are the in-memory layout (not i1 and other
    // sub-byte types).
    if (!blob || !elementType.isIntOrFloat() ||
        elementType.getIntOrFloatBitWidth() % 8 != 0 ||
        blob->getData().size() != size_t(value.getNumElements()) *
                                      elementType.getIntOrFloatBitWidth() / 8)
      continue;
    auto found = moved.find(blob);
    bool seen = found != moved.end();
    llvm::ArrayRef<char> data = seen ? found->second : blob->getData();
    if (!seen && !blob->getDeleter()) {
      // The blob references memory owned elsewhere (the parsed file, say).
      linked.blobs.push_back(
          HeapAsmResourceBlob::allocateAndCopyWithAlign(data, /*align=*/64));
      data = linked.blobs.back().getData();
    } else if (!seen) {
      linked.blobs.push_back(std::move(*blob));
      *blob = AsmResourceBlob();
    }
    if (!seen)
      moved[blob] = data;
    // The code may rely on the global's alignment (aligned vector loads, say):
    // promise no more than the data has rather than copying it.
    auto address = reinterpret_cast<uintptr_t>(data.data());
    uint64_t dataAlignment = address & -address;
    if (dataAlignment != 0 && global.getAlignment().value_or(1) > dataAlignment)
      global.setAlignment(dataAlignment);
    linked.addresses[global.getSymName()] = data.data();
    global.removeValueAttr();
    global.setLinkage(LLVM::Linkage::External);
  }
  return linked;
}

/// The C entry points of the compressed sparse layer kernels (RuntimeCAPI.h),
/// which the lowering of eie.sparse_fc (--convert-eie-to-runtime) calls, and
/// of the simulator (SimulatorCAPI.h, --convert-eie-to-simulator).
static void addRuntimeSymbols(llvm::orc::SymbolMap &symbols,
                              llvm::orc::MangleAndInterner &interner) {
  auto add = [&](llvm::StringRef name, auto *function) {
    symbols[interner(name)] = {llvm::orc::ExecutorAddr::fromPtr(function),
                               llvm::JITSymbolFlags::Exported};
  };
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
  std::optional<llvm::CodeGenOptLevel> optLevel =
      llvm::CodeGenOpt::getLevel(options.optLevel);
  if (!optLevel)
    return makeError("optimization level " + llvm::Twine(options.optLevel) +
                     " is not in 0-3");

  // Inputs are only read: bufferization then copies a tensor argument the
  // function would write in place instead of overwriting the caller's array.
  MLIRContext *context = module.getContext();
  auto func = module.lookupSymbol<func::FuncOp>(name);
  for (unsigned i = 0, e = func.getNumArguments(); i < e; ++i)
    if (isa<TensorType>(func.getArgument(i).getType()))
      func.setArgAttr(i, bufferization::BufferizationDialect::kWritableAttrName,
                      BoolAttr::get(context, false));

  CompileTimes times;
  Stopwatch lowering;
  PassManager pm(context, ModuleOp::getOperationName());
  if (options.buildPipeline) {
    if (failed(options.buildPipeline(pm)))
      return makeError("invalid lowering pipeline");
  } else {
    buildCNNToLLVMPipeline(pm);
  }
  if (failed(pm.run(module)))
    return makeError("lowering @" + name + " to the LLVM dialect failed");
  std::string wrapperName = ("_mlir_ciface_" + name).str();
  if (llvm::Error err = checkLoweredInterface(module, *signature, wrapperName))
    return std::move(err);
  LinkedConstants constants = externalizeResourceConstants(module);
  times.lowering = lowering.seconds();

  Stopwatch translation;
  DialectRegistry registry;
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
  context->appendDialectRegistry(registry);

  static const bool nativeTargetInitialized = [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    return true;
  }();
  (void)nativeTargetInitialized;
  // detectHost() sets the host CPU and its features, so that the loops
  // vectorize for it.
  llvm::Expected<llvm::orc::JITTargetMachineBuilder> machineBuilder =
      llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!machineBuilder)
    return machineBuilder.takeError();
  machineBuilder->setCodeGenOptLevel(*optLevel);
  // Position-independent code reaches the externalized constants, wherever they
  // are allocated, through the GOT.
  machineBuilder->setRelocationModel(llvm::Reloc::PIC_);
  llvm::Expected<std::unique_ptr<llvm::TargetMachine>> machine =
      machineBuilder->createTargetMachine();
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
  // from here.
  llvm::StringRef runtimeLibraries[] = {EIE_MLIR_C_RUNNER_UTILS};
  engineOptions.sharedLibPaths = runtimeLibraries;
  engineOptions.enableGDBNotificationListener = false;
  engineOptions.enablePerfNotificationListener = false;
  llvm::Expected<std::unique_ptr<ExecutionEngine>> engine =
      ExecutionEngine::create(module, engineOptions, std::move(*machine));
  if (!engine)
    return engine.takeError();
  (*engine)->registerSymbols([&](llvm::orc::MangleAndInterner interner) {
    llvm::orc::SymbolMap symbols;
    for (auto &[name, address] : constants.addresses)
      symbols[interner(name)] = {llvm::orc::ExecutorAddr::fromPtr(address),
                                 llvm::JITSymbolFlags::Exported};
    addRuntimeSymbols(symbols, interner);
    return symbols;
  });
  times.translation = translation.seconds();

  // Code is generated lazily, on the first lookup: do it now so that calls
  // measure only the run.
  Stopwatch codegen;
  llvm::Expected<void (*)(void **)> entry =
      (*engine)->lookupPacked(wrapperName);
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
