//===- Compiler.cpp - The compiler as functions for the Python module -----===//

#include "Compiler.h"

#include "eie/Analysis/Blocking/Architecture.h"
#include "eie/Analysis/Blocking/Layer.h"
#include "eie/Analysis/Blocking/Optimizer.h"
#include "eie/Analysis/Blocking/Report.h"
#include "eie/Dialect/CNN/IR/LayerName.h"
#include "eie/Dialect/CNN/Transforms/LayerBlocking.h"
#include "eie/Dialect/EIE/IR/EIEOps.h"
#include "eie/Format/FixedPoint.h"
#include "eie/Format/StorageStats.h"
#include "eie/ISA/BinaryFormat.h"
#include "eie/InitAllDialects.h"
#include "eie/Machine/MachineConfig.h"
#include "eie/Sim/Report.h"
#include "eie/Sim/Simulator.h"
#include "eie/Target/EIE/Serialization.h"

#include "mlir/Bytecode/BytecodeWriter.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

#include <cstring>

using namespace mlir;
using namespace mlir::eie::python;
namespace blk = ::eie::blocking;

namespace {

/// Where a diagnostic is, as a user of an imported model knows it: the layer
/// (node) name of a NameLoc, file:line:col of a file location.
void printLocation(Location loc, llvm::raw_ostream &os) {
  if (auto name = dyn_cast<NameLoc>(loc)) {
    os << "'" << name.getName().getValue() << "'";
    return;
  }
  if (auto file = dyn_cast<FileLineColLoc>(loc)) {
    os << file.getFilename().getValue() << ":" << file.getLine() << ":"
       << file.getColumn();
    return;
  }
  if (auto fused = dyn_cast<FusedLoc>(loc)) {
    if (!fused.getLocations().empty())
      printLocation(fused.getLocations().front(), os);
    return;
  }
  if (auto callSite = dyn_cast<CallSiteLoc>(loc))
    return printLocation(callSite.getCallee(), os);
  if (!isa<UnknownLoc>(loc))
    os << loc;
}

/// Collects the diagnostics of a context while it lives, so that a failure can
/// carry the compiler's messages (errors, with their notes) instead of
/// printing them.
class DiagnosticCollector {
public:
  explicit DiagnosticCollector(MLIRContext &context)
      : handler(&context, [this](Diagnostic &diag) {
          record(diag);
          return success();
        }) {}

  /// An error of `summary` followed by the collected error messages.
  llvm::Error error(const llvm::Twine &summary) const {
    std::string message = summary.str();
    if (!messages.empty()) {
      for (const std::string &line : messages)
        message += "\n" + line;
    }
    return llvm::createStringError(message);
  }

  bool empty() const { return messages.empty(); }

private:
  void record(Diagnostic &diag) {
    // Remarks (pruning densities, ...) and warnings are progress, not causes.
    if (diag.getSeverity() != DiagnosticSeverity::Error)
      return;
    append(diag, "error");
    for (Diagnostic &note : diag.getNotes())
      append(note, "note");
  }

  void append(Diagnostic &diag, llvm::StringRef severity) {
    std::string line;
    llvm::raw_string_ostream os(line);
    printLocation(diag.getLocation(), os);
    if (!line.empty())
      os << ": ";
    os << severity << ": " << diag.str();
    messages.push_back(std::move(line));
  }

