//===- eie-run.cpp - JIT-compile a function and run it on .npy files ------===//
//
// eie-run file.mlir -e main --input a.npy --input b.npy --output out.npy
// Lowers the module with a pass pipeline, compiles it for the host CPU and
// calls the function on the inputs; writes the results, optionally compares
// them with reference files.
//
//===----------------------------------------------------------------------===//

#include "eie/InitAllDialects.h"
#include "eie/Runner/JitFunction.h"
#include "eie/Runner/ModuleFile.h"
#include "eie/Support/ArrayCompare.h"
#include "eie/Support/Npy.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>

using namespace mlir;
using ::eie::NpyArray;
namespace cl = llvm::cl;

static cl::OptionCategory toolOptions("eie-run options");

static cl::opt<std::string> inputFilename(cl::cat(toolOptions), cl::Positional,
                                          cl::desc("<file.mlir|file.mlirbc>"),
                                          cl::Required);
static cl::opt<std::string> entryName(cl::cat(toolOptions), "e",
                                      cl::desc("Function to call"),
                                      cl::value_desc("name"), cl::init("main"));
static cl::list<std::string>
    inputFiles(cl::cat(toolOptions), "input",
               cl::desc("A .npy file per function argument, in order"),
               cl::value_desc("file.npy"));
static cl::list<std::string>
    outputFiles(cl::cat(toolOptions), "output",
                cl::desc("A .npy file per function result, in order (trailing "
                         "results may be left out)"),
                cl::value_desc("file.npy"));
static cl::list<std::string> referenceFiles(
    cl::cat(toolOptions), "compare-to",
    cl::desc("A reference .npy file per function result, in order; exit "
             "non-zero if a result differs by more than --atol + --rtol * "
             "|reference|"),
    cl::value_desc("ref.npy"));
static cl::opt<double>
    relTolerance(cl::cat(toolOptions), "rtol",
                 cl::desc("Relative tolerance of --compare-to"),
                 cl::init(1e-4));
static cl::opt<double>
    absTolerance(cl::cat(toolOptions), "atol",
                 cl::desc("Absolute tolerance of --compare-to"),
                 cl::init(1e-5));
static cl::opt<std::string> pipeline(
    cl::cat(toolOptions), "pipeline",
    cl::desc("Textual pass pipeline on builtin.module that lowers the module "
             "to the LLVM dialect with out-params and C interface wrappers"),
    cl::init("cnn-to-llvm"));
static cl::opt<unsigned> repeat(cl::cat(toolOptions), "repeat",
                                cl::desc("Call the function N times (outputs "
                                         "and comparisons use the last call)"),
                                cl::value_desc("N"), cl::init(1));
static cl::opt<unsigned> optLevel(cl::cat(toolOptions), "O",
                                  cl::desc("LLVM optimization level (0-3)"),
                                  cl::Prefix, cl::init(3));
static cl::opt<bool> printTiming(cl::cat(toolOptions), "print-timing",
                                 cl::desc("Print compile and run times"));

static bool fail(const llvm::Twine &message) {
  llvm::errs() << "eie-run: error: " << message << "\n";
  return false;
}

static bool fail(llvm::Error error) {
  return fail(llvm::toString(std::move(error)));
}

/// Reads each file of `files` into `arrays`.
static bool readArrays(llvm::ArrayRef<std::string> files,
                       llvm::SmallVectorImpl<NpyArray> &arrays) {
  for (const std::string &file : files) {
    llvm::Expected<NpyArray> array = ::eie::readNpy(file);
    if (!array)
      return fail(array.takeError());
    arrays.push_back(std::move(*array));
  }
  return true;
}

/// Checks that at most one file per result was given for `option`.
static bool checkResultFileCount(const mlir::eie::FunctionSignature &signature,
                                 llvm::ArrayRef<std::string> files,
                                 llvm::StringRef option) {
  if (files.size() <= signature.results.size())
    return true;
  return fail("@" + signature.name + " has " +
              llvm::Twine(signature.results.size()) + " result(s), got " +
              llvm::Twine(files.size()) + " " + option + " file(s)");
}

