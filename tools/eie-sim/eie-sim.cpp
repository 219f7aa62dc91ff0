//===- eie-sim.cpp - Run an EIE instruction stream on the simulator -------===//
//
// eie-sim program.eie --input x.npy [--output y.npy] [--machine m.json]
//         [--report-json r.json] [--raw-output] [--quiet]
//         [--max-cycles N] [--max-instructions N]
// (docs/Simulator.md, "eie-sim"). Exits with 1 on a diagnostic, 3 when the
// program exceeds a limit.
//
//===----------------------------------------------------------------------===//

#include "eie/Format/FixedPoint.h"
#include "eie/ISA/BinaryFormat.h"
#include "eie/Sim/Simulator.h"
#include "eie/Support/Npy.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>

using namespace eie;
using llvm::formatv;

static llvm::cl::OptionCategory toolOptions("eie-sim options");

static llvm::cl::opt<std::string> programPath(llvm::cl::cat(toolOptions),
                                              llvm::cl::Positional,
                                              llvm::cl::Required,
                                              llvm::cl::desc("<program.eie>"));
static llvm::cl::opt<std::string>
    inputPath(llvm::cl::cat(toolOptions), "input", llvm::cl::Required,
              llvm::cl::desc("Input activations (.npy): float32, quantized to "
                             "the program's input format, or raw int16"));
static llvm::cl::opt<std::string>
    outputPath(llvm::cl::cat(toolOptions), "output",
               llvm::cl::desc("Write the output activations (.npy)"));
static llvm::cl::opt<bool>
    rawOutput(llvm::cl::cat(toolOptions), "raw-output",
              llvm::cl::desc("Write int16 fixed-point outputs instead of "
                             "float32"));
static llvm::cl::opt<std::string>
    machinePath(llvm::cl::cat(toolOptions), "machine",
                llvm::cl::desc("Machine description (JSON); default: the "
                               "published EIE (shared/contracts/EIE.md)"));
static llvm::cl::opt<std::string>
    reportJsonPath(llvm::cl::cat(toolOptions), "report-json",
                   llvm::cl::desc("Write the report as JSON"));
static llvm::cl::opt<bool>
    quiet(llvm::cl::cat(toolOptions), "quiet",
          llvm::cl::desc("Do not print the text report"));

static llvm::cl::opt<uint64_t> maxCycles(
    llvm::cl::cat(toolOptions), "max-cycles",
    llvm::cl::init(sim::SimLimits().maxCycles),
    llvm::cl::desc("Stop with exit code 3 once the program has run this many "
                   "cycles"));
static llvm::cl::opt<uint64_t> maxInstructions(
    llvm::cl::cat(toolOptions), "max-instructions",
    llvm::cl::init(sim::SimLimits().maxInstructions),
    llvm::cl::desc("Refuse, with exit code 3, a program of more instructions"));

/// The exit code of a program that exceeds --max-cycles or --max-instructions.
constexpr int kLimitExitCode = 3;

static int fail(const llvm::Twine &msg) {
  llvm::errs() << "eie-sim: " << msg << "\n";
  return 1;
}

/// The input as int16 in Q(frac): float32 is quantized, int16 taken as is.
static llvm::Expected<std::vector<int16_t>> readInput(llvm::StringRef path,
                                                      int frac) {
  llvm::Expected<NpyArray> array = readNpy(path);
  if (!array)
    return array.takeError();
  std::vector<int16_t> out;
  switch (array->getDType()) {
  case DType::I16: {
    llvm::ArrayRef<int16_t> v = array->getValues<int16_t>();
    out.assign(v.begin(), v.end());
    return out;
  }
  case DType::F32: {
    auto quantized =
        format::quantizeActivations(array->getValues<float>(), frac);
    if (!quantized)
      return llvm::createStringError(
          formatv("{0}: {1}", path, llvm::toString(quantized.takeError()))
              .str());
    return std::move(*quantized);
  }
  default:
    return llvm::createStringError(
        formatv("{0}: {1}, expected float32 or int16", path, array->describe())
            .str());
  }
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  llvm::cl::HideUnrelatedOptions(toolOptions);
  llvm::cl::ParseCommandLineOptions(argc, argv, "Cycle-level EIE simulator\n");

  machine::MachineConfig machine;
  if (!machinePath.empty()) {
    auto parsed = eie::machine::readMachineConfigFile(machinePath);
    if (!parsed)
      return fail(llvm::toString(parsed.takeError()));
    machine = *parsed;
  }
  auto program = isa::readProgramFile(programPath);
  if (!program)
    return fail(llvm::toString(program.takeError()));
  const isa::HostVector &in =
      program->hostVectors[program->findHostVector(isa::HostVectorRole::Input)];
  const isa::HostVector &out =
      program
          ->hostVectors[program->findHostVector(isa::HostVectorRole::Output)];

  auto input = readInput(inputPath, in.fracBits);
  if (!input)
    return fail(llvm::toString(input.takeError()));
  if (input->size() != in.length)
    return fail(formatv("{0}: {1} elements, the program's input has {2}",
                        inputPath, input->size(), in.length));
  auto result = sim::simulate(*program, machine, *input,
                              {maxCycles, maxInstructions});
  if (!result) {
    llvm::Error err = result.takeError();
    bool limit = err.isA<sim::LimitExceededError>();
    int code =
        fail(formatv("{0}: {1}", programPath, llvm::toString(std::move(err))));
    return limit ? kLimitExitCode : code;
  }

  if (!outputPath.empty()) {
    // 1 x n, as eie-run writes the result of the function the program runs.
    int64_t n = result->output.size();
    NpyArray array(rawOutput ? DType::I16 : DType::F32, {1, n});
    for (int64_t i = 0; i < n; ++i) {
      if (rawOutput)
        array.getValues<int16_t>()[i] = result->output[i];
      else
        array.getValues<float>()[i] =
            format::dequantize(result->output[i], out.fracBits);
    }
    if (llvm::Error e = writeNpy(outputPath, array))
      return fail(llvm::toString(std::move(e)));
  }
  if (!reportJsonPath.empty()) {
    std::error_code ec;
    llvm::raw_fd_ostream os(reportJsonPath, ec, llvm::sys::fs::OF_Text);
    if (ec)
      return fail(formatv("{0}: {1}", reportJsonPath, ec.message()));
    os << formatv("{0:2}", sim::toJSON(result->report)) << "\n";
  }
  if (!quiet)
    sim::printReport(result->report, llvm::outs());
  return 0;
}
