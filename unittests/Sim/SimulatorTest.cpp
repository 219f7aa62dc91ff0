//===- SimulatorTest.cpp - Timing by hand and bit-exact outputs -----------===//

#include "eie/Sim/Simulator.h"
#include "eie/ISA/ProgramBuilder.h"
#include "eie/Sim/SyntheticLayer.h"

#include "gtest/gtest.h"

using namespace eie;
using namespace eie::isa;
using namespace eie::sim;
using namespace eie::machine;

namespace {

format::Codebook codebook() {
  std::vector<float> values;
  for (int i = 0; i < 16; ++i)
    values.push_back(i / 16.0f);
  auto cb = format::Codebook::create(4, values);
  EXPECT_TRUE(bool(cb));
  return *cb;
}

/// Encodes a row-major code matrix for 2 PEs.
format::CompressedMatrix encode2(std::vector<uint8_t> codes, uint32_t rows,
                                 uint32_t cols) {
  auto m = format::encode(codes, rows, cols, 2, codebook());
  EXPECT_TRUE(bool(m)) << llvm::toString(m.takeError());
  return std::move(*m);
}

LayerSpec layer(const format::CompressedMatrix &w) {
  LayerSpec l;
  l.name = "l";
  l.weights = &w;
  l.formats = {0, w.codebook.fracBits, 0};
  return l;
}

MachineConfig machine(unsigned pes, unsigned regFile, unsigned depth) {
  MachineConfig c;
  c.params = {pes, regFile, 4096, 1024};
  c.queueDepth = depth;
  return c;
}

SimResult run(const LayerSpec &l, const MachineConfig &m,
              std::vector<int16_t> input) {
  auto program = buildProgram(l, m.params);
  EXPECT_TRUE(bool(program)) << llvm::toString(program.takeError());
  auto result = simulate(*program, m, input);
  EXPECT_TRUE(bool(result)) << llvm::toString(result.takeError());
  return std::move(*result);
}

// 2 PEs (PE 0: rows 0,2,4,6; PE 1: rows 1,3,5,7), 3 non-zero activations.
// Entries per column (PE 0, PE 1): (4, 1), (1, 1), (1, 4).
TEST(SimulatorTiming, QueueDepthDecidesTheStalls) {
  std::vector<uint8_t> codes(8 * 3, 0);
  auto set = [&](int r, int c) { codes[r * 3 + c] = 1; };
  for (int r : {0, 2, 4, 6, 1})
    set(r, 0);
  for (int r : {0, 1})
    set(r, 1);
  for (int r : {2, 1, 3, 5, 7})
    set(r, 2);
  format::CompressedMatrix w = encode2(codes, 8, 3);

  // Depth 1. B = broadcast cycle, S = start, F = first free cycle.
  //  k0: B=0; PE0 S=1 F=5; PE1 S=1 F=2.
  //  k1: B=max(1, S_k0=1)=1; PE0 S=5 F=6; PE1 S=2 F=3.
  //  k2: PE0 pops k1 only in cycle 5: B=5 (3 stalls); PE0 S=6 F=7;
  //      PE1 S=6 F=10. End: 10 + 3 pipeline cycles = 13.
  SimResult r1 = run(layer(w), machine(2, 4, 1), {1, 1, 1});
  const Counters &c1 = r1.report.total.counters;
  EXPECT_EQ(c1.cycles, 13u);
  EXPECT_EQ(c1.queueFullStalls, 3u);
  EXPECT_EQ(c1.broadcasts, 3u);
  EXPECT_EQ(c1.entries, 12u);
  EXPECT_EQ(c1.macs, 12u);
  EXPECT_DOUBLE_EQ(c1.theoreticalCycles, 6.0);
  EXPECT_EQ(c1.busy, (std::vector<uint64_t>{6, 6}));
  EXPECT_EQ(c1.stall, (std::vector<uint64_t>{0, 0}));
  EXPECT_EQ(c1.idle, (std::vector<uint64_t>{7, 7}));

  // Depth 2: k2 needs only k0 popped (cycle 1): B=2; PE0 S=6 F=7; PE1 S=3
  // F=7. End 7 + 3 = 10, no stalls.
  SimResult r2 = run(layer(w), machine(2, 4, 2), {1, 1, 1});
  EXPECT_EQ(r2.report.total.counters.cycles, 10u);
  EXPECT_EQ(r2.report.total.counters.queueFullStalls, 0u);
  EXPECT_DOUBLE_EQ(r2.report.total.loadBalanceEfficiency(r2.report.machine),
                   12.0 / (2 * 10));
}

// 40 rows (20 per PE). Column 0: PE 0 has local row 17 only (a padding entry
// covering rows 0-15, then z=1), PE 1 nothing. Column 1 has a zero
// activation. Column 2: PE 1 local row 0 only.
TEST(SimulatorTiming, EmptyColumnsPaddingAndBias) {
  std::vector<uint8_t> codes(40 * 3, 0);
  codes[(17 * 2) * 3 + 0] = 5; // row 34 = PE 0, local row 17
  codes[1 * 3 + 1] = 2;        // never multiplied: activation 0
  codes[1 * 3 + 2] = 3;        // row 1 = PE 1, local row 0
  format::CompressedMatrix w = encode2(codes, 40, 3);

  //  k0 (col 0): B=0; PE0 S=1 F=3 (2 entries); PE1 S=1 F=2 (empty: 1).
  //  k1 (col 2): B=1; PE0 S=3 F=4 (empty); PE1 S=2 F=3. End 4 + 3 = 7.
  SimResult r = run(layer(w), machine(2, 32, 1), {7, 0, 9});
  const Counters &c = r.report.total.counters;
  EXPECT_EQ(c.cycles, 7u);
  EXPECT_EQ(c.broadcasts, 2u);
  EXPECT_EQ(c.entries, 3u);
  EXPECT_EQ(c.paddingEntries, 1u);
  EXPECT_EQ(c.macs, 2u);
  EXPECT_EQ(c.pointerReads, 4u);
  EXPECT_EQ(c.busy, (std::vector<uint64_t>{2, 1}));
  EXPECT_EQ(c.stall, (std::vector<uint64_t>{1, 1}));
  EXPECT_EQ(c.idle, (std::vector<uint64_t>{4, 5}));
  EXPECT_EQ(c.sramReads, (std::vector<uint64_t>{1, 1}));
  // Codebook Q15: value(code) = code / 16, outputs Q0 round half up.
  // Row 34: 5/16 * 7 = 2.19 -> 2; row 1: 3/16 * 9 = 1.69 -> 2.
  EXPECT_EQ(r.output[34], 2);
  EXPECT_EQ(r.output[1], 2);

  // With a bias, the bias column goes first. Its entries are the non-zero
  // biases: PE 0 local rows 0 and 18 (rows 0 and 36; the gap of 17 zeros
  // needs a padding entry): 3 entries; PE 1 local row 0 (row 1): 1 entry.
  //  bias: B=0; PE0 S=1 F=4; PE1 S=1 F=2.
  //  k1 (col 0): B=max(1, 1)=1; PE0 S=4 F=6; PE1 S=2 F=3 (empty).
  //  k2 (col 2): B=max(2, 4)=4 (2 stalls); PE0 S=6 F=7 (empty); PE1 S=5 F=6.
  //  End 7 + 3 = 10.
  LayerSpec l = layer(w);
  l.bias.assign(40, 0);
  l.bias[0] = 7;
  l.bias[36] = 2;
  l.bias[1] = -5;
  SimResult rb = run(l, machine(2, 32, 1), {7, 0, 9});
  const Counters &cb = rb.report.total.counters;
  EXPECT_EQ(cb.cycles, 10u);
  EXPECT_EQ(cb.queueFullStalls, 2u);
  EXPECT_EQ(cb.biasEntries, 4u);
  EXPECT_EQ(cb.paddingEntries, 2u);
  EXPECT_EQ(cb.macs, 2u);
  EXPECT_DOUBLE_EQ(cb.theoreticalCycles, (4 + 3) / 2.0);
  EXPECT_EQ(rb.output[0], 7);
  EXPECT_EQ(rb.output[36], 2);
  EXPECT_EQ(rb.output[34], 2);
  EXPECT_EQ(rb.output[1], -3); // 1.69 - 5 = -3.31 -> -3
}

TEST(SimulatorTiming, SramReadsFollowTheWidth) {
  // One column, PE 0 holds 10 entries at addresses 0..9: two 64-bit reads,
  // three 32-bit reads, one 128-bit read.
  std::vector<uint8_t> codes(20, 0);
  for (int r = 0; r < 20; r += 2)
    codes[r] = 1;
  format::CompressedMatrix w = encode2(codes, 20, 1);
  for (auto [width, reads] : {std::pair{64u, 2u}, {32u, 3u}, {128u, 1u}}) {
    MachineConfig m = machine(2, 16, 8);
    m.sramWidthBits = width;
    SimResult r = run(layer(w), m, {1});
    EXPECT_EQ(r.report.total.counters.sramReads[0], reads) << width;
    EXPECT_EQ(r.report.total.counters.cycles, 10u + 1 + 3);
  }
}

/// The layer computed the straightforward way: dense decoded weights, exact
/// integer sums, round half up, ReLU, saturation.
std::vector<int16_t> reference(const LayerSpec &l,
                               const std::vector<int16_t> &x) {
  const format::CompressedMatrix &w = *l.weights;
  std::vector<uint8_t> codes = format::decodeCodes(w);
  int shift = l.formats.actFrac + l.formats.weightFrac - l.formats.outFrac;
  std::vector<int16_t> y(w.numRows);
  for (uint32_t i = 0; i < w.numRows; ++i) {
    int64_t acc =
        l.bias.empty() ? 0 : int64_t(l.bias[i]) * (int64_t(1) << shift);
    for (uint32_t j = 0; j < w.numCols; ++j)
      acc += int64_t(w.codebook.fixedValues[codes[size_t(i) * w.numCols + j]]) *
             x[j];
    if (shift > 0)
      acc = (acc + (int64_t(1) << (shift - 1))) >> shift;
    if (l.relu && acc < 0)
      acc = 0;
    y[i] = int16_t(std::clamp<int64_t>(acc, -32768, 32767));
  }
  return y;
}

struct Network {
  std::vector<format::CompressedMatrix> weights;
  std::vector<LayerSpec> layers;
};

/// Layers of the given sizes with signed synthetic weights and biases.
Network network(std::vector<uint32_t> sizes, double density, uint64_t seed) {
  Network n;
  for (size_t i = 0; i + 1 < sizes.size(); ++i) {
    auto m = makeSyntheticMatrix(sizes[i + 1], sizes[i], density, 3, seed + i);
    EXPECT_TRUE(bool(m));
    n.weights.push_back(std::move(*m));
  }
  for (size_t i = 0; i < n.weights.size(); ++i) {
    LayerSpec l;
    l.name = "fc" + std::to_string(i);
    l.weights = &n.weights[i];
    l.formats = {10, n.weights[i].codebook.fracBits, 10};
    l.relu = i + 1 < n.weights.size();
    std::vector<int16_t> b =
        makeSyntheticActivations(sizes[i + 1], 0.5, 3000, seed * 7 + i);
    for (size_t k = 0; k < b.size(); ++k)
      l.bias.push_back(k % 2 ? b[k] : -b[k]);
    n.layers.push_back(l);
  }
  return n;
}

/// Whether all weights are loaded before the first pass (and stay resident).
bool weightsResident(const Program &p) {
  size_t loads = 0, runs = 0;
  for (const Instruction &i : p.instructions) {
    runs += i.opcode == Opcode::Run;
    if (i.opcode == Opcode::LoadSpmat && runs)
      return false;
    loads += i.opcode == Opcode::LoadSpmat;
  }
  return loads == runs;
}

void expectBitExact(const Network &n, const MachineConfig &m,
                    const std::vector<int16_t> &x, bool resident) {
  auto program = buildProgram(n.layers, m.params);
  ASSERT_TRUE(bool(program)) << llvm::toString(program.takeError());
  EXPECT_EQ(weightsResident(*program), resident);
  auto result = simulate(*program, m, x);
  ASSERT_TRUE(bool(result)) << llvm::toString(result.takeError());
  std::vector<int16_t> y = x;
  for (const LayerSpec &l : n.layers)
    y = reference(l, y);
  EXPECT_EQ(result->output, y);
  const Counters &c = result->report.total.counters;
  for (unsigned p = 0; p < m.params.numPEs; ++p)
    EXPECT_EQ(c.busy[p] + c.stall[p] + c.idle[p], c.cycles);
}

TEST(SimulatorNumerics, BitExactOnChip) {
  Network n = network({50, 40, 30, 10}, 0.3, 11);
  expectBitExact(n, machine(4, 16, 4),
                 makeSyntheticActivations(50, 0.4, 1500, 5), true);
}

TEST(SimulatorNumerics, BitExactAcrossPassesAndHostRoundTrips) {
  // 4 PEs x 4 entries = 16 activations per file: every layer is split into
  // row chunks and column batches, and outputs go through host memory.
  Network n = network({70, 45, 33}, 0.25, 3);
  expectBitExact(n, machine(4, 4, 2),
                 makeSyntheticActivations(70, 0.5, 2000, 9), true);
  // Tiny SRAMs: passes stream their images in.
  MachineConfig small = machine(4, 4, 2);
  small.params.spmatBytes = 24;
  small.params.ptrEntries = 8;
  expectBitExact(n, small, makeSyntheticActivations(70, 0.5, 2000, 9), false);
}

TEST(SimulatorNumerics, BitExactOnAlexNetFCLayers) {
  // Real sizes on the contract's machine: 9216 -> 4096 -> 4096 -> 1000 at
  // the published weight densities; FC6 runs in three column batches, FC7
  // and FC8 on chip after swaps, all weights resident in the SRAMs.
  Network n = network({9216, 4096, 4096, 1000}, 0.09, 42);
  n.weights[2] = std::move(*makeSyntheticMatrix(1000, 4096, 0.25, 3, 44));
  expectBitExact(n, MachineConfig(),
                 makeSyntheticActivations(9216, 0.35, 1500, 6), true);
}

TEST(SimulatorNumerics, SaturationAndNegativeInputs) {
  Network n = network({32, 24}, 0.8, 21);
  std::vector<int16_t> x = makeSyntheticActivations(32, 0.9, 32000, 4);
  for (size_t i = 0; i < x.size(); i += 3)
    x[i] = -x[i];
  expectBitExact(n, machine(2, 16, 8), x, true);
}

TEST(SimulatorNumerics, RejectsWrongInputAndMachine) {
  Network n = network({8, 6}, 0.5, 1);
  auto program = buildProgram(n.layers, machine(2, 4, 1).params);
  ASSERT_TRUE(bool(program));
  auto bad = simulate(*program, machine(2, 4, 1), std::vector<int16_t>(7));
  ASSERT_FALSE(bool(bad));
  EXPECT_EQ(llvm::toString(bad.takeError()),
            "the input has 7 elements, the program reads 8");
  auto other = simulate(*program, machine(4, 4, 1), std::vector<int16_t>(8));
  ASSERT_FALSE(bool(other));
  EXPECT_EQ(llvm::toString(other.takeError()),
            "the program was compiled for 2 PEs, the machine has 4 (needs the "
            "same)");
}

TEST(SimulatorEnergy, DefaultsReproduceThePublishedPEPower) {
  // The calibration workload: every PE streams 6 entries of every column
  // (24 rows on 4 PEs, dense), every activation non-zero.
  auto m = makeSyntheticMatrix(24, 4096, 1.0, 4, 1);
  ASSERT_TRUE(bool(m));
  LayerSpec l = layer(*m);
  MachineConfig c = machine(4, 1024, 8);
  c.params.spmatBytes = 128 * 1024;
  SimResult r = run(l, c, std::vector<int16_t>(4096, 1));
  const LayerReport &t = r.report.total;
  double milliwattsPerPE = t.energy(c).total() / t.timeMicros(c) / 1000 / 4;
  EXPECT_NEAR(milliwattsPerPE, 9.157, 0.05);
  EXPECT_NEAR(t.loadBalanceEfficiency(c), 1.0, 1e-3);
}

} // namespace
