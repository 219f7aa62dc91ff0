//===- ReportTest.cpp - The contract's JSON report -----------------------===//

#include "eie/Analysis/Blocking/Report.h"
#include "eie/Analysis/Blocking/Optimizer.h"

#include "RandomCases.h"

#include "gtest/gtest.h"

using namespace eie::blocking;
using namespace eie::blocking::testing;
using llvm::json::Value;

namespace {
/// A two-level architecture named "tiny": RF of `rfWords`, DRAM.
Architecture tinyArchitecture(int64_t rfWords) {
  Architecture arch;
  arch.name = "tiny";
  arch.levels = {{"RF", rfWords, 1.0}, {"DRAM", std::nullopt, 100.0}};
  return arch;
}
/// The report of `b` for the layer of `bounds` on tinyArchitecture(8).
Value reportOf(const LoopVector &bounds, const Blocking &b) {
  Layer layer;
  layer.name = "fc";
  layer.bounds = bounds;
  Architecture arch = tinyArchitecture(8);
  EXPECT_FALSE(bool(validateBlocking(layer, arch, b)));
  return reportToJSON(layer, arch, b, evaluate(layer, arch, b), {1, 0, false});
}
} // namespace

namespace {

TEST(BlockingReport, HasTheContractShape) {
  Layer layer;
  layer.name = "conv";
  layer.bounds = {1, 8, 4, 6, 6, 3, 3};
  Architecture arch = tinyArchitecture(64);
  arch.macEnergyPJ = 0.5;
  llvm::Expected<SearchResult> r = optimize(layer, arch);
  ASSERT_TRUE(bool(r)) << llvm::toString(r.takeError());
  Value report = reportToJSON(layer, arch, r->blocking, r->evaluation,
                              {r->candidates, 0.25, r->optimal});
  const llvm::json::Object &obj = *report.getAsObject();
  EXPECT_EQ(obj.getString("layer"), "conv");
  EXPECT_EQ(obj.getString("arch"), "tiny");
  EXPECT_EQ(obj.getObject("bounds")->getInteger("R"), 3);
  EXPECT_EQ(*obj.get("stride"), (Value(llvm::json::Array{1, 1})));
  EXPECT_EQ(obj.getInteger("macs"), layer.macs());
  EXPECT_DOUBLE_EQ(*obj.getNumber("energy_pj"), r->evaluation.energyPJ);
  const llvm::json::Array &levels = *obj.getArray("levels");
  ASSERT_EQ(levels.size(), 2u);
  double levelEnergy = 0;
  for (size_t i = 0; i < levels.size(); ++i) {
    const llvm::json::Object &level = *levels[i].getAsObject();
    EXPECT_EQ(level.getString("name"), arch.levels[i].name);
    EXPECT_EQ(level.getObject("factors")->size(), 7u);
    EXPECT_EQ(level.getArray("order")->size(), 7u);
    EXPECT_EQ(level.getObject("footprint_words")->getInteger("W"),
              r->evaluation.levels[i].footprintWords[W]);
    EXPECT_EQ(level.getObject("accesses")->getInteger("O"),
              r->evaluation.levels[i].accesses[O]);
    levelEnergy += *level.getNumber("energy_pj");
  }
  EXPECT_DOUBLE_EQ(levelEnergy + 0.5 * double(layer.macs()),
                   r->evaluation.energyPJ);
  const llvm::json::Object &search = *obj.getObject("search");
  EXPECT_EQ(search.getInteger("candidates"), int64_t(r->candidates));
  EXPECT_EQ(search.getNumber("seconds"), 0.25);
  EXPECT_EQ(search.getBoolean("optimal"), true);
  EXPECT_EQ(obj.getBoolean("imperfect"), false);
}

TEST(BlockingReport, SaysWhenTheBlockingIsImperfect) {
  Value report = reportOf({1, 5, 1, 1, 1, 1, 1},
                          makeBlocking({LoopVector{1, 2, 1, 1, 1, 1, 1},
                                        LoopVector{1, 3, 1, 1, 1, 1, 1}}));
  const llvm::json::Object &obj = *report.getAsObject();
  EXPECT_EQ(obj.getBoolean("imperfect"), true);
  const llvm::json::Object &dram = *(*obj.getArray("levels"))[1].getAsObject();
  EXPECT_EQ(dram.getObject("factors")->getInteger("K"), 3);
  EXPECT_EQ(dram.getObject("accesses")->getInteger("W"), 5);
  EXPECT_EQ(dram.getObject("spatial"), nullptr);
  EXPECT_EQ(obj.getInteger("pes"), std::nullopt);
}

TEST(BlockingReport, ListsSpatialFactorsAndPEs) {
  Value report = reportOf(
      {1, 8, 2, 1, 1, 1, 1},
      makeBlocking(
          {LoopVector{1, 1, 2, 1, 1, 1, 1}, LoopVector{1, 2, 1, 1, 1, 1, 1}},
          {},
          {LoopVector{1, 1, 1, 1, 1, 1, 1}, LoopVector{1, 4, 1, 1, 1, 1, 1}}));
  const llvm::json::Object &obj = *report.getAsObject();
  EXPECT_EQ(obj.getInteger("pes"), 4);
  const llvm::json::Object &dram = *(*obj.getArray("levels"))[1].getAsObject();
  EXPECT_EQ(dram.getObject("spatial")->getInteger("K"), 4);
  EXPECT_EQ(dram.getObject("factors")->getInteger("K"), 2);
}

} // namespace
