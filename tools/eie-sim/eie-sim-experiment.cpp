//===- eie-sim-experiment.cpp - Experiment driver for the simulator -------===//
//
// Compiles and simulates synthetic layers (random non-zeros at a given weight
// and activation density, sim::makeSyntheticMatrix) on one machine and prints
// one CSV row per layer: the driver of utils/eie-experiments.py
// (docs/Simulator.md, "Experiments"). Not a user tool: real networks go
// through eie-translate and eie-sim.
//
//   eie-sim-experiment --layer Alex-6:4096x9216:0.09:0.35 [--layer ...]
//                      [--pes 1,2,4] [--queue-depth 1,8] [--sram-width 64]
//                      [--machine m.json] [--seed 1] [--header]
//
// Every layer is generated once, compiled once per PE count and simulated on
// every combination of the lists.
//
//===----------------------------------------------------------------------===//

#include "eie/ISA/ProgramBuilder.h"
#include "eie/Sim/Simulator.h"
#include "eie/Sim/SyntheticLayer.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>

using namespace eie;
using llvm::formatv;

static llvm::cl::OptionCategory toolOptions("eie-sim-experiment options");

static llvm::cl::list<std::string>
    layerSpecs(llvm::cl::cat(toolOptions), "layer", llvm::cl::OneOrMore,
               llvm::cl::desc("name:ROWSxCOLS:weight_density:act_density"));
static llvm::cl::opt<std::string>
    machinePath(llvm::cl::cat(toolOptions), "machine",
                llvm::cl::desc("Base machine description (JSON)"));
static llvm::cl::list<unsigned>
    pesList(llvm::cl::cat(toolOptions), "pes", llvm::cl::CommaSeparated,
            llvm::cl::desc("PE counts to sweep (default: the machine's)"));
static llvm::cl::list<unsigned>
    depthList(llvm::cl::cat(toolOptions), "queue-depth",
              llvm::cl::CommaSeparated,
              llvm::cl::desc("Queue depths to sweep"));
static llvm::cl::list<unsigned> widthList(
    llvm::cl::cat(toolOptions), "sram-width", llvm::cl::CommaSeparated,
    llvm::cl::desc("SRAM widths (bits) to sweep; the energy of a read scales "
                   "as E(w) = E(w0) (1 + w / w0) / 2, w0 the machine's width"));
static llvm::cl::opt<uint64_t> seed(llvm::cl::cat(toolOptions), "seed",
                                    llvm::cl::init(1),
                                    llvm::cl::desc("Random seed"));
static llvm::cl::opt<bool> header(llvm::cl::cat(toolOptions), "header",
                                  llvm::cl::desc("Print the CSV header"));

static int fail(const llvm::Twine &msg) {
  llvm::errs() << "eie-sim-experiment: " << msg << "\n";
  return 1;
}

struct Spec {
  std::string name;
  uint32_t rows = 0, cols = 0;
  double weightDensity = 0, actDensity = 0;
};

static llvm::Expected<Spec> parseSpec(llvm::StringRef text) {
  llvm::SmallVector<llvm::StringRef, 4> parts;
  text.split(parts, ':');
  llvm::SmallVector<llvm::StringRef, 2> shape;
  if (parts.size() == 4)
    parts[1].split(shape, 'x');
  Spec s;
  if (parts.size() != 4 || shape.size() != 2 ||
      shape[0].getAsInteger(10, s.rows) || shape[1].getAsInteger(10, s.cols) ||
      parts[2].getAsDouble(s.weightDensity) ||
      parts[3].getAsDouble(s.actDensity) || s.rows == 0 || s.cols == 0)
    return llvm::createStringError(
        formatv("--layer '{0}': expected name:ROWSxCOLS:weight_density:"
                "act_density",
                text)
            .str());
  s.name = parts[0].str();
  return s;
}

