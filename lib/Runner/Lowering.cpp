//===- Lowering.cpp - From a module to LLVM for the JIT and AOT ----------===//

#include "eie/Runner/Lowering.h"

#include "eie/Pipelines/Pipelines.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/OpenMP/OpenMPDialect.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/OpenMP/OpenMPToLLVMIRTranslation.h"

#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/TargetParser/Host.h"

using namespace mlir;
using namespace mlir::eie;

static llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

/// After lowering, the C wrapper must take one pointer per argument and
/// out-param and return nothing, or calling it would read garbage.
static llvm::Error checkLoweredInterface(ModuleOp module,
                                         const FunctionSignature &signature) {
  std::string wrapperName = "_mlir_ciface_" + signature.name;
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

/// An op the pipeline left outside the LLVM and OpenMP dialects (whose
/// constructs translate to runtime calls) cannot be translated: name the
/// first one rather than fail in the translation.
static llvm::Error checkFullyLowered(ModuleOp module) {
  Operation *unlowered = nullptr;
  module.walk<WalkOrder::PreOrder>([&](Operation *op) {
    if (op == module.getOperation() ||
        isa<LLVM::LLVMDialect, omp::OpenMPDialect>(op->getDialect()))
      return WalkResult::advance();
    unlowered = op;
    return WalkResult::interrupt();
  });
  if (!unlowered)
    return llvm::Error::success();
  std::string location;
  llvm::raw_string_ostream(location) << unlowered->getLoc();
  return makeError("op '" + unlowered->getName().getStringRef() + "' at " +
                   location +
                   " is not supported: the pipeline left it outside the LLVM "
                   "dialect");
}

llvm::Expected<PipelineBuilder>
mlir::eie::parsePipelineText(llvm::StringRef text) {
  std::string errors;
  llvm::raw_string_ostream errorStream(errors);
  OpPassManager scratch(ModuleOp::getOperationName());
  if (failed(parsePassPipeline(text, scratch, errorStream))) {
    // The parser reports "<location>: error: <message>" and then a caret line:
    // keep the message.
    llvm::StringRef firstLine = llvm::StringRef(errors).split('\n').first;
    return makeError("invalid --pipeline '" + text +
                     "': " + firstLine.split("error: ").second);
  }
  return PipelineBuilder([pipeline = text.str()](OpPassManager &pm) {
    return parsePassPipeline(pipeline, pm);
  });
}

llvm::Error
mlir::eie::lowerToLLVMDialect(ModuleOp module,
                              llvm::ArrayRef<FunctionSignature> signatures,
                              const PipelineBuilder &buildPipeline) {
  MLIRContext *context = module.getContext();
  for (const FunctionSignature &signature : signatures) {
    auto func = module.lookupSymbol<func::FuncOp>(signature.name);
    for (unsigned i = 0, e = func.getNumArguments(); i < e; ++i)
      if (isa<TensorType>(func.getArgument(i).getType()))
        func.setArgAttr(i,
                        bufferization::BufferizationDialect::kWritableAttrName,
                        BoolAttr::get(context, false));
  }

  PassManager pm(context, ModuleOp::getOperationName());
  if (buildPipeline) {
    if (failed(buildPipeline(pm)))
      return makeError("invalid lowering pipeline");
  } else {
    buildCNNToLLVMPipeline(pm);
  }
  if (failed(pm.run(module))) {
    std::string names;
    llvm::raw_string_ostream os(names);
    llvm::interleaveComma(signatures, os, [&](const FunctionSignature &s) {
      os << "@" << s.name;
    });
    return makeError("lowering " + names + " to the LLVM dialect failed");
  }
  for (const FunctionSignature &signature : signatures)
    if (llvm::Error err = checkLoweredInterface(module, signature))
      return err;
  return checkFullyLowered(module);
}

LinkedConstants mlir::eie::externalizeResourceConstants(ModuleOp module) {
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
    linked.symbols.emplace_back(global.getSymName().str(), data);
    global.removeValueAttr();
    global.setLinkage(LLVM::Linkage::External);
  }
  return linked;
}

void mlir::eie::registerLLVMTranslations(MLIRContext &context) {
  DialectRegistry registry;
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
  // The parallel loops of eie-x86-pipeline{threads=...}.
  registerOpenMPDialectTranslation(registry);
  context.appendDialectRegistry(registry);
}

llvm::Expected<llvm::CodeGenOptLevel>
mlir::eie::getCodeGenOptLevel(unsigned level) {
  std::optional<llvm::CodeGenOptLevel> optLevel =
      llvm::CodeGenOpt::getLevel(level);
  if (!optLevel)
    return makeError("optimization level " + llvm::Twine(level) +
                     " is not in 0-3");
  return *optLevel;
}

llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
mlir::eie::createX86TargetMachine(X86VectorTarget target,
                                  llvm::CodeGenOptLevel optLevel) {
  static const bool nativeTargetInitialized = [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    return true;
  }();
  (void)nativeTargetInitialized;
  // detectHost() sets the host CPU and its features, so that the loops
  // vectorize for it; the levels are the generic CPUs of those ISAs.
  llvm::Expected<llvm::orc::JITTargetMachineBuilder> builder =
      llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!builder)
    return builder.takeError();
  if (target != X86VectorTarget::Host) {
    builder->setCPU(target == X86VectorTarget::AVX2 ? "x86-64-v3"
                                                    : "x86-64-v4");
    builder->getFeatures() = llvm::SubtargetFeatures();
  }
  builder->setCodeGenOptLevel(optLevel);
  // Position-independent code reaches constants wherever they are (the JIT's
  // externalized data through the GOT) and links into PIE programs.
  builder->setRelocationModel(llvm::Reloc::PIC_);
  return builder->createTargetMachine();
}
