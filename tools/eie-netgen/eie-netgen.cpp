//===- eie-netgen.cpp - Network descriptions to cnn modules ---------------===//
//
// Turns a network description (examples/networks/*.json) and its weights, read
// from .npy files or generated deterministically, into a cnn module; optionally
// writes the weights and an input as .npy files for references outside the
// compiler.
//
//===----------------------------------------------------------------------===//

#include "eie/Dialect/CNN/Utils/NetworkBuilder.h"
#include "eie/Network/Weights.h"

#include "mlir/Bytecode/BytecodeWriter.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/WithColor.h"

using namespace llvm;

static cl::OptionCategory toolOptions("eie-netgen options");

static cl::opt<std::string>
    networkFile(cl::cat(toolOptions), cl::Positional, cl::Required,
                cl::desc("<network description .json>"));
static cl::opt<std::string> outputFile(cl::cat(toolOptions), "o",
                                       cl::desc("Output module"),
                                       cl::value_desc("file"), cl::init("-"));
static cl::opt<bool>
    emitBytecode(cl::cat(toolOptions), "emit-bytecode",
                 cl::desc("Write MLIR bytecode (weights stay binary)"));
static cl::opt<std::string>
    weightsDir(cl::cat(toolOptions), "weights",
               cl::desc("Read <layer>.weight.npy / <layer>.bias.npy from here "
                        "instead of generating weights"),
               cl::value_desc("dir"));
static cl::opt<uint64_t>
    seed(cl::cat(toolOptions), "seed",
         cl::desc("Seed of the generated weights and input"), cl::init(1));
static cl::opt<std::string>
    dumpWeights(cl::cat(toolOptions), "dump-weights",
                cl::desc("Also write the weights as .npy files"),
                cl::value_desc("dir"));
static cl::opt<std::string>
    dumpInput(cl::cat(toolOptions), "dump-input",
              cl::desc("Also write a generated input (uniform in [0, 1))"),
              cl::value_desc("file.npy"));

static int fail(Error err) {
  WithColor::error(errs(), "eie-netgen") << toString(std::move(err)) << "\n";
  return 1;
}

int main(int argc, char **argv) {
  InitLLVM initLLVM(argc, argv);
  cl::HideUnrelatedOptions(toolOptions);
  cl::ParseCommandLineOptions(argc, argv, "EIE network generator\n");

  Expected<eie::network::Network> network =
      eie::network::loadNetwork(networkFile);
  if (!network)
    return fail(network.takeError());
  Expected<eie::network::NetworkWeights> weights =
      weightsDir.empty() ? eie::network::generateWeights(*network, seed)
                         : eie::network::readWeights(*network, weightsDir);
  if (!weights)
    return fail(weights.takeError());
  if (!dumpWeights.empty())
    if (Error err = eie::network::writeWeights(*weights, dumpWeights))
      return fail(std::move(err));
  if (!dumpInput.empty())
    if (Error err = eie::writeNpy(
            dumpInput,
            eie::network::generateUniform(network->inputShape, seed + 1)))
      return fail(std::move(err));

  mlir::MLIRContext context;
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::cnn::buildNetworkModule(&context, *network, *weights);
  if (failed(module->verify()))
    return 1;

  std::string message;
  std::unique_ptr<ToolOutputFile> output =
      mlir::openOutputFile(outputFile, &message);
  if (!output) {
    WithColor::error(errs(), "eie-netgen") << message << "\n";
    return 1;
  }
  if (emitBytecode) {
    if (failed(mlir::writeBytecodeToFile(*module, output->os())))
      return 1;
  } else {
    module->print(output->os());
  }
  output->keep();
  return 0;
}
