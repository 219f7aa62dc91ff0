//===- BinaryFormatTest.cpp - Container round trip and corruption ---------===//

#include "HandProgram.h"

#include "eie/ISA/BinaryFormat.h"
#include "eie/ISA/Disassembler.h"
#include "eie/ISA/ProgramBuilder.h"
#include "eie/Sim/Simulator.h"
#include "eie/Sim/SyntheticLayer.h"

#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

#include <random>

using namespace eie::isa;
using namespace eie::isa::testing;
namespace endian = llvm::support::endian;

namespace {

std::vector<uint8_t> handBytes() {
  auto bytes = writeProgram(handProgram());
  EXPECT_TRUE(bool(bytes)) << llvm::toString(bytes.takeError());
  return *bytes;
}

/// The error readProgram gives for `bytes`.
std::string readError(llvm::ArrayRef<uint8_t> bytes) {
  auto program = readProgram(bytes);
  if (program)
    return "(no error)";
  return llvm::toString(program.takeError());
}

uint32_t field(const std::vector<uint8_t> &b, unsigned at) {
  return endian::read32le(b.data() + at);
}
void setField(std::vector<uint8_t> &b, unsigned at, uint32_t v) {
  endian::write32le(b.data() + at, v);
}

TEST(BinaryFormat, RoundTripIsIdentity) {
  Program p = handProgram();
  std::vector<uint8_t> bytes = handBytes();
  // Header, 2 host vectors, 1 layer, "hand" padded, 3 section entries, the
  // codebook, the 2-PE spmat and pointer sections, 8 instructions.
  EXPECT_EQ(bytes.size(), 96u + 16 + 8 + 8 + 48 + 32 + 16 + 24 + 8 * 32);
  auto back = readProgram(bytes);
  ASSERT_TRUE(bool(back)) << llvm::toString(back.takeError());
  EXPECT_EQ(back->machine, p.machine);
  EXPECT_EQ(back->layerNames, p.layerNames);
  ASSERT_EQ(back->hostVectors.size(), 2u);
  EXPECT_EQ(back->hostVectors[1].length, 4u);
  EXPECT_EQ(back->hostVectors[1].role, HostVectorRole::Output);
  ASSERT_EQ(back->sections.size(), p.sections.size());
  for (size_t i = 0; i < p.sections.size(); ++i) {
    EXPECT_EQ(back->sections[i].kind, p.sections[i].kind);
    EXPECT_EQ(back->sections[i].bytes, p.sections[i].bytes);
    EXPECT_EQ(back->sections[i].words, p.sections[i].words);
  }
  EXPECT_EQ(back->instructions, p.instructions);
  auto again = writeProgram(*back);
  ASSERT_TRUE(bool(again));
  EXPECT_EQ(*again, bytes);
}

TEST(BinaryFormat, Disassembly) {
  std::string text;
  llvm::raw_string_ostream os(text);
  disassemble(handProgram(), os);
  EXPECT_NE(text.find("machine pes=2 regfile=4 spmat=64 ptr=16"),
            std::string::npos);
  EXPECT_NE(text.find("host 0 input length=2 frac=0"), std::string::npos);
  EXPECT_NE(text.find("section 1 spmat total=3 per-pe-min=1 per-pe-max=2"),
            std::string::npos);
  EXPECT_NE(text.find("     4: run layer=0 \"hand\" cols=2 colbase=0 rows=4 "
                      "spmat=0 ptr=0 fa=0 fw=0 fo=0 clear writeback"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("     7: halt"), std::string::npos);
}

TEST(BinaryFormat, WriterRefusesInvalidPrograms) {
  Program p = handProgram();
  p.instructions.pop_back();
  auto bytes = writeProgram(p);
  ASSERT_FALSE(bool(bytes));
  EXPECT_EQ(llvm::toString(bytes.takeError()),
            "the program does not end with halt");
}

TEST(BinaryFormat, Truncated) {
  std::vector<uint8_t> b = handBytes();
  EXPECT_EQ(readError(llvm::ArrayRef<uint8_t>(b).take_front(40)),
            "truncated stream: 40 bytes, the header alone has 96");
  EXPECT_EQ(readError(llvm::ArrayRef<uint8_t>(b).drop_back(32)),
            "the header (byte 16) gives 504 bytes, the stream has 472 "
            "(truncated)");
}

TEST(BinaryFormat, WrongMagicAndVersion) {
  std::vector<uint8_t> b = handBytes();
  b[3] = 'X';
  EXPECT_EQ(readError(b), "bad magic at byte 0: not an EIE program");
  b = handBytes();
  setField(b, 8, 2);
  EXPECT_EQ(readError(b), "unsupported container version 2 at byte 8: this "
                          "build reads version 1 only");
  b = handBytes();
  setField(b, 12, 64);
  EXPECT_EQ(readError(b), "header size 64 at byte 12, expected 96");
  b = handBytes();
  setField(b, 84, 1);
  EXPECT_EQ(readError(b), "reserved header word at byte 84 is not 0");
}

TEST(BinaryFormat, ChecksumCatchesFlippedBytes) {
  std::vector<uint8_t> b = handBytes();
  b[220] ^= 0x40;
  EXPECT_NE(readError(b).find("checksum mismatch: the header (byte 20) says"),
            std::string::npos);
}

TEST(BinaryFormat, BlocksOutOfBounds) {
  std::vector<uint8_t> b = handBytes();
  setField(b, 64, 4096); // the section table
  fixChecksum(b);
  EXPECT_EQ(readError(b), "the section table [4096, 4144) (offset at byte 64) "
                          "is outside the stream [96, 504)");
  b = handBytes();
  setField(b, 40, 98); // the host-vector table
  fixChecksum(b);
  EXPECT_EQ(readError(b),
            "the host-vector table at byte 98 (offset at byte 40) "
            "is not 8-byte aligned");
  b = handBytes();
  setField(b, 76, 1000); // instruction count
  fixChecksum(b);
  EXPECT_EQ(readError(b), "the program [248, 32248) (offset at byte 72) is "
                          "outside the stream [96, 504)");
  b = handBytes();
  setField(b, 112 + 4, 100); // the layer's name length
  fixChecksum(b);
  EXPECT_EQ(readError(b), "layer 0 (byte 112): name [0, 100) is outside the "
                          "string table of 4 bytes");
}

TEST(BinaryFormat, NonZeroPaddingIsRefused) {
  std::vector<uint8_t> b = handBytes();
  b[124] = 0x5a; // after the 4-byte string table, before the next 8-byte block
  fixChecksum(b);
  EXPECT_EQ(readError(b), "byte 124 is 5a, the format puts 00 there (non-zero "
                          "padding or a block out of place)");
}

TEST(BinaryFormat, CorruptSections) {
  uint32_t table = 128;
  std::vector<uint8_t> b = handBytes();
  setField(b, table + 16 + 4, 496); // spmat section's offset
  fixChecksum(b);
  EXPECT_EQ(readError(b),
            "section 1 [496, 507) (offset at byte 148) is outside "
            "the stream [96, 504)");
  b = handBytes();
  setField(b, table + 16, 9); // kind
  fixChecksum(b);
  EXPECT_EQ(readError(b), "section 1: unknown kind 9 at byte 144");
  b = handBytes();
  uint32_t spmatAt = field(b, table + 16 + 4);
  setField(b, spmatAt, 7); // PE 0's entry count
  fixChecksum(b);
  EXPECT_EQ(readError(b), "section 1 at byte 208: per-PE counts need 16 "
                          "bytes, the section has 11");
  b = handBytes();
  setField(b, table + 8, 30); // codebook size
  fixChecksum(b);
  EXPECT_EQ(readError(b), "section 0 (codebook) at byte 176 has 30 bytes, "
                          "expected 32");
}

TEST(BinaryFormat, CorruptInstructions) {
  std::vector<uint8_t> b = handBytes();
  uint32_t programAt = field(b, 72);
  b[programAt + 3 * 32] = 0x1f;
  fixChecksum(b);
  EXPECT_EQ(readError(b), "instruction 3 (byte 344): unknown opcode 0x1f");
  b = handBytes();
  setField(b, programAt + 4, 99); // load.codebook's section
  fixChecksum(b);
  EXPECT_EQ(readError(b), "instruction 0 (load.codebook): section 99 is not "
                          "defined (the stream has 3 sections)");
  b = handBytes();
  setField(b, programAt + 32 + 4, 2); // load.spmat of the pointer section
  fixChecksum(b);
  EXPECT_EQ(readError(b), "instruction 1 (load.spmat): section 2 is a "
                          "pointers section, expected spmat");
  b = handBytes();
  setField(b, programAt + 32 + 8, 63); // load.spmat at address 63
  fixChecksum(b);
  EXPECT_EQ(readError(b), "instruction 1 (load.spmat): section 1 overflows "
                          "the sparse-matrix SRAM of PE 0: address 63 + 2 "
                          "entries > capacity 64");
}

TEST(BinaryFormat, MutantsAreRejectedOrRun) {
  // A program with passes, biases, on-chip and host-routed activations.
  auto a = eie::sim::makeSyntheticMatrix(20, 12, 0.4, 2, 1);
  auto b = eie::sim::makeSyntheticMatrix(6, 20, 0.4, 2, 2);
  ASSERT_TRUE(a && b);
  LayerSpec la, lb;
  la.name = "a";
  la.weights = &*a;
  la.formats = {8, a->codebook.fracBits, 8};
  la.bias.assign(20, 100);
  la.relu = true;
  lb.name = "b";
  lb.weights = &*b;
  lb.formats = {8, b->codebook.fracBits, 8};
  auto built = buildProgram({la, lb}, {2, 4, 256, 64});
  ASSERT_TRUE(bool(built)) << llvm::toString(built.takeError());
  auto builtBytes = writeProgram(*built);
  ASSERT_TRUE(bool(builtBytes));

  // Random bytes changed, the checksum recomputed so that the structural and
  // execution checks are reached: every mutant is either refused with a
  // message or verified and simulated, never a crash.
  std::mt19937_64 rng(7);
  unsigned refused = 0, ran = 0;
  for (const std::vector<uint8_t> &original : {handBytes(), *builtBytes}) {
    for (int trial = 0; trial < 3000; ++trial) {
      std::vector<uint8_t> b = original;
      for (int k = 0, n = 1 + rng() % 3; k < n; ++k) {
        size_t at = 24 + rng() % (b.size() - 24);
        b[at] = rng() % 4 ? uint8_t(rng()) : uint8_t(b[at] ^ (1 << rng() % 8));
      }
      fixChecksum(b);
      auto program = readProgram(b);
      if (!program) {
        EXPECT_FALSE(llvm::toString(program.takeError()).empty());
        ++refused;
        continue;
      }
      eie::machine::MachineConfig machine;
      machine.params = program->machine;
      const HostVector &in =
          program->hostVectors[program->findHostVector(HostVectorRole::Input)];
      auto result = eie::sim::simulate(*program, machine,
                                       std::vector<int16_t>(in.length, 3));
      EXPECT_TRUE(bool(result)) << llvm::toString(result.takeError());
      ++ran;
    }
  }
  EXPECT_GT(refused, 1000u);
  EXPECT_GT(ran, 10u);
}

} // namespace
