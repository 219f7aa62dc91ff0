//===- eie-compile.cpp - Compile a module to an object and a C header -----===//
//
// eie-compile net.mlirbc -o out/net [--target-cpu=avx2] [--pipeline=...]
// Lowers the module's public functions as eie-run does and writes out/net.o,
// out/net.h (and out/net.weights for large weights); the last line printed is
// the link line a program needs (docs/AOT.md).
//
//===----------------------------------------------------------------------===//

#include "eie/InitAllDialects.h"
#include "eie/Runner/ModuleFile.h"
#include "eie/Runner/ObjectCompiler.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
namespace cl = llvm::cl;

static cl::OptionCategory toolOptions("eie-compile options");

static cl::opt<std::string> inputFilename(cl::cat(toolOptions), cl::Positional,
                                          cl::desc("<file.mlir|file.mlirbc>"),
                                          cl::Required);
static cl::opt<std::string>
    outputPrefix(cl::cat(toolOptions), "o",
                 cl::desc("Output name: writes NAME.o, NAME.h and, with a "
                          "weights file, NAME.weights"),
                 cl::value_desc("NAME"), cl::Required);
static cl::opt<mlir::eie::X86VectorTarget>
    targetCPU(cl::cat(toolOptions), "target-cpu", cl::desc("CPU of the object"),
              cl::init(mlir::eie::X86VectorTarget::Host),
              cl::values(clEnumValN(mlir::eie::X86VectorTarget::Host, "host",
                                    "the host CPU and its features"),
                         clEnumValN(mlir::eie::X86VectorTarget::AVX2, "avx2",
                                    "x86-64-v3 (AVX2, FMA)"),
                         clEnumValN(mlir::eie::X86VectorTarget::AVX512,
                                    "avx512", "x86-64-v4 (AVX-512)")));
static cl::opt<std::string> pipeline(
    cl::cat(toolOptions), "pipeline",
    cl::desc("Textual pass pipeline on builtin.module that lowers the module "
             "to the LLVM dialect with out-params and C interface wrappers "
             "(default: eie-x86-pipeline for --target-cpu)"));
static cl::opt<mlir::eie::WeightStorage> weightStorage(
    cl::cat(toolOptions), "weights", cl::desc("Where the weights go"),
    cl::init(mlir::eie::WeightStorage::Auto),
    cl::values(clEnumValN(mlir::eie::WeightStorage::Auto, "auto",
                          "in the object up to 256 MiB, else in a file"),
               clEnumValN(mlir::eie::WeightStorage::Embedded, "object",
                          "in the object's read-only data"),
               clEnumValN(mlir::eie::WeightStorage::File, "file",
                          "in NAME.weights, loaded by NAME_init()")));
static cl::opt<unsigned> threads(
    cl::cat(toolOptions), "num-threads",
    cl::desc("Threads of each blocked layer (eie-x86-pipeline's threads): 1 "
             "makes sequential code; N > 1 runs each layer on N OpenMP threads; "
             "0 on as many as the OpenMP runtime gives (OMP_NUM_THREADS, by "
             "default every CPU). With threads, the object needs LLVM's OpenMP "
             "runtime (the link line names it)"),
    cl::init(1));
static cl::opt<unsigned> optLevel(cl::cat(toolOptions), "O",
                                  cl::desc("LLVM optimization level (0-3)"),
                                  cl::Prefix, cl::init(3));

static bool fail(const llvm::Twine &message) {
  llvm::errs() << "eie-compile: error: " << message << "\n";
  return false;
}

/// The default pipeline: the blocked x86 code for the object's vector ISA and
/// thread count.
static std::string getPipelineText() {
  if (!pipeline.empty())
    return pipeline;
  std::string options = "threads=" + std::to_string(threads);
  switch (targetCPU) {
  case mlir::eie::X86VectorTarget::Host:
    break;
  case mlir::eie::X86VectorTarget::AVX2:
    options += " target=avx2";
    break;
  case mlir::eie::X86VectorTarget::AVX512:
    options += " target=avx512";
    break;
  }
  return "eie-x86-pipeline{" + options + "}";
}

static bool run() {
  llvm::Expected<mlir::eie::PipelineBuilder> buildPipeline =
      mlir::eie::parsePipelineText(getPipelineText());
  if (!buildPipeline)
    return fail(llvm::toString(buildPipeline.takeError()));
  if (threads.getNumOccurrences() && !pipeline.empty())
    return fail("--num-threads sets the default pipeline's thread count; with "
                "--pipeline, give eie-x86-pipeline's threads option instead");
  DialectRegistry registry;
  mlir::eie::registerAllDialects(registry);
  MLIRContext context(registry);
  llvm::Expected<std::unique_ptr<mlir::eie::ModuleFile>> file =
      mlir::eie::readModuleFile(inputFilename, context);
  if (!file)
    return fail(llvm::toString(file.takeError()));

  mlir::eie::ObjectOptions options;
  options.target = targetCPU;
  options.optLevel = optLevel;
  options.weights = weightStorage;
  options.buildPipeline = *buildPipeline;
  llvm::Expected<mlir::eie::ObjectLinkInfo> info =
      mlir::eie::compileToObject(*(*file)->module, outputPrefix, options);
  if (!info)
    return fail(inputFilename + ": " + llvm::toString(info.takeError()));

  llvm::outs() << "wrote " << outputPrefix << ".o, " << outputPrefix << ".h";
  if (info->hasWeightsFile)
    llvm::outs() << ", " << outputPrefix << ".weights (load it with "
                 << llvm::sys::path::filename(outputPrefix) << "_init)";
  llvm::outs() << "\nlink: " << outputPrefix << ".o";
  for (const std::string &argument : info->linkArguments)
    llvm::outs() << " " << argument;
  llvm::outs() << "\n";
  return true;
}

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  mlir::eie::registerAllPasses();
  cl::HideUnrelatedOptions(toolOptions);
  cl::ParseCommandLineOptions(
      argc, argv,
      "EIE ahead-of-time compiler: compiles the public functions of an MLIR "
      "module to an x86-64 object file and a C header\n");
  return run() ? 0 : 1;
}