  std::vector<std::string> messages;
  ScopedDiagnosticHandler handler;
};

std::unique_ptr<MLIRContext> createContext() {
  DialectRegistry registry;
  mlir::eie::registerAllDialects(registry);
  // One context per module: no thread pool each (a test suite creates
  // hundreds).
  auto context =
      std::make_unique<MLIRContext>(registry, MLIRContext::Threading::DISABLED);
  context->loadAllAvailableDialects();
  // The diagnostics say where; the op itself, in generic form, is noise in an
  // exception message.
  context->printOpOnDiagnostic(false);
  return context;
}

/// Checks that every dense_resource attribute of `module` has data of the size
/// its type needs (JitFunction and the passes read them as such).
LogicalResult verifyResources(ModuleOp module) {
  WalkResult result = module->walk([](Operation *op) {
    for (NamedAttribute attr : op->getAttrs()) {
      auto resource = dyn_cast<DenseResourceElementsAttr>(attr.getValue());
      if (!resource)
        continue;
      DenseResourceElementsHandle handle = resource.getRawHandle();
      AsmResourceBlob *blob = handle.getBlob();
      if (!blob) {
        op->emitError("dense_resource<") << handle.getKey() << "> has no data";
        return WalkResult::interrupt();
      }
      ShapedType type = resource.getType();
      // Upstream folders take a one-element ElementsAttr for a splat and ask
      // it for its value, which a resource cannot give: LLVM aborts.
      if (type.getNumElements() == 1) {
        op->emitError("dense_resource<")
            << handle.getKey() << "> has one element: write it as a dense "
            << "literal (a one-element resource crashes upstream folders)";
        return WalkResult::interrupt();
      }
      Type element = type.getElementType();
      if (!element.isIntOrFloat() || element.getIntOrFloatBitWidth() % 8 != 0)
        continue;
      size_t expected =
          size_t(type.getNumElements()) * element.getIntOrFloatBitWidth() / 8;
      if (blob->getData().size() != expected) {
        op->emitError("dense_resource<")
            << handle.getKey() << "> has " << blob->getData().size()
            << " bytes, its type " << type << " needs " << expected;
        return WalkResult::interrupt();
      }
    }
    return WalkResult::advance();
  });
  return failure(result.wasInterrupted());
}

} // namespace

//===----------------------------------------------------------------------===//
// CompilerModule
//===----------------------------------------------------------------------===//

CompilerModule::CompilerModule(std::unique_ptr<MLIRContext> context,
                               OwningOpRef<ModuleOp> module)
    : context(std::move(context)), module(std::move(module)) {}

llvm::Expected<std::unique_ptr<CompilerModule>>
CompilerModule::parse(llvm::StringRef source, llvm::StringRef bufferName,
                      llvm::ArrayRef<WeightData> weights) {
  std::unique_ptr<MLIRContext> context = createContext();
  DiagnosticCollector diagnostics(*context);
  llvm::SourceMgr sourceMgr;
  // Bytecode's resource sections must lie at their alignment in memory.
  std::unique_ptr<llvm::WritableMemoryBuffer> buffer =
      llvm::WritableMemoryBuffer::getNewUninitMemBuffer(
          source.size(), bufferName, llvm::Align(64));
  if (!buffer)
    return llvm::createStringError("cannot allocate " +
                                   std::to_string(source.size()) + " bytes");
  std::memcpy(buffer->getBufferStart(), source.data(), source.size());
  sourceMgr.AddNewSourceBuffer(std::move(buffer), llvm::SMLoc());
  OwningOpRef<ModuleOp> module =
      parseSourceFile<ModuleOp>(sourceMgr, ParserConfig(context.get()));
  if (!module)
    return diagnostics.error("cannot parse " + bufferName);

  // The parser declared the resources the text names; the weights fill them.
  auto &blobs = DenseResourceElementsHandle::getManagerInterface(context.get())
                    .getBlobManager();
  for (const WeightData &weight : weights) {
    DialectResourceBlobManager::BlobEntry *entry = blobs.lookup(weight.name);
    if (!entry)
      return llvm::createStringError("weight '" + weight.name +
                                     "' is not used by the module (no "
                                     "dense_resource<" +
                                     weight.name + ">)");
    if (entry->getBlob())
      return llvm::createStringError(
          "weight '" + weight.name +
          "' is given twice (as data and in the module's resources)");
    entry->setBlob(HeapAsmResourceBlob::allocateAndCopyWithAlign(
        llvm::ArrayRef<char>(static_cast<const char *>(weight.data),
                             weight.bytes),
        /*align=*/64));
  }
  if (failed(verifyResources(*module)) || failed(verify(*module)))
    return diagnostics.error("invalid module " + bufferName);
  return std::unique_ptr<CompilerModule>(
      new CompilerModule(std::move(context), std::move(module)));
}

