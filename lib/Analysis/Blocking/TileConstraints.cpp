//===- TileConstraints.cpp - What a code generator needs of a blocking ----===//

#include "eie/Analysis/Blocking/TileConstraints.h"

#include "llvm/Support/FormatVariadic.h"

#include <algorithm>

using namespace llvm;

namespace eie::blocking {

Error validateConstraints(const TileConstraints &constraints) {
  if (constraints.vectorLanes < 1)
    return createStringError(
        formatv("tile constraints: vector lanes must be >= 1, got {0}",
                constraints.vectorLanes));
  if (constraints.maxAccumulators < 0)
    return createStringError(
        formatv("tile constraints: maximum accumulators must be >= 0 (0: no "
                "limit), got {0}",
                constraints.maxAccumulators));
  for (unsigned l = 0; l < kNumLoops; ++l)
    if (constraints.alignment[l] < 1)
      return createStringError(
          formatv("tile constraints: alignment of loop {0} must be >= 1, got "
                  "{1}",
                  loopName(Loop(l)), constraints.alignment[l]));
  return Error::success();
}

Layer paddedLayer(const Layer &layer, const TileConstraints &constraints) {
  Layer padded = layer;
  int64_t lanes = std::max<int64_t>(1, constraints.vectorLanes);
  padded.bounds[K] = (layer.bounds[K] + lanes - 1) / lanes * lanes;
  return padded;
}

int64_t registerAccumulators(const LoopVector &tile0, int64_t vectorLanes) {
  return tile0[N] * tile0[Y] * tile0[X] *
         ((tile0[K] + vectorLanes - 1) / vectorLanes);
}

static bool isReduction(Loop l) { return l == C || l == R || l == S; }

Error checkConstraints(const Layer &layer, const Architecture &arch,
                       const Blocking &blocking,
                       const TileConstraints &constraints) {
  if (Error err = validateConstraints(constraints))
    return err;
  Layer padded = paddedLayer(layer, constraints);
  auto levelName = [&](unsigned i) { return arch.levels[i].name; };
  for (unsigned l = 0; l < kNumLoops; ++l)
    if (constraints.unitAtLevel0[l] && blocking.factors[0][l] != 1)
      return createStringError(
          formatv("level 0 ('{0}'): factor of loop {1} must be 1 (the "
                  "register tile takes one at a time), got {2}",
                  levelName(0), loopName(Loop(l)), blocking.factors[0][l]));
  if (blocking.factors[0][K] % constraints.vectorLanes != 0)
    return createStringError(
        formatv("level 0 ('{0}'): factor {1} of loop K is not a multiple of "
                "the {2} vector lanes",
                levelName(0), blocking.factors[0][K], constraints.vectorLanes));
  LoopVector tile0 = blocking.clippedTile(padded, 0);
  int64_t accumulators = registerAccumulators(tile0, constraints.vectorLanes);
  if (constraints.maxAccumulators && accumulators > constraints.maxAccumulators)
    return createStringError(formatv(
        "level 0 ('{0}'): the register tile N {1} x Y {2} x X {3} x K {4} "
        "needs {5} accumulators of {6} lanes, more than the {7} allowed",
        levelName(0), tile0[N], tile0[Y], tile0[X], tile0[K], accumulators,
        constraints.vectorLanes, constraints.maxAccumulators));
  for (unsigned i = 0; i < blocking.numLevels(); ++i) {
    LoopVector tile = blocking.clippedTile(padded, i);
    for (unsigned l = 0; l < kNumLoops; ++l) {
      int64_t t = tile[l], a = constraints.alignment[l];
      if (a % t != 0 && t % a != 0 && t != padded.bounds[l])
        return createStringError(formatv(
            "level {0} ('{1}'): tile {2} of loop {3} neither divides "
            "nor is a multiple of its alignment {4}, nor is the "
            "whole bound {5}",
            i, levelName(i), t, loopName(Loop(l)), a, padded.bounds[l]));
    }
  }
  if (constraints.reductionsInnermostAtLevel1 && blocking.numLevels() > 1) {
    std::optional<Loop> reduction;
    for (Loop l : blocking.orders[1]) {
      if (blocking.factors[1][l] == 1)
        continue;
      if (isReduction(l))
        reduction = reduction.value_or(l);
      else if (reduction)
        return createStringError(
            formatv("level 1 ('{0}'): loop {1} iterates inside the reduction "
                    "loop {2}; the constraints need C, R and S innermost",
                    levelName(1), loopName(l), loopName(*reduction)));
    }
  }
  return Error::success();
}

int64_t x86InputChannelBlock(int64_t channelsPerGroup, int64_t lanes) {
  return channelsPerGroup % lanes == 0 ? lanes : channelsPerGroup;
}

Expected<TileConstraints> x86Constraints(const Layer &layer,
                                         const Architecture &arch,
                                         int64_t inputChannelBlock,
                                         int64_t groups) {
  if (!arch.vector)
    return createStringError(
        formatv("architecture '{0}' has no \"vector\" description; the x86 "
                "tile constraints need its lanes and registers",
                arch.name));
  if (inputChannelBlock < 1)
    return createStringError(
        formatv("x86 tile constraints: the input channel block must be >= 1, "
                "got {0}",
                inputChannelBlock));
  int64_t outputs = layer.bounds[K], lanes = arch.vector->lanes;
  if (groups < 1 || outputs % groups != 0)
    return createStringError(
        formatv("layer '{0}': its K = {1} output channels do not split into "
                "{2} groups",
                layer.name, outputs, groups));
  int64_t perGroup = outputs / groups;
  if (groups > 1 && perGroup % lanes != 0)
    return createStringError(formatv(
        "layer '{0}': a group's {1} output channels (K = {2} in {3} groups) "
        "are not a whole number of {4}-lane vectors",
        layer.name, perGroup, outputs, groups, lanes));
  TileConstraints constraints;
  constraints.unitAtLevel0[C] = constraints.unitAtLevel0[R] =
      constraints.unitAtLevel0[S] = true;
  constraints.vectorLanes = lanes;
  constraints.maxAccumulators =
      std::max<int64_t>(1, arch.vector->registers - kX86ReservedRegisters);
  constraints.alignment[C] = std::min(inputChannelBlock, layer.bounds[C]);
  constraints.alignment[K] = groups > 1 ? perGroup : 1;
  constraints.reductionsInnermostAtLevel1 = true;
  return constraints;
}

json::Value constraintsToJSON(const TileConstraints &constraints) {
  json::Array unit;
  json::Object alignment;
  for (unsigned l = 0; l < kNumLoops; ++l) {
    if (constraints.unitAtLevel0[l])
      unit.push_back(loopName(Loop(l)));
    alignment[loopName(Loop(l))] = constraints.alignment[l];
  }
  return json::Object{
      {"unit_at_level0", std::move(unit)},
      {"vector_lanes", constraints.vectorLanes},
      {"max_accumulators", constraints.maxAccumulators},
      {"alignment", std::move(alignment)},
      {"reductions_innermost_at_level1",
       constraints.reductionsInnermostAtLevel1},
  };
}

} // namespace eie::blocking
