//===- EIEToMachine.cpp - Compile eie.sparse_fc chains to eie_isa.program -===//
//
// The EIE path of a compressed network: a function that is a chain of
// eie.sparse_fc layers becomes the eie_isa.program that the ISA library's program
// builder emits for the machine of a machine description.
//
//===----------------------------------------------------------------------===//

#include "eie/Conversion/EIEToMachine/EIEToMachine.h"
#include "eie/Conversion/Passes.h"
#include "eie/Dialect/CNN/IR/LayerName.h"
#include "eie/Dialect/EIE/IR/EIEOps.h"
#include "eie/Dialect/EIEISA/IR/EIEISAOps.h"
#include "eie/Dialect/EIE/Transforms/LayerWeights.h"
#include "eie/ISA/ProgramBuilder.h"
#include "eie/Machine/MachineConfig.h"
#include "eie/Support/DataDirectory.h"
#include "eie/Target/EIE/Deserialization.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"

#include <deque>

namespace mlir::eie {
#define GEN_PASS_DEF_CONVERTEIETOMACHINE
#include "eie/Conversion/Passes.h.inc"
} // namespace mlir::eie

using namespace mlir;
using namespace mlir::eie;
namespace eisa = ::eie::isa;
namespace format = ::eie::format;

llvm::Expected<eisa::MachineParams>
mlir::eie::loadMachineParams(StringRef fileOrName) {
  std::string path = fileOrName.str();
  if (!llvm::sys::fs::exists(path)) {
    if (fileOrName.empty() ||
        fileOrName.find_first_of("/\\.") != StringRef::npos)
      return llvm::createStringError("machine description '" + path +
                                     "' does not exist");
    path = ::eie::dataDirectory("machine") + "/" + path + ".json";
    if (!llvm::sys::fs::exists(path))
      return llvm::createStringError("no machine description named '" +
                                     fileOrName.str() + "' (no file " + path +
                                     ")");
  }
  llvm::Expected<::eie::machine::MachineConfig> config =
      ::eie::machine::readMachineConfigFile(path);
  if (!config)
    return config.takeError();
  return config->params;
}

namespace {

/// The layers of a function that is a chain of eie.sparse_fc, in order.
struct LayerChain {
  SmallVector<SparseFCOp> layers;
  /// The storage the LayerSpecs point to.
  std::deque<format::CompressedMatrix> matrices;
  std::vector<eisa::LayerSpec> specs;
};

} // namespace

/// The Q(fo) biases of `layer` (empty without a bias), or an error at it.
static FailureOr<std::vector<int16_t>> quantizeBias(SparseFCOp layer,
                                                    int outFrac) {
  Value bias = layer.getBias();
  if (!bias)
    return std::vector<int16_t>();
  ElementsAttr value = getF32Constant(bias);
  if (!value)
    return layer.emitOpError("bias must be an f32 constant with data: the EIE "
                             "program holds the bias values");
  std::vector<int16_t> quantized;
  for (float b : readWeights(value))
    quantized.push_back(format::quantize(b, outFrac));
  return quantized;
}

