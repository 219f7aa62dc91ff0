//===- SimulatorCAPITest.cpp - The simulator's C entry point --------------===//

#include "eie/Sim/SimulatorCAPI.h"
#include "eie/Format/FixedPoint.h"
#include "eie/ISA/BinaryFormat.h"
#include "eie/ISA/ProgramBuilder.h"
#include "eie/Sim/Simulator.h"
#include "eie/Sim/SyntheticLayer.h"

#include "gtest/gtest.h"

using namespace eie;

namespace {

EieSimBytes describe(const std::vector<uint8_t> &bytes) {
  return {bytes.data(), bytes.data(), 0, {int64_t(bytes.size())}, {1}};
}

EieSimMatrixF32 describe(std::vector<float> &row) {
  return {row.data(),
          row.data(),
          0,
          {1, int64_t(row.size())},
          {int64_t(row.size()), 1}};
}

struct CAPITest : testing::Test {
  void SetUp() override {
    auto generated = sim::makeSyntheticMatrix(24, 40, 0.3, 4, 7);
    ASSERT_TRUE(bool(generated)) << llvm::toString(generated.takeError());
    weights = std::move(*generated);
    isa::LayerSpec layer;
    layer.name = "fc";
    layer.weights = &weights;
    layer.formats = {10, weights.codebook.fracBits, 10};
    layer.relu = true;
    machine.params = {4, 16, 4096, 1024};
    auto built = isa::buildProgram(layer, machine.params);
    ASSERT_TRUE(bool(built)) << llvm::toString(built.takeError());
    program = std::move(*built);
    auto written = isa::writeProgram(program);
    ASSERT_TRUE(bool(written)) << llvm::toString(written.takeError());
    stream = std::move(*written);
  }

  format::CompressedMatrix weights;
  machine::MachineConfig machine;
  isa::Program program;
  std::vector<uint8_t> stream;
};

TEST_F(CAPITest, SameOutputsAsTheSimulator) {
  std::vector<float> input(40), output(24);
  std::vector<int16_t> quantized;
  for (size_t i = 0; i < input.size(); ++i) {
    input[i] = (int(i % 7) - 3) * 0.37f;
    quantized.push_back(format::quantize(input[i], 10));
  }
  auto expected = sim::simulate(program, machine, quantized);
  ASSERT_TRUE(bool(expected)) << llvm::toString(expected.takeError());

  EieSimBytes bytes = describe(stream);
  EieSimMatrixF32 in = describe(input), out = describe(output);
  ASSERT_EQ(_mlir_ciface_eieSimRunProgram(&bytes, &in, &out), 0);
  bool anyNonZero = false;
  for (size_t i = 0; i < output.size(); ++i) {
    EXPECT_EQ(output[i], format::dequantize(expected->output[i], 10)) << i;
    anyNonZero |= output[i] != 0;
  }
  EXPECT_TRUE(anyNonZero);
}

TEST_F(CAPITest, RejectsWrongShapesAndStreams) {
  std::vector<float> shortInput(39), input(40), output(24);
  EieSimBytes bytes = describe(stream);
  EieSimMatrixF32 in = describe(shortInput), out = describe(output);
  EXPECT_NE(_mlir_ciface_eieSimRunProgram(&bytes, &in, &out), 0);
  std::vector<uint8_t> corrupt = stream;
  corrupt.back() ^= 1;
  EieSimBytes corruptBytes = describe(corrupt);
  in = describe(input);
  EXPECT_NE(_mlir_ciface_eieSimRunProgram(&corruptBytes, &in, &out), 0);
}

} // namespace