llvm::Expected<std::unique_ptr<CompilerModule>>
CompilerModule::parseFile(llvm::StringRef path) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> file =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                  /*RequiresNullTerminator=*/false);
  if (!file)
    return llvm::createStringError("cannot read " + path + ": " +
                                   file.getError().message());
  return parse((*file)->getBuffer(), path);
}

llvm::Expected<std::unique_ptr<CompilerModule>> CompilerModule::copy() const {
  return parse(bytecode(), "<copy>");
}

std::string CompilerModule::text(int64_t largeElementsLimit) const {
  std::string out;
  llvm::raw_string_ostream os(out);
  OpPrintingFlags flags;
  if (largeElementsLimit >= 0)
    flags.elideLargeElementsAttrs(largeElementsLimit)
        .elideLargeResourceString(largeElementsLimit);
  getModule()->print(os, flags);
  return out;
}

std::string CompilerModule::bytecode() const {
  std::string out;
  llvm::raw_string_ostream os(out);
  // Writing bytecode of a verified module does not fail without a version
  // request.
  (void)writeBytecodeToFile(getModule(), os);
  return out;
}

llvm::Error CompilerModule::runPasses(llvm::StringRef pipeline) {
  DiagnosticCollector diagnostics(*context);
  PassManager pm(context.get(), ModuleOp::getOperationName());
  std::string parseErrors;
  llvm::raw_string_ostream errorStream(parseErrors);
  // A pipeline may be given with or without its builtin.module anchor.
  llvm::StringRef body = pipeline.trim();
  if (body.consume_front("builtin.module(") && body.consume_back(")"))
    pipeline = body;
  if (failed(parsePassPipeline(pipeline, pm, errorStream)))
    return llvm::createStringError("invalid pass pipeline '" + pipeline.str() +
                                   "': " + llvm::StringRef(parseErrors).trim());
  if (failed(pm.run(*module)))
    return diagnostics.error("pass pipeline '" + pipeline.str() + "' failed");
  return llvm::Error::success();
}

std::vector<std::string> CompilerModule::functionNames() const {
  std::vector<std::string> names;
  getModule()->walk([&](func::FuncOp func) {
    if (!func.isExternal())
      names.push_back(func.getSymName().str());
  });
  return names;
}

bool CompilerModule::containsDialect(llvm::StringRef dialect) const {
  WalkResult result = getModule()->walk([&](Operation *op) {
    return op->getDialect() && op->getDialect()->getNamespace() == dialect
               ? WalkResult::interrupt()
               : WalkResult::advance();
  });
  return result.wasInterrupted();
}

//===----------------------------------------------------------------------===//
// Targets
//===----------------------------------------------------------------------===//

llvm::Expected<std::unique_ptr<mlir::eie::JitFunction>>
mlir::eie::python::compileX86(const CompilerModule &module,
                              llvm::StringRef entry, llvm::StringRef pipeline) {
  llvm::Expected<std::unique_ptr<CompilerModule>> copy = module.copy();
  if (!copy)
    return copy.takeError();
  DiagnosticCollector diagnostics((*copy)->getContext());
  std::string pipelineText = pipeline.str();
  JitOptions options;
  std::string parseErrors;
  options.buildPipeline = [&](OpPassManager &pm) {
    llvm::raw_string_ostream errorStream(parseErrors);
    return parsePassPipeline(pipelineText, pm, errorStream);
  };
  llvm::Expected<std::unique_ptr<JitFunction>> function =
      JitFunction::compile((*copy)->getModule(), entry, options);
  if (!function) {
    std::string message = llvm::toString(function.takeError());
    if (!parseErrors.empty())
      message += ": " + llvm::StringRef(parseErrors).trim().str();
    return diagnostics.error(message);
  }
  return function;
}

