//===- TileConstraintsTest.cpp - Code-generator constraints ---------------===//

#include "RandomCases.h"

#include "eie/Analysis/Blocking/Optimizer.h"
#include "eie/Analysis/Blocking/TileConstraints.h"

#include "gtest/gtest.h"

using namespace eie::blocking;
using namespace eie::blocking::testing;

namespace {

Layer layerNamed(const char *name, const LoopVector &bounds,
                 int64_t stride = 1) {
  Layer layer = layerWithBounds(bounds);
  layer.name = name;
  layer.strideY = layer.strideX = stride;
  return layer;
}

Architecture preset(const char *name) {
  llvm::Expected<Architecture> arch = loadArchitecture(name);
  EXPECT_TRUE(bool(arch)) << llvm::toString(arch.takeError());
  return arch ? *arch : Architecture{};
}

TEST(BlockingTileConstraints, X86ConstraintsOfAlexNetLayers) {
  Architecture avx512 = preset("x86-avx512");
  // conv2: 2 groups of 128 output channels, 48 input channels per group.
  Layer conv2 = layerNamed("conv2", {1, 256, 48, 27, 27, 5, 5});
  llvm::Expected<TileConstraints> c = x86Constraints(conv2, avx512, 16, 2);
  ASSERT_TRUE(bool(c)) << llvm::toString(c.takeError());
  EXPECT_EQ(c->unitAtLevel0,
            (std::array<bool, kNumLoops>{false, false, true, false, false, true,
                                         true}));
  EXPECT_EQ(c->vectorLanes, 16);
  EXPECT_EQ(c->maxAccumulators, 28);
  EXPECT_EQ(c->alignment, (LoopVector{1, 128, 16, 1, 1, 1, 1}));
  EXPECT_TRUE(c->reductionsInnermostAtLevel1);
  EXPECT_EQ(paddedLayer(conv2, *c).bounds, conv2.bounds);

  // conv1: 3 input channels, fewer than a block; AVX2: 8 lanes, 12 registers.
  Layer conv1 = layerNamed("conv1", {1, 96, 3, 55, 55, 11, 11}, 4);
  c = x86Constraints(conv1, preset("x86-avx2"), 16, 1);
  ASSERT_TRUE(bool(c)) << llvm::toString(c.takeError());
  EXPECT_EQ(c->vectorLanes, 8);
  EXPECT_EQ(c->maxAccumulators, 12);
  EXPECT_EQ(c->alignment, (LoopVector{1, 1, 3, 1, 1, 1, 1}));

  // fc8: K = 1000 is padded to 63 vectors of 16.
  Layer fc8 = layerNamed("fc8", {1, 1000, 4096, 1, 1, 1, 1});
  c = x86Constraints(fc8, avx512, 16, 1);
  ASSERT_TRUE(bool(c)) << llvm::toString(c.takeError());
  EXPECT_EQ(paddedLayer(fc8, *c).bounds[K], 1008);
}

TEST(BlockingTileConstraints, X86ConstraintsRejectWhatTheyCannotDescribe) {
  Layer conv = layerNamed("conv", {1, 20, 8, 4, 4, 3, 3});
  auto error = [&](const Architecture &arch, int64_t block, int64_t groups) {
    llvm::Expected<TileConstraints> c =
        x86Constraints(conv, arch, block, groups);
    EXPECT_FALSE(bool(c));
    return c ? "" : llvm::toString(c.takeError());
  };
  Architecture avx512 = preset("x86-avx512");
  EXPECT_EQ(error(preset("asic-3level"), 16, 1),
            "architecture 'asic-3level' has no \"vector\" description; the "
            "x86 tile constraints need its lanes and registers");
  EXPECT_EQ(error(avx512, 0, 1), "x86 tile constraints: the input channel "
                                 "block must be >= 1, got 0");
  EXPECT_EQ(error(avx512, 16, 3),
            "layer 'conv': its K = 20 output channels do not split into 3 "
            "groups");
  EXPECT_EQ(error(avx512, 16, 2),
            "layer 'conv': a group's 10 output channels (K = 20 in 2 groups) "
            "are not a whole number of 16-lane vectors");
}

TEST(BlockingTileConstraints, ChecksEachRule) {
  Layer layer = layerNamed("conv", {1, 8, 4, 4, 4, 3, 3});
  Architecture arch = makeArchitecture({512, 4096});
  TileConstraints c;
  c.unitAtLevel0[C] = true;
  c.vectorLanes = 4;
  c.maxAccumulators = 4;
  c.alignment[C] = 2;
  c.reductionsInnermostAtLevel1 = true;
  // RF: K 8 (2 vectors) x X 2 = 4 accumulators; L1: C 4, R 3, X 2 with the
  // reductions innermost.
  Blocking b = makeBlocking(
      {LoopVector{1, 8, 1, 1, 2, 1, 1}, LoopVector{1, 1, 4, 1, 2, 3, 1},
       LoopVector{1, 1, 1, 4, 1, 1, 3}},
      {defaultOrder(), LoopOrder{N, K, Y, X, R, C, S}, defaultOrder()});
  ASSERT_FALSE(bool(validateBlocking(layer, arch, b)));
  EXPECT_FALSE(bool(checkConstraints(layer, arch, b, c)));
  auto error = [&](const Blocking &broken) {
    return llvm::toString(checkConstraints(layer, arch, broken, c));
  };
  Blocking unit = b;
  unit.factors[0][C] = 2;
  unit.factors[1][C] = 2;
  EXPECT_EQ(error(unit), "level 0 ('L0'): factor of loop C must be 1 (the "
                         "register tile takes one at a time), got 2");
  Blocking lanes = b;
  lanes.factors[0][K] = 2;
  lanes.factors[2][K] = 4;
  EXPECT_EQ(error(lanes), "level 0 ('L0'): factor 2 of loop K is not a "
                          "multiple of the 4 vector lanes");
  Blocking accumulators = b;
  accumulators.factors[0][X] = 4;
  accumulators.factors[1][X] = 1;
  EXPECT_EQ(error(accumulators),
            "level 0 ('L0'): the register tile N 1 x Y 1 x X 4 x K 8 needs 8 "
            "accumulators of 4 lanes, more than the 4 allowed");
  Blocking aligned = b;
  aligned.factors[1][C] = 2;
  aligned.factors[2][C] = 2;
  EXPECT_FALSE(bool(checkConstraints(layer, arch, aligned, c)));
  c.alignment[C] = 3;
  EXPECT_EQ(error(aligned),
            "level 1 ('L1'): tile 2 of loop C neither divides nor is a "
            "multiple of its alignment 3, nor is the whole bound 4");
  c.alignment[C] = 2;
  Blocking order = b;
  order.orders[1] = {N, K, Y, C, X, R, S};
  EXPECT_EQ(error(order),
            "level 1 ('L1'): loop X iterates inside the reduction loop C; "
            "the constraints need C, R and S innermost");
  // Loops that do not iterate at level 1 may sit anywhere.
  order.orders[1] = {C, N, K, Y, X, R, S};
  order.factors[1][C] = 1;
  order.factors[2][C] = 4;
  EXPECT_FALSE(bool(checkConstraints(layer, arch, order, c)));
  c.vectorLanes = 0;
  EXPECT_EQ(error(b), "tile constraints: vector lanes must be >= 1, got 0");
}

// Whatever the layer, the x86 optimum is a register tile of whole vectors
// within the register budget, walked over C, R, S one at a time at level 1.
TEST(BlockingTileConstraints, X86OptimaOnAlexNetLayers) {
  Architecture arch = preset("x86-avx512");
  struct Case {
    Layer layer;
    int64_t groups;
  };
  for (const Case &test :
       {Case{layerNamed("conv1", {1, 96, 3, 55, 55, 11, 11}, 4), 1},
        Case{layerNamed("conv2", {1, 256, 48, 27, 27, 5, 5}), 2},
        Case{layerNamed("conv3", {1, 384, 256, 13, 13, 3, 3}), 1},
        Case{layerNamed("fc8", {1, 1000, 4096, 1, 1, 1, 1}), 1},
        Case{layerNamed("fc8-batch8", {8, 1000, 4096, 1, 1, 1, 1}), 1},
        Case{layerNamed("lenet-fc3", {1, 10, 84, 1, 1, 1, 1}), 1}}) {
    const Layer &layer = test.layer;
    SCOPED_TRACE(layer.name);
    llvm::Expected<TileConstraints> c =
        x86Constraints(layer, arch, 16, test.groups);
    ASSERT_TRUE(bool(c)) << llvm::toString(c.takeError());
    SearchOptions options;
    options.constraints = *c;
    llvm::Expected<SearchResult> result = optimize(layer, arch, options);
    ASSERT_TRUE(bool(result)) << llvm::toString(result.takeError());
    EXPECT_TRUE(result->optimal);
    const Blocking &b = result->blocking;
    EXPECT_FALSE(bool(checkConstraints(layer, arch, b, *c)));
    Layer padded = paddedLayer(layer, *c);
    EXPECT_FALSE(bool(validateBlocking(padded, arch, b)));
    EXPECT_FALSE(bool(validateBlocking(layer, arch, b)));
    EXPECT_EQ(b.tile(arch.numLevels() - 1), padded.bounds);
    EXPECT_EQ(isImperfect(layer, b), layer.bounds[K] % 16 != 0);
    EXPECT_EQ(b.factors[0][K] % 16, 0);
    EXPECT_LE(registerAccumulators(b.tile(0), 16), 28);
    EXPECT_EQ(b.orders[1][4], C);
    EXPECT_EQ(b.orders[1][5], R);
    EXPECT_EQ(b.orders[1][6], S);
    EXPECT_EQ(result->evaluation.macs, padded.macs());
    if (test.groups > 1)
      for (unsigned i = 0; i < arch.numLevels(); ++i) {
        int64_t k = b.tile(i)[K];
        EXPECT_TRUE(128 % k == 0 || k % 128 == 0) << "level " << i;
      }
  }
}

TEST(BlockingTileConstraints, SaysWhenNoBlockingSatisfiesThem) {
  Layer layer = layerNamed("fc", {1, 8, 8, 1, 1, 1, 1});
  SearchOptions options;
  options.constraints.vectorLanes = 8;
  // 8 outputs + 8 weights + 1 input do not fit 16 words.
  llvm::Expected<SearchResult> result =
      optimize(layer, makeArchitecture({16, 100}), options);
  ASSERT_FALSE(bool(result));
  EXPECT_EQ(llvm::toString(result.takeError()),
            "layer 'fc' cannot be blocked for 'test' under the tile "
            "constraints: no tile of level 0 ('L0') both satisfies them and "
            "fits its 16 words");
  // The register tile fits level 0 but not level 1 above it.
  result = optimize(layer, makeArchitecture({32, 16}), options);
  ASSERT_FALSE(bool(result));
  EXPECT_EQ(llvm::toString(result.takeError()),
            "layer 'fc' cannot be blocked for 'test' under the tile "
            "constraints: no chain of tiles they admit fits every level");
  options.constraints.maxAccumulators = -1;
  result = optimize(layer, makeArchitecture({32}), options);
  ASSERT_FALSE(bool(result));
  EXPECT_EQ(llvm::toString(result.takeError()),
            "tile constraints: maximum accumulators must be >= 0 (0: no "
            "limit), got -1");
}

TEST(BlockingTileConstraints, PrintsAsJSON) {
  llvm::Expected<TileConstraints> c = x86Constraints(
      layerNamed("conv", {1, 64, 3, 8, 8, 3, 3}), preset("x86-avx2"), 16, 1);
  ASSERT_TRUE(bool(c)) << llvm::toString(c.takeError());
  std::string text;
  llvm::raw_string_ostream os(text);
  os << constraintsToJSON(*c);
  EXPECT_EQ(text, R"({"alignment":{"C":3,"K":1,"N":1,"R":1,"S":1,"X":1,)"
                  R"("Y":1},"max_accumulators":12,)"
                  R"("reductions_innermost_at_level1":true,)"
                  R"("unit_at_level0":["C","R","S"],"vector_lanes":8})");
}

} // namespace
