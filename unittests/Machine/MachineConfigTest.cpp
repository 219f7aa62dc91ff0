//===- MachineConfigTest.cpp - Machine descriptions -----------------------===//

#include "eie/Machine/MachineConfig.h"

#include "llvm/Support/FormatVariadic.h"

#include "gtest/gtest.h"

using namespace eie::machine;

namespace {

std::string parseError(llvm::StringRef json) {
  auto c = parseMachineConfig(json, "m.json");
  return c ? "(no error)" : llvm::toString(c.takeError());
}

TEST(MachineConfig, DefaultsAreTheContract) {
  auto c = parseMachineConfig("{}", "m.json");
  ASSERT_TRUE(bool(c));
  EXPECT_EQ(c->params.numPEs, 64u);
  EXPECT_EQ(c->queueDepth, 8u);
  EXPECT_EQ(c->params.regFileEntries, 64u);
  EXPECT_EQ(c->params.spmatBytes, 128u * 1024);
  EXPECT_EQ(c->sramWidthBits, 64u);
  EXPECT_EQ(c->entriesPerSramRead(), 8u);
  EXPECT_DOUBLE_EQ(c->clockMHz, 800.0);
}

TEST(MachineConfig, SramWidthScalesTheReadEnergy) {
  MachineConfig base;
  MachineConfig wide = base.withSramWidth(128);
  EXPECT_EQ(wide.sramWidthBits, 128u);
  EXPECT_EQ(wide.entriesPerSramRead(), 16u);
  EXPECT_DOUBLE_EQ(wide.energy.spmatRead, base.energy.spmatRead * 1.5);
  EXPECT_DOUBLE_EQ(base.withSramWidth(64).energy.spmatRead,
                   base.energy.spmatRead);
  EXPECT_DOUBLE_EQ(wide.energy.mac, base.energy.mac);
}

TEST(MachineConfig, RoundTripThroughJSON) {
  auto c = parseMachineConfig(
      R"({"pes": 16, "queue_depth": 2, "sram_width_bits": 128,
          "energy_pj": {"mac": 2.5}})",
      "m.json");
  ASSERT_TRUE(bool(c)) << llvm::toString(c.takeError());
  EXPECT_EQ(c->params.numPEs, 16u);
  EXPECT_DOUBLE_EQ(c->energy.mac, 2.5);
  std::string text = llvm::formatv("{0}", toJSON(*c)).str();
  auto back = parseMachineConfig(text, "again");
  ASSERT_TRUE(bool(back)) << llvm::toString(back.takeError());
  EXPECT_EQ(back->params, c->params);
  EXPECT_EQ(back->queueDepth, 2u);
  EXPECT_EQ(back->sramWidthBits, 128u);
  EXPECT_DOUBLE_EQ(back->energy.mac, 2.5);
}

TEST(MachineConfig, Errors) {
  EXPECT_EQ(parseError("[1]"), "m.json: expected a JSON object");
  EXPECT_EQ(parseError(R"({"pe": 4})"),
            "m.json: unknown key 'pe' (did you mean 'pes'?); allowed keys: "
            "pes, queue_depth, register_file_entries, spmat_sram_bytes, "
            "pointer_sram_entries, sram_width_bits, clock_mhz, energy_pj");
  EXPECT_EQ(parseError(R"({"pes": "four"})"),
            "m.json: 'pes': expected an integer");
  EXPECT_EQ(parseError(R"({"pes": 0})"),
            "m.json: 'pes': 0 is outside [1, 4096]");
  EXPECT_EQ(parseError(R"({"sram_width_bits": 60})"),
            "m.json: 'sram_width_bits': 60 is not a whole number of 8-bit "
            "entries");
  EXPECT_EQ(parseError(R"({"energy_pj": {"mac": -1}})"),
            "m.json: 'energy_pj.mac': -1 is outside [0, 1e+06]");
  EXPECT_EQ(parseError(R"({"clock_mhz": 5e-324})"),
            "m.json: 'clock_mhz': 5e-324 is outside [0.001, 1e+06]");
  EXPECT_EQ(parseError(R"({"energy_pj": {"macs": 1}})"),
            "m.json: 'energy_pj': unknown key 'macs' (did you mean 'mac'?); "
            "allowed keys: spmat_read, pointer_read, register_file_access, "
            "mac, queue, leakage_per_pe_cycle");
  EXPECT_NE(parseError("{").find("m.json: "), std::string::npos);
}

} // namespace
