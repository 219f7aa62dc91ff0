//===- MachineConfig.cpp - An EIE machine's description -------------------===//

#include "eie/Machine/MachineConfig.h"
#include "eie/Support/JSONReader.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"

#include <cmath>

using namespace eie;
using namespace eie::machine;
using llvm::Error;
using llvm::formatv;

namespace {
/// Reads the keys of one JSON object, rejecting unknown ones.
class ObjectReader {
public:
  ObjectReader(const llvm::json::Object &obj, llvm::StringRef name,
               llvm::StringRef path)
      : obj(obj), name(name), path(path) {}

  Error error(llvm::StringRef key, const llvm::Twine &msg) const {
    return llvm::createStringError(
        formatv("{0}: '{1}{2}': {3}", name, path, key, msg.str()).str());
  }

  Error integer(llvm::StringRef key, uint64_t lo, uint64_t hi, uint32_t &out) {
    seen.push_back(key);
    const llvm::json::Value *v = obj.get(key);
    if (!v)
      return Error::success();
    std::optional<int64_t> i = v->getAsInteger();
    if (!i)
      return error(key, "expected an integer");
    if (*i < int64_t(lo) || uint64_t(*i) > hi)
      return error(key, formatv("{0} is outside [{1}, {2}]", *i, lo, hi));
    out = *i;
    return Error::success();
  }
  Error number(llvm::StringRef key, double lo, double hi, double &out) {
    seen.push_back(key);
    const llvm::json::Value *v = obj.get(key);
    if (!v)
      return Error::success();
    llvm::Expected<double> d = readFiniteNumber(*v, lo, hi);
    if (!d)
      return error(key, llvm::toString(d.takeError()));
    out = *d;
    return Error::success();
  }
  Error checkUnknown() const {
    if (Error e = checkJSONKeys(obj, seen))
      return llvm::createStringError(
          formatv("{0}: {1}{2}", name,
                  path.empty() ? std::string()
                               : ("'" + path.drop_back() + "': ").str(),
                  llvm::toString(std::move(e)))
              .str());
    return Error::success();
  }

  std::vector<llvm::StringRef> seen;

private:
  const llvm::json::Object &obj;
  llvm::StringRef name, path;
};
} // namespace

llvm::Expected<MachineConfig>
eie::machine::parseMachineConfig(llvm::StringRef json, llvm::StringRef name) {
  llvm::Expected<llvm::json::Value> value = parseJSON(json);
  if (!value)
    return llvm::createStringError(
        formatv("{0}: {1}", name, llvm::toString(value.takeError())).str());
  const llvm::json::Object *obj = value->getAsObject();
  if (!obj)
    return llvm::createStringError(
        formatv("{0}: expected a JSON object", name).str());
  MachineConfig c;
  isa::MachineParams &p = c.params;
  ObjectReader r(*obj, name, "");
  uint32_t depth = c.queueDepth, width = c.sramWidthBits;
  if (Error e = r.integer("pes", 1, 4096, p.numPEs))
    return std::move(e);
  if (Error e = r.integer("queue_depth", 1, 1 << 16, depth))
    return std::move(e);
  if (Error e = r.integer("register_file_entries", 1, 65536, p.regFileEntries))
    return std::move(e);
  if (Error e = r.integer("spmat_sram_bytes", 1, 1u << 30, p.spmatBytes))
    return std::move(e);
  if (Error e = r.integer("pointer_sram_entries", 2, 1u << 28, p.ptrEntries))
    return std::move(e);
  if (Error e = r.integer("sram_width_bits", 8, 4096, width))
    return std::move(e);
  if (width % 8)
    return r.error(
        "sram_width_bits",
        formatv("{0} is not a whole number of 8-bit entries", width));
  c.queueDepth = depth;
  c.sramWidthBits = width;
  if (Error e = r.number("clock_mhz", kMinClockMHz, kMaxClockMHz, c.clockMHz))
    return std::move(e);
  r.seen.push_back("energy_pj");
  if (const llvm::json::Value *ev = obj->get("energy_pj")) {
    const llvm::json::Object *eo = ev->getAsObject();
    if (!eo)
      return r.error("energy_pj", "expected an object");
    ObjectReader er(*eo, name, "energy_pj.");
    EnergyModel &m = c.energy;
    for (auto [key, field] : {std::pair{"spmat_read", &m.spmatRead},
                              {"pointer_read", &m.pointerRead},
                              {"register_file_access", &m.regFileAccess},
                              {"mac", &m.mac},
                              {"queue", &m.queue},
                              {"leakage_per_pe_cycle", &m.leakagePerPECycle}})
      if (Error e = er.number(key, 0.0, kMaxEnergyPJ, *field))
        return std::move(e);
    if (Error e = er.checkUnknown())
      return std::move(e);
  }
  if (Error e = r.checkUnknown())
    return std::move(e);
  return c;
}

llvm::Expected<MachineConfig>
eie::machine::readMachineConfigFile(llvm::StringRef path) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/true);
  if (!buffer)
    return llvm::createStringError(
        formatv("{0}: {1}", path, buffer.getError().message()).str());
  return parseMachineConfig((*buffer)->getBuffer(), path);
}

llvm::json::Value eie::machine::toJSON(const MachineConfig &c) {
  const EnergyModel &e = c.energy;
  return llvm::json::Object{
      {"pes", c.params.numPEs},
      {"queue_depth", c.queueDepth},
      {"register_file_entries", c.params.regFileEntries},
      {"spmat_sram_bytes", c.params.spmatBytes},
      {"pointer_sram_entries", c.params.ptrEntries},
      {"sram_width_bits", c.sramWidthBits},
      {"clock_mhz", c.clockMHz},
      {"energy_pj",
       llvm::json::Object{{"spmat_read", e.spmatRead},
                          {"pointer_read", e.pointerRead},
                          {"register_file_access", e.regFileAccess},
                          {"mac", e.mac},
                          {"queue", e.queue},
                          {"leakage_per_pe_cycle", e.leakagePerPECycle}}}};
}

Error eie::machine::checkCompatible(const isa::Program &program,
                                const MachineConfig &config) {
  const isa::MachineParams &want = program.machine, &have = config.params;
  auto mismatch = [](const char *what, uint64_t want, uint64_t have,
                     const char *rel) {
    return llvm::createStringError(
        formatv("the program was compiled for {0} {1}, the machine has {2} "
                "(needs {3})",
                want, what, have, rel)
            .str());
  };
  if (want.numPEs != have.numPEs)
    return mismatch("PEs", want.numPEs, have.numPEs, "the same");
  if (want.regFileEntries != have.regFileEntries)
    return mismatch("register-file entries per PE", want.regFileEntries,
                    have.regFileEntries, "the same");
  if (want.spmatBytes > have.spmatBytes)
    return mismatch("sparse-matrix SRAM bytes per PE", want.spmatBytes,
                    have.spmatBytes, "at least as many");
  if (want.ptrEntries > have.ptrEntries)
    return mismatch("pointer SRAM entries per PE", want.ptrEntries,
                    have.ptrEntries, "at least as many");
  return Error::success();
}

MachineConfig MachineConfig::withSramWidth(unsigned widthBits) const {
  MachineConfig config = *this;
  config.sramWidthBits = widthBits;
  config.energy.spmatRead =
      energy.spmatRead * (1.0 + double(widthBits) / sramWidthBits) / 2.0;
  return config;
}