/// Compares the results with the reference files; prints one line per result.
static bool compareResults(llvm::ArrayRef<NpyArray> results,
                           llvm::ArrayRef<NpyArray> references) {
  bool allWithin = true;
  for (auto [i, reference] : llvm::enumerate(references)) {
    std::string resultName = "result " + std::to_string(i + 1);
    llvm::Expected<::eie::ArrayComparison> comparison =
        ::eie::compareArrays(results[i], reference, relTolerance, absTolerance,
                             resultName, referenceFiles[i]);
    if (!comparison)
      return fail(comparison.takeError());
    llvm::outs() << resultName << " vs " << referenceFiles[i]
                 << ": max abs error "
                 << llvm::format("%.3g", comparison->maxAbsError)
                 << ", max rel error "
                 << llvm::format("%.3g", comparison->maxRelError) << " (rtol "
                 << llvm::format("%g", relTolerance.getValue()) << ", atol "
                 << llvm::format("%g", absTolerance.getValue()) << "): ";
    if (comparison->withinTolerance()) {
      llvm::outs() << "ok\n";
      continue;
    }
    int64_t worst = comparison->worstIndex;
    llvm::outs() << comparison->numMismatches << " of "
                 << reference.getNumElements()
                 << " elements out of tolerance, worst at "
                 << ::eie::formatIndex(reference.getShape(), worst) << ": got "
                 << llvm::format("%.9g", results[i].getAsDouble(worst))
                 << ", expected "
                 << llvm::format("%.9g", reference.getAsDouble(worst)) << "\n";
    allWithin = false;
  }
  return allWithin;
}

static bool run() {
  if (repeat == 0)
    return fail("--repeat must be at least 1");

  DialectRegistry registry;
  mlir::eie::registerAllDialects(registry);
  llvm::Expected<mlir::eie::PipelineBuilder> buildPipeline =
      mlir::eie::parsePipelineText(pipeline);
  if (!buildPipeline)
    return fail(buildPipeline.takeError());

  llvm::SmallVector<NpyArray> inputs, references;
  std::unique_ptr<mlir::eie::JitFunction> function;
  double parseSeconds;
  {
    // The context holds the module's constants: it lives only until the code is
    // generated.
    MLIRContext context(registry);
    auto parseStart = std::chrono::steady_clock::now();
    llvm::Expected<std::unique_ptr<mlir::eie::ModuleFile>> file =
        mlir::eie::readModuleFile(inputFilename, context);
    if (!file)
      return fail(file.takeError());
    ModuleOp module = *(*file)->module;
    parseSeconds = std::chrono::duration<double>(
                       std::chrono::steady_clock::now() - parseStart)
                       .count();

    // Check the inputs and file counts before spending time on compilation.
    llvm::Expected<mlir::eie::FunctionSignature> signature =
        mlir::eie::getFunctionSignature(module, entryName);
    if (!signature)
      return fail(signature.takeError());
    if (!readArrays(inputFiles, inputs) ||
        !readArrays(referenceFiles, references))
      return false;
    if (llvm::Error err =
            mlir::eie::checkInputs(*signature, inputs, inputFiles))
      return fail(std::move(err));
    if (!checkResultFileCount(*signature, outputFiles, "--output") ||
        !checkResultFileCount(*signature, referenceFiles, "--compare-to"))
      return false;

    mlir::eie::JitOptions options;
    options.optLevel = optLevel;
    options.buildPipeline = *buildPipeline;
    options.exitOnAbortAs = "eie-run";
    llvm::Expected<std::unique_ptr<mlir::eie::JitFunction>> compiled =
        mlir::eie::JitFunction::compile(module, entryName, options);
    if (!compiled)
      return fail(compiled.takeError());
    function = std::move(*compiled);
  }

  llvm::SmallVector<NpyArray> results = function->allocateResults();
  double totalSeconds = 0, minSeconds = 0;
  for (unsigned i = 0; i < repeat; ++i) {
    auto start = std::chrono::steady_clock::now();
    if (llvm::Error err = function->call(inputs, results, inputFiles))
      return fail(std::move(err));
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
            .count();
    totalSeconds += seconds;
    minSeconds = i == 0 ? seconds : std::min(minSeconds, seconds);
  }

  for (auto [file, result] : llvm::zip_first(outputFiles, results))
    if (llvm::Error err = ::eie::writeNpy(file, result))
      return fail(std::move(err));

  if (printTiming) {
    const mlir::eie::CompileTimes &times = function->getCompileTimes();
    llvm::outs() << llvm::format("compile: %.3f s (parse %.3f s, lower %.3f s, "
                                 "translate+optimize %.3f s, codegen %.3f s)\n",
                                 parseSeconds + times.lowering +
                                     times.translation + times.codegen,
                                 parseSeconds, times.lowering,
                                 times.translation, times.codegen)
                 << llvm::format("run: %u call(s), min %.3f ms, mean %.3f ms\n",
                                 repeat.getValue(), minSeconds * 1e3,
                                 totalSeconds / repeat * 1e3);
  }
  return compareResults(results, references);
}

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  mlir::eie::registerAllPasses();
  mlir::eie::retainFreedMemory();
  cl::HideUnrelatedOptions(toolOptions);
  cl::ParseCommandLineOptions(
      argc, argv,
      "EIE runner: JIT-compiles a function of an MLIR module for the host CPU "
      "and calls it on .npy inputs\n");
  return run() ? 0 : 1;
}