/// Checks that `func` is a chain of eie.sparse_fc and collects its layers.
/// Since nothing but constants, the layers and the return may appear, each
/// layer's result has no other use than the next layer or the return.
static FailureOr<LayerChain> collectChain(func::FuncOp func) {
  LayerChain chain;
  Block &body = func.getBody().front();
  if (func.getNumArguments() != 1 || func.getNumResults() != 1)
    return func.emitOpError("must take one input and return one result to "
                            "run on the EIE machine");
  Value expected = func.getArgument(0);
  for (Operation &op : body) {
    if (isa<arith::ConstantOp>(op))
      continue;
    if (auto ret = dyn_cast<func::ReturnOp>(op)) {
      if (chain.layers.empty() || ret.getOperand(0) != expected)
        return ret.emitOpError("must return the result of the last "
                               "eie.sparse_fc of the chain");
      continue;
    }
    auto layer = dyn_cast<SparseFCOp>(op);
    if (!layer)
      return op.emitOpError("cannot run on the EIE machine: a program is a "
                            "chain of eie.sparse_fc (--eie-partition outlines "
                            "the chains the machine runs)");
    if (layer.getInput() != expected)
      return layer.emitOpError("must take the ")
             << (chain.layers.empty() ? "function's argument"
                                      : "previous layer's result")
             << " as input to run on the EIE machine (a chain of layers)";
    expected = layer.getResult();
    chain.layers.push_back(layer);
  }

  llvm::StringSet<> names;
  for (auto [index, layer] : llvm::enumerate(chain.layers)) {
    int64_t batch = layer.getInput().getType().getDimSize(0);
    if (batch != 1)
      return layer.emitOpError("runs a batch of ")
             << batch << ", the EIE machine runs one input vector";
    if (!layer.getActFrac() || !layer.getOutFrac())
      return layer.emitOpError("needs 'act_frac' and 'out_frac': the EIE "
                               "machine computes in 16-bit fixed point");
    llvm::Expected<format::CompressedMatrix> matrix =
        layer.getMatrix().toCompressedMatrix();
    if (!matrix)
      return layer.emitOpError("matrix cannot be read: ")
             << llvm::toString(matrix.takeError());
    eisa::LayerSpec &spec = chain.specs.emplace_back();
    spec.name = cnn::getLayerName(layer);
    if (!names.insert(spec.name).second)
      spec.name += "#" + std::to_string(index);
    chain.matrices.push_back(std::move(*matrix));
    spec.weights = &chain.matrices.back();
    spec.formats.actFrac = *layer.getActFrac();
    spec.formats.weightFrac = spec.weights->codebook.fracBits;
    spec.formats.outFrac = *layer.getOutFrac();
    FailureOr<std::vector<int16_t>> bias =
        quantizeBias(layer, spec.formats.outFrac);
    if (failed(bias))
      return failure();
    spec.bias = std::move(*bias);
    spec.relu = layer.getRelu();
  }
  return chain;
}

FailureOr<ChainProgram>
mlir::eie::compileChain(func::FuncOp func, const eisa::MachineParams &machine) {
  FailureOr<LayerChain> chain = collectChain(func);
  if (failed(chain))
    return failure();
  llvm::Expected<eisa::Program> program =
      eisa::buildProgram(chain->specs, machine);
  if (!program) {
    // The builder's errors start with the layer's name: report them there.
    std::string message = llvm::toString(program.takeError());
    Operation *at = func;
    for (auto [layer, spec] : llvm::zip(chain->layers, chain->specs))
      if (StringRef(message).starts_with("layer '" + spec.name + "'"))
        at = layer;
    return at->emitError("cannot run on the EIE machine: ") << message;
  }
  ChainProgram result{std::move(*program), {}};
  for (SparseFCOp layer : chain->layers)
    result.layerLocations.push_back(layer.getLoc());
  return result;
}

/// Replaces `func` by its eie_isa.program for `machine`. A function outlined for
/// the machine (eie.accelerator) stays as a declaration, which the host code
/// still calls.
static LogicalResult convertFunction(func::FuncOp func,
                                     const eisa::MachineParams &machine) {
  FailureOr<ChainProgram> compiled = compileChain(func, machine);
  if (failed(compiled))
    return failure();
  OpBuilder builder(func);
  eie_isa::ProgramOp programOp =
      eie_isa::deserialize(builder, func.getLoc(), compiled->program);
  programOp.walk([&](eie_isa::RunOp run) {
    run->setLoc(compiled->layerLocations[run.getLayer()]);
  });
  if (func->hasAttr(EIEDialect::getAcceleratorAttrName())) {
    func.eraseBody();
    func.setPrivate();
  } else {
    func.erase();
  }
  return success();
}

namespace {

struct ConvertEIEToMachinePass
    : mlir::eie::impl::ConvertEIEToMachineBase<ConvertEIEToMachinePass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<func::FuncOp> functions;
    for (auto func : module.getOps<func::FuncOp>())
      if (func.walk([](SparseFCOp) { return WalkResult::interrupt(); })
              .wasInterrupted())
        functions.push_back(func);
    if (functions.empty())
      return;
    llvm::Expected<eisa::MachineParams> params = loadMachineParams(machine);
    if (!params) {
      module.emitError("--")
          << getArgument() << ": " << llvm::toString(params.takeError());
      return signalPassFailure();
    }
    for (func::FuncOp func : functions)
      if (failed(convertFunction(func, *params)))
        signalPassFailure();
  }
};

} // namespace
