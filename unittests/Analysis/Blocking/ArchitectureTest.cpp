//===- ArchitectureTest.cpp - Architecture files and presets -------------===//

#include "eie/Analysis/Blocking/Architecture.h"

#include "gtest/gtest.h"

using namespace eie::blocking;

namespace {

std::string parseError(llvm::StringRef text) {
  llvm::Expected<Architecture> arch = parseArchitecture(text, "a.json");
  EXPECT_FALSE(bool(arch));
  return arch ? "" : llvm::toString(arch.takeError());
}

TEST(BlockingArchitecture, ParsesTheContractFormat) {
  llvm::Expected<Architecture> arch = parseArchitecture(
      R"({"name": "x", "levels": [{"name": "RF", "capacity_words": 512, "energy_pj": 0.96},
          {"name": "DRAM", "capacity_words": null, "energy_pj": 200}], "mac_energy_pj": 0.075})",
      "a.json");
  ASSERT_TRUE(bool(arch)) << llvm::toString(arch.takeError());
  ASSERT_EQ(arch->numLevels(), 2u);
  EXPECT_EQ(arch->levels[0].capacityWords, 512);
  EXPECT_FALSE(arch->levels[1].capacityWords.has_value());
  EXPECT_DOUBLE_EQ(arch->macEnergyPJ, 0.075);
}

TEST(BlockingArchitecture, RejectsBadFiles) {
  EXPECT_EQ(parseError(R"({"name": "x", "levels": []})"),
            "a.json: missing number field \"mac_energy_pj\"");
  EXPECT_EQ(parseError(R"({"name": "x", "mac_energy_pj": 1,
      "levels": [{"name": "RF", "energy_pj": 1}]})"),
            "a.json: levels[0] ('RF'): missing field \"capacity_words\" (an "
            "integer, or null for "
            "the outermost level)");
  EXPECT_EQ(parseError(R"({"name": "x", "mac_energy_pj": 1,
      "levels": [{"name": "RF", "capacity_words": -4, "energy_pj": 1},
                 {"name": "DRAM", "capacity_words": null, "energy_pj": 1}]})"),
            "a.json: architecture 'x': level 0 ('RF'): \"capacity_words\" must "
            "be > 0, got -4");
  EXPECT_EQ(
      parseError(R"({"name": "x", "mac_energy_pj": 1,
      "levels": [{"name": "RF", "capacity_words": 64, "energy_pj": 1}]})"),
      "a.json: architecture 'x': outermost level 0 ('RF') must be unbounded "
      "(\"capacity_words\": null, the DRAM), got capacity 64");
  EXPECT_EQ(parseError(R"({"name": "x", "mac_energy_pj": 1, "levels": []})"),
            "a.json: architecture 'x': no levels");
  EXPECT_EQ(parseError(R"({"name": "x", "mac_energy_pj": 1,
      "levels": [{"name": "RF", "capacity_words": 8, "energy_pj": -1},
                 {"name": "DRAM", "capacity_words": null, "energy_pj": 1}]})"),
            "a.json: architecture 'x': level 0 ('RF'): \"energy_pj\" must be "
            "in [0, 1e+06], got -1");
  EXPECT_EQ(parseError("{"),
            "a.json: invalid JSON: [1:1, byte=1]: Expected object key");
}

TEST(BlockingArchitecture, ParsesOptionalBandwidths) {
  llvm::Expected<Architecture> arch = parseArchitecture(
      R"({"name": "x", "macs_per_cycle": 64, "mac_energy_pj": 1, "levels": [
          {"name": "RF", "capacity_words": 8, "energy_pj": 1, "words_per_cycle": null},
          {"name": "DRAM", "capacity_words": null, "energy_pj": 9, "words_per_cycle": 0.5}]})",
      "a.json");
  ASSERT_TRUE(bool(arch)) << llvm::toString(arch.takeError());
  EXPECT_DOUBLE_EQ(arch->macsPerCycle, 64);
  EXPECT_FALSE(arch->levels[0].wordsPerCycle.has_value());
  EXPECT_EQ(arch->levels[1].wordsPerCycle, 0.5);
  EXPECT_EQ(parseError(R"({"name": "x", "mac_energy_pj": 1, "levels": [
      {"name": "DRAM", "capacity_words": null, "energy_pj": 9, "words_per_cycle": 0}]})"),
            "a.json: architecture 'x': level 0 ('DRAM'): \"words_per_cycle\" "
            "must be > 0 and at most 1e+09, got 0");
  EXPECT_EQ(
      parseError(R"({"name": "x", "mac_energy_pj": 1, "macs_per_cycle": "many",
      "levels": [{"name": "DRAM", "capacity_words": null, "energy_pj": 9}]})"),
      "a.json: \"macs_per_cycle\" must be a number");
}