/// Calls `visit` with every eie.sparse_fc of the module and its decoded
/// matrix, in program order; an unreadable matrix is an error at its op.
static llvm::Error forEachCompressedMatrix(
    const CompilerModule &module, llvm::StringRef failure,
    llvm::function_ref<void(mlir::eie::SparseFCOp,
                            const ::eie::format::CompressedMatrix &)>
        visit) {
  DiagnosticCollector diagnostics(module.getContext());
  bool failedToRead = false;
  module.getModule()->walk([&](mlir::eie::SparseFCOp op) {
    llvm::Expected<::eie::format::CompressedMatrix> matrix =
        op.getMatrix().toCompressedMatrix();
    if (!matrix) {
      op.emitError("cannot read the compressed matrix: ")
          << llvm::toString(matrix.takeError());
      failedToRead = true;
      return WalkResult::interrupt();
    }
    visit(op, *matrix);
    return WalkResult::advance();
  });
  if (failedToRead)
    return diagnostics.error(failure);
  return llvm::Error::success();
}

llvm::Expected<std::string>
mlir::eie::python::compressionReport(const CompilerModule &module) {
  llvm::json::Array layers;
  if (llvm::Error error = forEachCompressedMatrix(
          module, "cannot measure the compressed layers",
          [&](SparseFCOp op, const ::eie::format::CompressedMatrix &matrix) {
            layers.push_back(
                ::eie::format::toJSON(::eie::format::computeStorageStats(
                    matrix, cnn::getLayerName(op))));
          }))
    return std::move(error);
  return llvm::formatv("{0}", llvm::json::Value(std::move(layers))).str();
}

llvm::Expected<std::vector<DecodedLayer>>
mlir::eie::python::compressedWeights(const CompilerModule &module) {
  std::vector<DecodedLayer> layers;
  if (llvm::Error error = forEachCompressedMatrix(
          module, "cannot decode the compressed layers",
          [&](SparseFCOp op, const ::eie::format::CompressedMatrix &matrix) {
            layers.push_back({cnn::getLayerName(op), int64_t(matrix.numRows),
                              int64_t(matrix.numCols),
                              ::eie::format::decodeDense(matrix)});
          }))
    return std::move(error);
  return layers;
}

llvm::Expected<std::string>
mlir::eie::python::compileEIE(const CompilerModule &module,
                              llvm::StringRef machine) {
  if (!module.containsDialect("eie"))
    return llvm::createStringError(
        "the module has no compressed layer (eie.sparse_fc): compress it "
        "first");
  llvm::Expected<std::unique_ptr<CompilerModule>> copy = module.copy();
  if (!copy)
    return copy.takeError();
  // The chains of layers the machine runs become functions of their own
  // (a whole network keeps its conv layers on the host), then programs.
  std::string pipeline =
      llvm::formatv("eie-partition,convert-eie-to-machine{{machine={0}}",
                    machine)
          .str();
  if (llvm::Error err = (*copy)->runPasses(pipeline))
    return std::move(err);
  DiagnosticCollector diagnostics((*copy)->getContext());
  std::string bytes;
  llvm::raw_string_ostream os(bytes);
  if (failed(eie_isa::writeBinary((*copy)->getModule(), os)))
    return diagnostics.error("cannot write the EIE instruction stream");
  return bytes;
}

