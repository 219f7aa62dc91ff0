//===- Architecture.cpp - A memory hierarchy with energies ----------------===//

#include "eie/Analysis/Blocking/Architecture.h"
#include "eie/Analysis/Blocking/HostArchitecture.h"
#include "eie/Support/DataDirectory.h"
#include "eie/Support/JSONReader.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <cmath>

using namespace llvm;

namespace eie::blocking {

std::optional<VectorUnit> vectorUnitOfISA(StringRef isa) {
  if (isa == "avx512")
    return VectorUnit{"avx512", 16, 32};
  if (isa == "avx2")
    return VectorUnit{"avx2", 8, 16};
  if (isa == "sse")
    return VectorUnit{"sse", 4, 16};
  return std::nullopt;
}

static Error validateVectorUnit(const Architecture &arch) {
  const VectorUnit &vector = *arch.vector;
  std::optional<VectorUnit> known = vectorUnitOfISA(vector.isa);
  if (!known)
    return createStringError(
        formatv("architecture '{0}': \"vector\": unknown \"isa\" '{1}' "
                "(expected avx512, avx2 or sse)",
                arch.name, vector.isa));
  if (vector.lanes != known->lanes)
    return createStringError(
        formatv("architecture '{0}': \"vector\": {1} has {2} fp32 "
                "\"lanes\", got {3}",
                arch.name, vector.isa, known->lanes, vector.lanes));
  // Fewer registers than the ISA has leave some to the code generator.
  if (vector.registers < 1 || vector.registers > known->registers)
    return createStringError(
        formatv("architecture '{0}': \"vector\": \"registers\" must be "
                "between 1 and {1} for {2}, got {3}",
                arch.name, known->registers, vector.isa, vector.registers));
  return Error::success();
}

/// "[lo, hi]" with both printed exactly.
static std::string range(double lo, double hi) {
  return "[" + formatExact(lo) + ", " + formatExact(hi) + "]";
}

/// Whether `value` is finite and in [lo, hi] (or (0, hi] when `positive`).
static bool inRange(double value, double hi, bool positive) {
  return std::isfinite(value) && (positive ? value > 0 : value >= 0) &&
         value <= hi;
}

Error validateArchitecture(const Architecture &arch) {
  if (arch.levels.empty())
    return createStringError("architecture '" + arch.name + "': no levels");
  if (arch.levels.size() > kMaxMemoryLevels)
    return createStringError(
        formatv("architecture '{0}': {1} memory levels, more than the {2} the "
                "blocking search supports (kMaxMemoryLevels)",
                arch.name, arch.levels.size(), kMaxMemoryLevels));
  for (unsigned i = 0; i < arch.levels.size(); ++i) {
    const MemoryLevel &level = arch.levels[i];
    bool outermost = i + 1 == arch.levels.size();
    if (outermost && level.capacityWords)
      return createStringError(
          formatv("architecture '{0}': outermost level {1} ('{2}') must be "
                  "unbounded (\"capacity_words\": "
                  "null, the DRAM), got capacity {3}",
                  arch.name, i, level.name, *level.capacityWords));
    if (!outermost && !level.capacityWords)
      return createStringError(formatv(
          "architecture '{0}': level {1} ('{2}') is unbounded but is not the "
          "outermost "
          "level; only the last level (DRAM) may have \"capacity_words\": null",
          arch.name, i, level.name));
    if (!outermost && *level.capacityWords <= 0)
      return createStringError(
          formatv("architecture '{0}': level {1} ('{2}'): \"capacity_words\" "
                  "must be > 0, got {3}",
                  arch.name, i, level.name, *level.capacityWords));
    if (!inRange(level.energyPerAccessPJ, kMaxEnergyPJ, false))
      return createStringError(
          formatv("architecture '{0}': level {1} ('{2}'): \"energy_pj\" must "
                  "be in {3}, got {4}",
                  arch.name, i, level.name, range(0, kMaxEnergyPJ),
                  formatExact(level.energyPerAccessPJ)));
    if (level.wordsPerCycle && !inRange(*level.wordsPerCycle, kMaxRate, true))
      return createStringError(
          formatv("architecture '{0}': level {1} ('{2}'): "
                  "\"words_per_cycle\" must be > 0 and at most {3}, got {4}",
                  arch.name, i, level.name, formatExact(kMaxRate),
                  formatExact(*level.wordsPerCycle)));
  }
  if (!inRange(arch.macsPerCycle, kMaxRate, true))
    return createStringError(
        formatv("architecture '{0}': \"macs_per_cycle\" must be > 0 and at "
                "most {1}, got {2}",
                arch.name, formatExact(kMaxRate),
                formatExact(arch.macsPerCycle)));
  if (!inRange(arch.macEnergyPJ, kMaxEnergyPJ, false))
    return createStringError(
        formatv("architecture '{0}': \"mac_energy_pj\" must be in {1}, got {2}",
                arch.name, range(0, kMaxEnergyPJ),
                formatExact(arch.macEnergyPJ)));
  if (arch.vector)
    return validateVectorUnit(arch);
  return Error::success();
}

/// Reads the optional "vector" object; the values are checked by
/// validateArchitecture().
static Expected<std::optional<VectorUnit>>
parseVectorUnit(const json::Object &root) {
  const json::Value *value = root.get("vector");
  if (!value)
    return std::nullopt;
  const json::Object *obj = value->getAsObject();
  if (obj)
    if (Error err = checkJSONKeys(*obj, {"isa", "lanes", "registers"}))
      return createStringError("\"vector\": " + toString(std::move(err)));
  std::optional<StringRef> isa = obj ? obj->getString("isa") : std::nullopt;
  std::optional<int64_t> lanes = obj ? obj->getInteger("lanes") : std::nullopt;
  std::optional<int64_t> registers =
      obj ? obj->getInteger("registers") : std::nullopt;
  if (!isa || !lanes || !registers)
    return createStringError(
        "\"vector\" must be an object with a string \"isa\" and integers "
        "\"lanes\" and \"registers\"");
  return VectorUnit{isa->str(), *lanes, *registers};
}

Expected<Architecture> parseArchitecture(StringRef text, StringRef fileName) {
  auto fail = [&](const Twine &msg) -> Error {
    return createStringError(fileName + ": " + msg);
  };
  Expected<json::Value> root = parseJSON(text);
  if (!root)
    return fail(toString(root.takeError()));
  const json::Object *obj = root->getAsObject();
  if (!obj)
    return fail(
        "expected an object with \"name\", \"levels\" and \"mac_energy_pj\"");
  // "host": what `eie-block --arch x86-host --print-arch` detected, ignored.
  if (Error err = checkJSONKeys(*obj, {"name", "levels", "mac_energy_pj",
                                       "macs_per_cycle", "vector", "host"}))
    return fail(toString(std::move(err)));
  Architecture arch;
  std::optional<StringRef> name = obj->getString("name");
  if (!name)
    return fail("missing string field \"name\"");
  arch.name = name->str();
  std::optional<double> mac = obj->getNumber("mac_energy_pj");
  if (!mac)
    return fail("missing number field \"mac_energy_pj\"");
  arch.macEnergyPJ = *mac;
  if (const json::Value *rate = obj->get("macs_per_cycle")) {
    std::optional<double> macsPerCycle = rate->getAsNumber();
    if (!macsPerCycle)
      return fail("\"macs_per_cycle\" must be a number");
    arch.macsPerCycle = *macsPerCycle;
  }
  const json::Array *levels = obj->getArray("levels");
  if (!levels)
    return fail("missing array field \"levels\"");
  for (size_t i = 0; i < levels->size(); ++i) {
    const json::Object *lv = (*levels)[i].getAsObject();
    if (!lv)
      return fail(formatv("levels[{0}]: expected an object", i));
    if (Error err = checkJSONKeys(
            *lv, {"name", "capacity_words", "energy_pj", "words_per_cycle"}))
      return fail(formatv("levels[{0}]: {1}", i, toString(std::move(err))));
    MemoryLevel level;
    std::optional<StringRef> levelName = lv->getString("name");
    if (!levelName)
      return fail(formatv("levels[{0}]: missing string field \"name\"", i));
    level.name = levelName->str();
    const json::Value *cap = lv->get("capacity_words");
    if (!cap)
      return fail(formatv("levels[{0}] ('{1}'): missing field "
                          "\"capacity_words\" (an integer, or "
                          "null for the outermost level)",
                          i, level.name));
    if (cap->getAsNull()) {
      level.capacityWords = std::nullopt;
    } else if (std::optional<int64_t> words = cap->getAsInteger()) {
      level.capacityWords = *words;
    } else {
      return fail(formatv(
          "levels[{0}] ('{1}'): \"capacity_words\" must be an integer or null",
          i, level.name));
    }
    std::optional<double> energy = lv->getNumber("energy_pj");
    if (!energy)
      return fail(
          formatv("levels[{0}] ('{1}'): missing number field \"energy_pj\"", i,
                  level.name));
    level.energyPerAccessPJ = *energy;
    if (const json::Value *bw = lv->get("words_per_cycle");
        bw && !bw->getAsNull()) {
      level.wordsPerCycle = bw->getAsNumber();
      if (!level.wordsPerCycle)
        return fail(formatv(
            "levels[{0}] ('{1}'): \"words_per_cycle\" must be a number or null",
            i, level.name));
    }
    arch.levels.push_back(std::move(level));
  }
  Expected<std::optional<VectorUnit>> vector = parseVectorUnit(*obj);
  if (!vector)
    return fail(toString(vector.takeError()));
  arch.vector = std::move(*vector);
  if (Error err = validateArchitecture(arch))
    return fail(toString(std::move(err)));
  return arch;
}

json::Value architectureToJSON(const Architecture &arch) {
  json::Array levels;
  for (const MemoryLevel &level : arch.levels) {
    json::Object obj{{"name", level.name},
                     {"capacity_words", level.capacityWords
                                            ? json::Value(*level.capacityWords)
                                            : json::Value(nullptr)},
                     {"energy_pj", level.energyPerAccessPJ}};
    if (level.wordsPerCycle)
      obj["words_per_cycle"] = *level.wordsPerCycle;
    levels.push_back(std::move(obj));
  }
  json::Object root{{"name", arch.name},
                    {"levels", std::move(levels)},
                    {"mac_energy_pj", arch.macEnergyPJ}};
  if (arch.macsPerCycle != 1)
    root["macs_per_cycle"] = arch.macsPerCycle;
  if (arch.vector)
    root["vector"] = json::Object{{"isa", arch.vector->isa},
                                  {"lanes", arch.vector->lanes},
                                  {"registers", arch.vector->registers}};
  return root;
}

Expected<Architecture> loadArchitecture(StringRef fileOrPreset,
                                        StringRef argv0) {
  if (fileOrPreset == kHostArchitectureName)
    return hostArchitecture();
  std::string path = fileOrPreset.str();
  if (!sys::fs::exists(path)) {
    bool looksLikeName = !fileOrPreset.empty() &&
                         fileOrPreset.find_first_of("/\\.") == StringRef::npos;
    std::string dir = eie::dataDirectory("arch", argv0);
    if (!looksLikeName)
      return createStringError("architecture file '" + path +
                               "' does not exist");
    path = (dir + "/" + fileOrPreset + ".json").str();
    if (!sys::fs::exists(path)) {
      std::vector<std::string> names;
      std::error_code ec;
      for (sys::fs::directory_iterator it(dir, ec), end; it != end && !ec;
           it.increment(ec))
        if (sys::path::extension(it->path()) == ".json")
          names.push_back(sys::path::stem(it->path()).str());
      llvm::sort(names);
      std::string known = join(names, ", ");
      return createStringError(
          "unknown architecture preset '" + fileOrPreset.str() +
          "' (no file of that name; presets: " + kHostArchitectureName +
          " (detected) and those in " + dir + ": " +
          (known.empty() ? "none" : known) + ")");
    }
  }
  ErrorOr<std::unique_ptr<MemoryBuffer>> buffer = MemoryBuffer::getFile(path);
  if (!buffer)
    return createStringError("cannot read architecture file '" + path +
                             "': " + buffer.getError().message());
  return parseArchitecture((*buffer)->getBuffer(), path);
}

} // namespace eie::blocking