TEST(BlockingArchitecture, ParsesAVectorUnit) {
  llvm::Expected<Architecture> arch = parseArchitecture(
      R"({"name": "x", "mac_energy_pj": 1, "levels": [
          {"name": "DRAM", "capacity_words": null, "energy_pj": 9}],
          "vector": {"isa": "avx2", "lanes": 8, "registers": 12}})",
      "a.json");
  ASSERT_TRUE(bool(arch)) << llvm::toString(arch.takeError());
  EXPECT_EQ(arch->vector, (VectorUnit{"avx2", 8, 12}));
  EXPECT_EQ(
      architectureToJSON(*arch),
      llvm::json::Value(llvm::json::Object{
          {"name", "x"},
          {"mac_energy_pj", 1.0},
          {"levels",
           llvm::json::Array{llvm::json::Object{{"name", "DRAM"},
                                                {"capacity_words", nullptr},
                                                {"energy_pj", 9.0}}}},
          {"vector", llvm::json::Object{
                         {"isa", "avx2"}, {"lanes", 8}, {"registers", 12}}}}));
  const char *prefix = R"({"name": "x", "mac_energy_pj": 1, "levels": [
      {"name": "DRAM", "capacity_words": null, "energy_pj": 9}], "vector": )";
  EXPECT_EQ(parseError(std::string(prefix) + R"({"isa": "avx2"}})"),
            "a.json: \"vector\" must be an object with a string \"isa\" and "
            "integers \"lanes\" and \"registers\"");
  EXPECT_EQ(parseError(std::string(prefix) +
                       R"({"isa": "neon", "lanes": 4, "registers": 32}})"),
            "a.json: architecture 'x': \"vector\": unknown \"isa\" 'neon' "
            "(expected avx512, avx2 or sse)");
  EXPECT_EQ(
      parseError(std::string(prefix) +
                 R"({"isa": "avx512", "lanes": 8, "registers": 32}})"),
      "a.json: architecture 'x': \"vector\": avx512 has 16 fp32 \"lanes\", "
      "got 8");
  EXPECT_EQ(
      parseError(std::string(prefix) +
                 R"({"isa": "avx2", "lanes": 8, "registers": 32}})"),
      "a.json: architecture 'x': \"vector\": \"registers\" must be between "
      "1 and 16 for avx2, got 32");
}

TEST(BlockingArchitecture, LoadsEveryShippedPreset) {
  for (const char *name : {"asic-2level", "asic-3level", "asic-4level",
                           "diannao", "x86-avx2", "x86-avx512", "x86-host"}) {
    llvm::Expected<Architecture> arch = loadArchitecture(name);
    ASSERT_TRUE(bool(arch)) << llvm::toString(arch.takeError());
    EXPECT_EQ(arch->name, name);
  }
  llvm::Expected<Architecture> byPath =
      loadArchitecture(EIE_SOURCE_DATA_DIR "/arch/asic-3level.json");
  ASSERT_TRUE(bool(byPath)) << llvm::toString(byPath.takeError());
  EXPECT_EQ(byPath->numLevels(), 3u);
}

TEST(BlockingArchitecture, RejectsUnknownPresets) {
  llvm::Expected<Architecture> arch = loadArchitecture("asic-9level");
  ASSERT_FALSE(bool(arch));
  std::string message = llvm::toString(arch.takeError());
  EXPECT_NE(message.find("unknown architecture preset 'asic-9level'"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("asic-3level"), std::string::npos) << message;
  EXPECT_NE(message.find("presets: x86-host (detected)"), std::string::npos)
      << message;
  llvm::Expected<Architecture> missing = loadArchitecture("no/such/file.json");
  ASSERT_FALSE(bool(missing));
  EXPECT_EQ(llvm::toString(missing.takeError()),
            "architecture file 'no/such/file.json' does not exist");
}

} // namespace