llvm::Expected<SimulationResult>
mlir::eie::python::simulate(llvm::ArrayRef<uint8_t> stream,
                            const ::eie::NpyArray &input,
                            llvm::StringRef machinePath, uint64_t maxCycles) {
  namespace isa = ::eie::isa;
  namespace sim = ::eie::sim;
  ::eie::machine::MachineConfig machine;
  if (!machinePath.empty()) {
    llvm::Expected<::eie::machine::MachineConfig> parsed =
        ::eie::machine::readMachineConfigFile(machinePath);
    if (!parsed)
      return parsed.takeError();
    machine = *parsed;
  }
  llvm::Expected<isa::Program> program = isa::readProgram(stream);
  if (!program)
    return program.takeError();
  int inIndex = program->findHostVector(isa::HostVectorRole::Input);
  int outIndex = program->findHostVector(isa::HostVectorRole::Output);
  if (inIndex < 0 || outIndex < 0)
    return llvm::createStringError(
        "the program has no input or no output host vector");
  const isa::HostVector &in = program->hostVectors[inIndex];
  const isa::HostVector &out = program->hostVectors[outIndex];

  std::vector<int16_t> activations;
  switch (input.getDType()) {
  case ::eie::DType::I16: {
    llvm::ArrayRef<int16_t> values = input.getValues<int16_t>();
    activations.assign(values.begin(), values.end());
    break;
  }
  case ::eie::DType::F32: {
    llvm::Expected<std::vector<int16_t>> quantized =
        ::eie::format::quantizeActivations(input.getValues<float>(),
                                           in.fracBits);
    if (!quantized)
      return llvm::createStringError("input " +
                                     llvm::toString(quantized.takeError()));
    activations = std::move(*quantized);
    break;
  }
  default:
    return llvm::createStringError("input is " + input.describe() +
                                   ", expected float32 or int16");
  }
  if (activations.size() != in.length)
    return llvm::createStringError(
        llvm::formatv("input has {0} elements, the program's input has {1}",
                      activations.size(), in.length)
            .str());
  sim::SimLimits limits;
  if (maxCycles)
    limits.maxCycles = maxCycles;
  llvm::Expected<sim::SimResult> result =
      sim::simulate(*program, machine, activations, limits);
  if (!result)
    return result.takeError();
  SimulationResult simulation;
  simulation.rawOutput = result->output;
  simulation.outputFracBits = out.fracBits;
  for (int16_t q : result->output)
    simulation.output.push_back(::eie::format::dequantize(q, out.fracBits));
  simulation.reportJSON =
      llvm::formatv("{0}", sim::toJSON(result->report)).str();
  return simulation;
}

//===----------------------------------------------------------------------===//
// Blocking
//===----------------------------------------------------------------------===//

llvm::Expected<std::string> mlir::eie::python::optimizeLayerBlocking(
    llvm::StringRef boundsSpec, llvm::StringRef strideSpec,
    llvm::StringRef name, llvm::StringRef archName) {
  llvm::Expected<blk::Architecture> arch = blk::loadArchitecture(archName);
  if (!arch)
    return arch.takeError();
  llvm::Expected<blk::Layer> layer =
      blk::parseLayerSpec(boundsSpec, strideSpec, name);
  if (!layer)
    return layer.takeError();
  llvm::Expected<blk::SearchResult> found = blk::optimize(*layer, *arch);
  if (!found)
    return found.takeError();
  llvm::json::Value report =
      blk::reportToJSON(*layer, *arch, found->blocking, found->evaluation,
                        {found->candidates, found->seconds, found->optimal});
  return llvm::formatv("{0}", report).str();
}

llvm::Expected<std::string>
mlir::eie::python::optimizeModuleBlocking(const CompilerModule &module,
                                          llvm::StringRef archName) {
  llvm::Expected<blk::Architecture> arch = blk::loadArchitecture(archName);
  if (!arch)
    return arch.takeError();
  llvm::Expected<std::unique_ptr<CompilerModule>> copy = module.copy();
  if (!copy)
    return copy.takeError();
  std::string pipeline =
      llvm::formatv("func.func(cnn-optimize-blocking{{arch={0}})", archName)
          .str();
  if (llvm::Error err = (*copy)->runPasses(pipeline))
    return std::move(err);
  DiagnosticCollector diagnostics((*copy)->getContext());
  FailureOr<llvm::json::Array> reports =
      cnn::getBlockingReports((*copy)->getModule(), *arch);
  if (failed(reports))
    return diagnostics.error("cannot report the blockings");
  return llvm::formatv("{0}", llvm::json::Value(std::move(*reports))).str();
}
