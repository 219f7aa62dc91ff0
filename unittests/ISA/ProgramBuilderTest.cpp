//===- ProgramBuilderTest.cpp - Layers to passes and instructions ---------===//

#include "eie/ISA/ProgramBuilder.h"
#include "eie/ISA/BinaryFormat.h"
#include "eie/ISA/MachineState.h"
#include "eie/Sim/SyntheticLayer.h"

#include "gtest/gtest.h"

using namespace eie;
using namespace eie::isa;

namespace {

format::CompressedMatrix matrix(uint32_t rows, uint32_t cols, double density,
                                uint64_t seed = 1) {
  auto m = sim::makeSyntheticMatrix(rows, cols, density, 4, seed);
  EXPECT_TRUE(bool(m)) << llvm::toString(m.takeError());
  return std::move(*m);
}

LayerSpec layer(const std::string &name, const format::CompressedMatrix &w,
                bool relu = true) {
  LayerSpec l;
  l.name = name;
  l.weights = &w;
  l.formats = {8, w.codebook.fracBits, 8};
  l.relu = relu;
  return l;
}

size_t count(const Program &p, Opcode op) {
  return llvm::count_if(p.instructions,
                        [&](const Instruction &i) { return i.opcode == op; });
}

std::string buildError(llvm::ArrayRef<LayerSpec> layers,
                       const MachineParams &m) {
  auto p = buildProgram(layers, m);
  return p ? "(no error)" : llvm::toString(p.takeError());
}

TEST(ProgramBuilder, OneLayerOnePass) {
  format::CompressedMatrix w = matrix(8, 8, 0.5);
  auto p = buildProgram({layer("fc", w)}, {2, 4, 1024, 64});
  ASSERT_TRUE(bool(p)) << llvm::toString(p.takeError());
  std::vector<Opcode> ops;
  for (const Instruction &i : p->instructions)
    ops.push_back(i.opcode);
  EXPECT_EQ(ops, (std::vector<Opcode>{Opcode::LoadSpmat, Opcode::LoadPtr,
                                      Opcode::LoadCodebook, Opcode::LoadAct,
                                      Opcode::Run, Opcode::Sync,
                                      Opcode::StoreAct, Opcode::Halt}));
  const Instruction &run = p->instructions[4];
  EXPECT_EQ(run.flags, RunClear | RunWriteBack | RunRelu);
  EXPECT_EQ(run.ops[RunNumCols], 8u);
  EXPECT_EQ(run.ops[RunNumRows], 8u);
  EXPECT_EQ(run.ops[RunFormats], packFormats(8, 14, 8));
  // The container accepts what the builder made.
  auto bytes = writeProgram(*p);
  ASSERT_TRUE(bool(bytes)) << llvm::toString(bytes.takeError());
}

TEST(ProgramBuilder, LayerLargerThanTheRegisterFiles) {
  // 4 PEs x 2 entries: 8 activations per file. 20 x 20 gives row chunks and
  // column batches of 8, 8 and 4: nine passes.
  format::CompressedMatrix w = matrix(20, 20, 0.3);
  LayerSpec l = layer("big", w);
  l.bias.assign(20, 3);
  auto p = buildProgram({l}, {4, 2, 4096, 256});
  ASSERT_TRUE(bool(p)) << llvm::toString(p.takeError());
  EXPECT_EQ(count(*p, Opcode::Run), 9u);
  EXPECT_EQ(count(*p, Opcode::LoadAct), 9u);
  EXPECT_EQ(count(*p, Opcode::StoreAct), 3u);
  EXPECT_EQ(count(*p, Opcode::LoadBias), 3u);
  std::vector<uint8_t> flags;
  std::vector<uint32_t> rows;
  for (const Instruction &i : p->instructions)
    if (i.opcode == Opcode::Run) {
      flags.push_back(i.flags);
      rows.push_back(i.ops[RunNumRows]);
    }
  uint8_t first = RunClear | RunBias, last = RunWriteBack | RunRelu;
  EXPECT_EQ(flags, (std::vector<uint8_t>{first, 0, last, first, 0, last, first,
                                         0, last}));
  EXPECT_EQ(rows, (std::vector<uint32_t>{8, 8, 8, 8, 8, 8, 4, 4, 4}));
}

TEST(ProgramBuilder, PassesSplitToFitTheSram) {
  // 16-byte SRAMs: a pass holds at most 16 entries per PE, so batches are
  // cut into many passes and, as the weights cannot stay resident, every
  // pass loads its images at address 0.
  format::CompressedMatrix w = matrix(64, 64, 0.2);
  auto p = buildProgram({layer("split", w)}, {2, 32, 16, 64});
  ASSERT_TRUE(bool(p)) << llvm::toString(p.takeError());
  size_t runs = count(*p, Opcode::Run);
  EXPECT_GT(runs, 10u);
  EXPECT_EQ(count(*p, Opcode::LoadSpmat), runs);
  uint32_t columns = 0;
  for (size_t i = 0; i < p->instructions.size(); ++i) {
    const Instruction &inst = p->instructions[i];
    if (inst.opcode != Opcode::Run)
      continue;
    EXPECT_EQ(p->instructions[i - 2].opcode, Opcode::LoadSpmat);
    EXPECT_EQ(inst.ops[RunColBase], columns);
    columns += inst.ops[RunNumCols];
  }
  EXPECT_EQ(columns, 64u);
  EXPECT_FALSE(bool(verifyProgram(*p)));
}

TEST(ProgramBuilder, ColumnThatFitsNoPass) {
  format::CompressedMatrix w = matrix(16, 4, 1.0);
  EXPECT_EQ(buildError({layer("dense", w)}, {2, 8, 4, 64}),
            "layer 'dense': column 0 needs 8 entries in PE 0, a pass holds at "
            "most 4");
}

TEST(ProgramBuilder, ActivationsStayOnChip) {
  format::CompressedMatrix a = matrix(12, 16, 0.4, 1),
                           b = matrix(10, 12, 0.4, 2),
                           c = matrix(6, 10, 0.4, 3);
  auto p = buildProgram({layer("a", a), layer("b", b), layer("c", c, false)},
                        {2, 8, 1024, 256});
  ASSERT_TRUE(bool(p)) << llvm::toString(p.takeError());
  EXPECT_EQ(count(*p, Opcode::Swap), 2u);
  EXPECT_EQ(count(*p, Opcode::LoadAct), 1u);
  EXPECT_EQ(count(*p, Opcode::StoreAct), 1u);
  EXPECT_EQ(p->hostVectors.size(), 2u);
  EXPECT_EQ(p->layerNames, (std::vector<std::string>{"a", "b", "c"}));
}

TEST(ProgramBuilder, ActivationsThroughTheHost) {
  // The first layer's 40 outputs exceed a 16-activation file.
  format::CompressedMatrix a = matrix(40, 16, 0.4, 1),
                           b = matrix(6, 40, 0.4, 2);
  auto p = buildProgram({layer("a", a), layer("b", b)}, {2, 8, 4096, 1024});
  ASSERT_TRUE(bool(p)) << llvm::toString(p.takeError());
  ASSERT_EQ(p->hostVectors.size(), 3u);
  EXPECT_EQ(p->hostVectors[2].role, HostVectorRole::Scratch);
  EXPECT_EQ(p->hostVectors[2].length, 40u);
  EXPECT_EQ(count(*p, Opcode::Swap), 0u);
  EXPECT_EQ(count(*p, Opcode::StoreAct), 3u + 1u);
}

TEST(ProgramBuilder, BadLayers) {
  format::CompressedMatrix a = matrix(12, 16, 0.4), b = matrix(10, 11, 0.4);
  MachineParams m{2, 8, 1024, 256};
  EXPECT_EQ(buildError({}, m), "no layers to compile");
  EXPECT_EQ(buildError({layer("a", a), layer("b", b)}, m),
            "layer 'b': 11 inputs, but layer 'a' has 12 outputs");
  LayerSpec la = layer("a", a);
  LayerSpec lb = layer("b", a);
  lb.formats.actFrac = 9;
  format::CompressedMatrix a2 = matrix(10, 12, 0.4);
  lb.weights = &a2;
  EXPECT_EQ(buildError({la, lb}, m),
            "layer 'b': input format Q9, but layer 'a' writes Q8");
  la.bias.assign(3, 0);
  EXPECT_EQ(buildError({la}, m), "layer 'a': 3 biases for 12 rows");
  la = layer("a", a);
  la.formats.weightFrac = 3;
  EXPECT_EQ(buildError({la}, m),
            "layer 'a': weight format Q3 differs from the codebook's Q14");
  format::CompressedMatrix wide = a;
  wide.codebook.bits = 5;
  EXPECT_NE(buildError({layer("w", wide)}, m).find("layer 'w': "),
            std::string::npos);
}

TEST(ProgramBuilder, LSTMGates) {
  format::CompressedMatrix gates = matrix(4 * 6, 10 + 6, 0.3);
  LayerSpec l = layer("lstm", gates, /*relu=*/false);
  auto p = buildLSTMGateProgram(l, {2, 16, 4096, 1024});
  ASSERT_TRUE(bool(p)) << llvm::toString(p.takeError());
  EXPECT_EQ(p->hostVectors[1].length, 24u);
  l.relu = true;
  auto bad = buildLSTMGateProgram(l, {2, 16, 4096, 1024});
  ASSERT_FALSE(bool(bad));
  EXPECT_EQ(llvm::toString(bad.takeError()),
            "layer 'lstm': LSTM gate pre-activations take no ReLU");
  format::CompressedMatrix odd = matrix(10, 16, 0.3);
  auto bad2 =
      buildLSTMGateProgram(layer("lstm", odd, false), {2, 16, 4096, 1024});
  ASSERT_FALSE(bool(bad2));
  EXPECT_EQ(llvm::toString(bad2.takeError()),
            "layer 'lstm': 10 rows do not stack four gates");
}

} // namespace
