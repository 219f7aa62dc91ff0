//===- eie-block.cpp - Optimal blocking of conv layers -------------------===//
//
// Prints the shared/contracts/BLOCKING.md report of the minimum-cost blocking
// of one layer
// (--layer/--stride) or of every layer of a JSON file (--layers, an array of
// reports).
//
//===----------------------------------------------------------------------===//

#include "eie/Analysis/Blocking/Heuristic.h"
#include "eie/Analysis/Blocking/HostArchitecture.h"
#include "eie/Analysis/Blocking/Optimizer.h"
#include "eie/Analysis/Blocking/Report.h"
#include "eie/Analysis/Blocking/Simulator.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;
using namespace eie::blocking;

static cl::OptionCategory category("eie-block options");

static cl::opt<std::string>
    archOption("arch", cl::desc("Architecture JSON file or preset name"),
               cl::value_desc("file|preset"), cl::Required, cl::cat(category));
static cl::opt<std::string>
    layerOption("layer",
                cl::desc("Loop bounds, e.g. N=1,K=96,C=3,Y=55,X=55,R=11,S=11"),
                cl::value_desc("bounds"), cl::cat(category));
static cl::opt<std::string> strideOption("stride",
                                         cl::desc("Strides sy,sx of --layer"),
                                         cl::value_desc("sy,sx"),
                                         cl::init("1,1"), cl::cat(category));
static cl::opt<std::string>
    nameOption("name", cl::desc("Name of --layer in the report"),
               cl::init("layer"), cl::cat(category));
static cl::opt<std::string> layersOption("layers",
                                         cl::desc("JSON file of layers"),
                                         cl::value_desc("file"),
                                         cl::cat(category));
static cl::opt<std::string> networkOption(
    "network",
    cl::desc("Network to take from a --layers file of several networks"),
    cl::init(""), cl::cat(category));
static cl::opt<std::string>
    objectiveOption("objective",
                    cl::desc("What to minimize: energy | dram (outermost-level "
                             "accesses) | edp (energy x delay)"),
                    cl::init("energy"), cl::cat(category));
static cl::opt<uint64_t> maxCandidatesOption(
    "max-candidates",
    cl::desc("Keep at most this many tiles per level and stop after this many "
             "candidates (result not proven optimal)"),
    cl::init(0), cl::cat(category));
static cl::opt<uint64_t> maxWorkOption(
    "max-work",
    cl::desc("Fail once a layer's search has enumerated and evaluated this "
             "many tiles and candidates"),
    cl::init(kDefaultMaxSearchWork), cl::cat(category));
static cl::opt<bool> imperfectOption(
    "imperfect",
    cl::desc("Also search imperfect tiles (every ceil(bound / c), the last "
             "tile along a loop partial)"),
    cl::init(false), cl::cat(category));
static cl::opt<bool> x86CodegenOption(
    "x86-codegen",
    cl::desc("Search only the blockings the x86 code generator can run "
             "(x86Constraints: K in whole vectors, padded if need be, a "
             "register tile within the register budget, C R S one at a time "
             "and innermost at level 1); needs an architecture with a "
             "\"vector\" description"),
    cl::init(false), cl::cat(category));
static cl::opt<int64_t> inputChannelBlockOption(
    "input-channel-block",
    cl::desc("With --x86-codegen: channels per block of the blocked input "
             "layout, which C tiles must not straddle"),
    cl::init(16), cl::cat(category));
static cl::opt<int64_t>
    groupsOption("groups",
                 cl::desc("With --x86-codegen: groups of every layer given "
                          "(its C is then the channels of one group)"),
                 cl::init(1), cl::cat(category));
static cl::opt<bool>
    heuristicOption("heuristic",
                    cl::desc("Report the fixed output-stationary baseline "
                             "blocking instead of searching"),
                    cl::init(false), cl::cat(category));
static cl::opt<bool> simulateOption(
    "simulate",
    cl::desc("Check the model's counts against the brute-force simulation "
             "(one step per MAC: small layers only)"),
    cl::init(false), cl::cat(category));
static cl::opt<bool> printArchOption(
    "print-arch",
    cl::desc("Print the architecture as an architecture file (for x86-host, "
             "with what was detected and from where) instead of blocking"),
    cl::init(false), cl::cat(category));
static cl::opt<bool> compactOption("compact",
                                   cl::desc("Print the JSON on one line"),
                                   cl::init(false), cl::cat(category));

static int fail(const Twine &message) {
  WithColor::error(errs(), "eie-block") << message << "\n";
  return 1;
}