/// Simulates `layer` on `machine` and prints its CSV row.
static llvm::Error runOne(const Spec &spec, const isa::Program &program,
                          const std::vector<int16_t> &input,
                          const machine::MachineConfig &machine) {
  auto start = std::chrono::steady_clock::now();
  auto result = sim::simulate(program, machine, input);
  std::chrono::duration<double> seconds =
      std::chrono::steady_clock::now() - start;
  if (!result)
    return llvm::createStringError(
        formatv("{0}: {1}", spec.name, llvm::toString(result.takeError()))
            .str());
  const sim::LayerReport &r = result->report.total;
  const sim::Counters &c = r.counters;
  double energy = r.energy(machine).total();
  llvm::outs() << formatv(
      "{0},{1},{2},{3:f3},{4:f3},{5},{6},{7},{8},{9},{10:f4},{11:f4},{12:f5},"
      "{13:f5},{14},{15},{16},{17},{18:f3},{19:f3},{20:f4}\n",
      spec.name, spec.rows, spec.cols, spec.weightDensity, spec.actDensity,
      machine.params.numPEs, machine.queueDepth, machine.sramWidthBits,
      c.passes, c.cycles, r.timeMicros(machine), r.theoreticalMicros(machine),
      r.loadBalanceEfficiency(machine), r.macUtilization(machine), c.macs,
      c.entries, c.totalSramReads(), c.queueFullStalls, energy / 1000,
      c.cycles ? energy / r.timeMicros(machine) / 1000 : 0.0, seconds.count());
  return llvm::Error::success();
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  llvm::cl::HideUnrelatedOptions(toolOptions);
  llvm::cl::ParseCommandLineOptions(argc, argv,
                                    "EIE simulator experiment driver\n");
  machine::MachineConfig base;
  if (!machinePath.empty()) {
    auto parsed = machine::readMachineConfigFile(machinePath);
    if (!parsed)
      return fail(llvm::toString(parsed.takeError()));
    base = *parsed;
  }
  std::vector<unsigned> pesValues(pesList.begin(), pesList.end());
  std::vector<unsigned> depths(depthList.begin(), depthList.end());
  std::vector<unsigned> widths(widthList.begin(), widthList.end());
  if (pesValues.empty())
    pesValues.push_back(base.params.numPEs);
  if (depths.empty())
    depths.push_back(base.queueDepth);
  if (widths.empty())
    widths.push_back(base.sramWidthBits);
  for (unsigned v : pesValues)
    if (v == 0 || v > 4096)
      return fail(formatv("--pes {0}: expected 1..4096", v));
  for (unsigned v : depths)
    if (v == 0)
      return fail("--queue-depth must be positive");
  for (unsigned v : widths)
    if (v == 0 || v % 8)
      return fail(formatv("--sram-width {0}: expected a positive multiple of "
                          "8",
                          v));

  if (header)
    llvm::outs() << "layer,rows,cols,weight_density,act_density,pes,"
                    "queue_depth,sram_width_bits,passes,cycles,time_us,"
                    "theoretical_us,load_balance_efficiency,mac_utilization,"
                    "macs,entries,sram_reads,queue_full_stalls,energy_nj,"
                    "power_mw,sim_seconds\n";
  for (const std::string &text : layerSpecs) {
    auto spec = parseSpec(text);
    if (!spec)
      return fail(llvm::toString(spec.takeError()));
    auto weights = sim::makeSyntheticMatrix(
        spec->rows, spec->cols, spec->weightDensity, pesValues.front(), seed);
    if (!weights)
      return fail(
          formatv("{0}: {1}", spec->name, llvm::toString(weights.takeError())));
    isa::LayerSpec layer;
    layer.name = spec->name;
    layer.weights = &*weights;
    layer.formats = {12, weights->codebook.fracBits, 12};
    layer.relu = true;
    std::vector<int16_t> input = sim::makeSyntheticActivations(
        spec->cols, spec->actDensity, 4096, seed + 1);
    for (unsigned numPEs : pesValues) {
      machine::MachineConfig machine = base;
      machine.params.numPEs = numPEs;
      auto program = isa::buildProgram(layer, machine.params);
      if (!program)
        return fail(llvm::toString(program.takeError()));
      for (unsigned depth : depths)
        for (unsigned width : widths) {
          eie::machine::MachineConfig swept = machine.withSramWidth(width);
          swept.queueDepth = depth;
          if (llvm::Error e = runOne(*spec, *program, input, swept))
            return fail(llvm::toString(std::move(e)));
        }
    }
  }
  return 0;
}
