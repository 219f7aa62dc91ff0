//===- EIETranslationTest.cpp - eie_isa.program <-> isa::Program <-> bytes ===//
//
// What the lit tests reach only through files: a builder-made program with
// every kind of section and instruction survives deserialize and serialize
// field by field, readBinary/writeBinary preserve the bytes, and errors land
// on the right op.
//
//===----------------------------------------------------------------------===//

#include "eie/ISA/BinaryFormat.h"
#include "eie/ISA/ProgramBuilder.h"
#include "eie/Sim/SyntheticLayer.h"
#include "eie/Target/EIE/Deserialization.h"
#include "eie/Target/EIE/Serialization.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

#include <deque>

using namespace mlir;
using namespace mlir::eie_isa;
namespace eisa = ::eie::isa;

namespace {

class EIETranslationTest : public ::testing::Test {
protected:
  EIETranslationTest() {
    context.loadDialect<EIEISADialect>();
    context.getDiagEngine().registerHandler([this](Diagnostic &diag) {
      messages.push_back(diag.str());
      locations.push_back(diag.getLocation());
      return success();
    });
  }

  /// Two layers with biases on a 2-PE machine with 8 activations per
  /// register file and small SRAMs: row chunks, column batches, per-pass
  /// loads and a scratch vector.
  eisa::Program builderProgram() {
    for (auto [rows, cols, seed] : {std::tuple{20u, 12u, 1u}, {6u, 20u, 2u}}) {
      auto m = ::eie::sim::makeSyntheticMatrix(rows, cols, 0.4, 4, seed);
      EXPECT_TRUE(bool(m)) << llvm::toString(m.takeError());
      matrices.push_back(std::move(*m));
    }
    std::vector<eisa::LayerSpec> layers(2);
    for (int i = 0; i < 2; ++i) {
      layers[i].name = "fc" + std::to_string(i);
      layers[i].weights = &matrices[i];
      layers[i].formats = {8, matrices[i].codebook.fracBits, 8};
      layers[i].bias.assign(matrices[i].numRows, int16_t(3 - i));
      layers[i].relu = i == 0;
    }
    auto program = eisa::buildProgram(layers, {2, 4, 64, 16});
    EXPECT_TRUE(bool(program)) << llvm::toString(program.takeError());
    return std::move(*program);
  }

  ModuleOp makeModule(const eisa::Program &program) {
    module = ModuleOp::create(UnknownLoc::get(&context));
    OpBuilder builder = OpBuilder::atBlockEnd(module->getBody());
    deserialize(builder, UnknownLoc::get(&context), program);
    return *module;
  }

  ProgramOp getProgramOp() { return *module->getOps<ProgramOp>().begin(); }

  MLIRContext context;
  std::deque<::eie::format::CompressedMatrix> matrices;
  OwningOpRef<ModuleOp> module;
  std::vector<std::string> messages;
  std::vector<Location> locations;
};

void expectSamePrograms(const eisa::Program &a, const eisa::Program &b) {
  EXPECT_TRUE(a.machine == b.machine);
  EXPECT_EQ(a.layerNames, b.layerNames);
  ASSERT_EQ(a.hostVectors.size(), b.hostVectors.size());
  for (size_t i = 0; i < a.hostVectors.size(); ++i) {
    EXPECT_EQ(a.hostVectors[i].length, b.hostVectors[i].length) << i;
    EXPECT_EQ(a.hostVectors[i].role, b.hostVectors[i].role) << i;
    EXPECT_EQ(a.hostVectors[i].fracBits, b.hostVectors[i].fracBits) << i;
  }
  ASSERT_EQ(a.sections.size(), b.sections.size());
  for (size_t i = 0; i < a.sections.size(); ++i) {
    EXPECT_EQ(a.sections[i].kind, b.sections[i].kind) << i;
    EXPECT_EQ(a.sections[i].bytes, b.sections[i].bytes) << i;
    EXPECT_EQ(a.sections[i].words, b.sections[i].words) << i;
  }
  EXPECT_TRUE(a.instructions == b.instructions);
}

TEST_F(EIETranslationTest, ProgramOpHoldsEveryField) {
  eisa::Program program = builderProgram();
  // The builder used every opcode but swap (the first layer's output goes
  // through the scratch vector) and every section kind.
  for (eisa::Opcode op :
       {eisa::Opcode::LoadCodebook, eisa::Opcode::LoadSpmat,
        eisa::Opcode::LoadPtr, eisa::Opcode::LoadBias, eisa::Opcode::LoadAct,
        eisa::Opcode::StoreAct, eisa::Opcode::Run, eisa::Opcode::Sync,
        eisa::Opcode::Halt})
    EXPECT_TRUE(llvm::any_of(
        program.instructions,
        [&](const eisa::Instruction &i) { return i.opcode == op; }))
        << eisa::getOpcodeName(op).str();
  ASSERT_EQ(program.hostVectors.size(), 3u);
  EXPECT_EQ(program.hostVectors[2].role, eisa::HostVectorRole::Scratch);

  makeModule(program);
  ASSERT_TRUE(succeeded(mlir::verify(*module)));
  FailureOr<eisa::Program> back = serialize(getProgramOp());
  ASSERT_TRUE(succeeded(back));
  expectSamePrograms(program, *back);
  EXPECT_TRUE(messages.empty());
}

TEST_F(EIETranslationTest, ImportExportKeepTheBytes) {
  auto bytes = eisa::writeProgram(builderProgram());
  ASSERT_TRUE(bool(bytes)) << llvm::toString(bytes.takeError());
  OwningOpRef<ModuleOp> imported =
      readBinary(*bytes, UnknownLoc::get(&context));
  ASSERT_TRUE(imported);
  std::string out;
  llvm::raw_string_ostream os(out);
  ASSERT_TRUE(succeeded(writeBinary(*imported, os)));
  EXPECT_EQ(std::vector<uint8_t>(out.begin(), out.end()), *bytes);
}

TEST_F(EIETranslationTest, ImportReportsTheReadersError) {
  std::vector<uint8_t> bytes(40, 0);
  Location loc = FileLineColLoc::get(&context, "short.eie", 0, 0);
  EXPECT_FALSE(readBinary(bytes, loc));
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0], "truncated stream: 40 bytes, the header alone has 96");
  EXPECT_EQ(locations[0], loc);
}

TEST_F(EIETranslationTest, BrokenRuleIsReportedAtItsInstruction) {
  makeModule(builderProgram());
  ProgramOp programOp = getProgramOp();
  // Without the codebook, the first pass reads an unloaded codebook.
  programOp.walk([](LoadCodebookOp load) { load.erase(); });
  RunOp firstRun = *programOp.getBody().getOps<RunOp>().begin();
  Location runLoc = NameLoc::get(StringAttr::get(&context, "first run"));
  firstRun->setLoc(runLoc);
  EXPECT_TRUE(failed(serialize(programOp)));
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_NE(messages[0].find("(run): no codebook was loaded"),
            std::string::npos)
      << messages[0];
  EXPECT_EQ(locations[0], runLoc);
}

TEST_F(EIETranslationTest, ExportNeedsExactlyOneProgram) {
  OwningOpRef<ModuleOp> empty = ModuleOp::create(UnknownLoc::get(&context));
  std::string out;
  llvm::raw_string_ostream os(out);
  EXPECT_TRUE(failed(writeBinary(*empty, os)));
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0], "expected one eie_isa.program to translate, found 0");
  EXPECT_TRUE(out.empty());
}

} // namespace
