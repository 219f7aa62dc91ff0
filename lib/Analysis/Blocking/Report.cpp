//===- Report.cpp - The contract's JSON report ----------------------------===//

#include "eie/Analysis/Blocking/Report.h"

using namespace llvm;

namespace eie::blocking {

static json::Object tensorObject(const TensorCounts &counts) {
  return json::Object{{"I", counts[I]}, {"W", counts[W]}, {"O", counts[O]}};
}

json::Object loopVectorToJSON(const LoopVector &values) {
  json::Object obj;
  for (unsigned l = 0; l < kNumLoops; ++l)
    obj[loopName(Loop(l))] = values[l];
  return obj;
}

json::Value reportToJSON(const Layer &layer, const Architecture &arch,
                         const Blocking &blocking, const Evaluation &eval,
                         const SearchSummary &search) {
  json::Array levels;
  for (unsigned i = 0; i < arch.numLevels(); ++i) {
    json::Array order;
    for (Loop l : blocking.orders[i])
      order.push_back(loopName(l));
    const LevelCost &cost = eval.levels[i];
    json::Object level{{"name", arch.levels[i].name},
                       {"factors", loopVectorToJSON(blocking.factors[i])},
                       {"order", std::move(order)},
                       {"footprint_words", tensorObject(cost.footprintWords)},
                       {"accesses", tensorObject(cost.accesses)},
                       {"energy_pj", cost.energyPJ}};
    if (!blocking.spatial.empty())
      level["spatial"] = loopVectorToJSON(blocking.spatial[i]);
    levels.push_back(std::move(level));
  }
  json::Object report{
      {"layer", layer.name},
      {"bounds", loopVectorToJSON(layer.bounds)},
      {"stride", json::Array{layer.strideY, layer.strideX}},
      {"arch", arch.name},
      {"energy_pj", eval.energyPJ},
      {"imperfect", isImperfect(layer, blocking)},
      {"macs", eval.macs},
      {"levels", std::move(levels)},
      {"search", json::Object{{"candidates", int64_t(search.candidates)},
                              {"seconds", search.seconds},
                              {"optimal", search.optimal}}},
  };
  if (!blocking.spatial.empty())
    report["pes"] = blocking.copies(0);
  return report;
}

} // namespace eie::blocking