static void print(const json::Value &value) {
  if (compactOption)
    outs() << value << "\n";
  else
    outs() << formatv("{0:2}", value) << "\n";
}

/// The architecture file of `arch`; for the detected host, with a "host"
/// object saying what was read from where (parseArchitecture ignores it).
static int printArchitecture(const Architecture &arch) {
  json::Value out = architectureToJSON(arch);
  if (archOption == kHostArchitectureName) {
    Expected<HostDescription> host = detectHost();
    if (!host)
      return fail(toString(host.takeError()));
    out.getAsObject()->insert({"host", hostDescriptionToJSON(*host)});
  }
  print(out);
  return 0;
}

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  cl::HideUnrelatedOptions(category);
  cl::ParseCommandLineOptions(
      argc, argv, "Optimal blocking of conv layers (blocking model)\n");

  std::optional<Objective> objective = parseObjective(objectiveOption);
  if (!objective)
    return fail("--objective: expected 'energy', 'dram' or 'edp', got '" +
                objectiveOption + "'");
  if (!printArchOption && layerOption.empty() == layersOption.empty())
    return fail("give exactly one of --layer and --layers");
  if (x86CodegenOption && heuristicOption)
    return fail("--x86-codegen constrains the search; --heuristic does not "
                "search");

  Expected<Architecture> arch = loadArchitecture(archOption, argv[0]);
  if (!arch)
    return fail(toString(arch.takeError()));
  for (const std::string &assumption : arch->assumptions)
    WithColor::warning(errs(), "eie-block")
        << arch->name << ": " << assumption << "\n";
  if (printArchOption)
    return printArchitecture(*arch);

  std::vector<Layer> layers;
  if (!layerOption.empty()) {
    Expected<Layer> layer =
        parseLayerSpec(layerOption, strideOption, nameOption);
    if (!layer)
      return fail(toString(layer.takeError()));
    layers.push_back(std::move(*layer));
  } else {
    ErrorOr<std::unique_ptr<MemoryBuffer>> buffer =
        MemoryBuffer::getFile(layersOption);
    if (!buffer)
      return fail("cannot read layer file '" + layersOption +
                  "': " + buffer.getError().message());
    Expected<std::vector<Layer>> parsed =
        parseLayerFile((*buffer)->getBuffer(), layersOption, networkOption);
    if (!parsed)
      return fail(toString(parsed.takeError()));
    layers = std::move(*parsed);
  }

  SearchOptions options;
  options.objective = *objective;
  options.maxCandidates = maxCandidatesOption;
  options.maxWork = maxWorkOption;
  options.imperfect = imperfectOption;
  json::Array reports;
  for (const Layer &layer : layers) {
    SearchResult result;
    // The layer blocked: with the x86 constraints, K padded to whole vectors.
    Layer blocked = layer;
    if (x86CodegenOption) {
      Expected<TileConstraints> constraints =
          x86Constraints(layer, *arch, inputChannelBlockOption, groupsOption);
      if (!constraints)
        return fail(toString(constraints.takeError()));
      options.constraints = *constraints;
      blocked = paddedLayer(layer, *constraints);
    }
    if (heuristicOption) {
      if (Error err = validateLayer(layer))
        return fail(toString(std::move(err)));
      Expected<Blocking> blocking = outputStationaryBlocking(layer, *arch);
      if (!blocking)
        return fail(toString(blocking.takeError()));
      result.blocking = std::move(*blocking);
      result.evaluation = evaluate(layer, *arch, result.blocking);
      result.candidates = 1;
    } else {
      Expected<SearchResult> found = optimize(layer, *arch, options);
      if (!found)
        return fail(toString(found.takeError()));
      result = std::move(*found);
    }
    if (simulateOption)
      if (Error err = checkAgainstSimulation(blocked, *arch, result.blocking))
        return fail(toString(std::move(err)));
    json::Value report =
        reportToJSON(blocked, *arch, result.blocking, result.evaluation,
                     {result.candidates, result.seconds, result.optimal});
    if (x86CodegenOption) {
      json::Object &obj = *report.getAsObject();
      obj["constraints"] = constraintsToJSON(options.constraints);
      if (blocked.bounds != layer.bounds)
        obj["unpadded_bounds"] = loopVectorToJSON(layer.bounds);
    }
    reports.push_back(std::move(report));
  }
  print(layerOption.empty() ? json::Value(std::move(reports))
                            : std::move(reports[0]));
  return 0;
}
