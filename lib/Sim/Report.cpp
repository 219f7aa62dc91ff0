//===- Report.cpp - What the EIE simulator measured -----------------------===//

#include "eie/Sim/Report.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <numeric>

using namespace eie::sim;
using namespace eie::machine;
using llvm::formatv;

void Counters::add(const Counters &o) {
  passes += o.passes;
  cycles += o.cycles;
  broadcasts += o.broadcasts;
  queueFullStalls += o.queueFullStalls;
  entries += o.entries;
  paddingEntries += o.paddingEntries;
  biasEntries += o.biasEntries;
  macs += o.macs;
  pointerReads += o.pointerReads;
  regFileAccesses += o.regFileAccesses;
  theoreticalCycles += o.theoreticalCycles;
  for (size_t p = 0; p < busy.size(); ++p) {
    busy[p] += o.busy[p];
    stall[p] += o.stall[p];
    idle[p] += o.idle[p];
    sramReads[p] += o.sramReads[p];
  }
}

uint64_t Counters::totalSramReads() const {
  return std::accumulate(sramReads.begin(), sramReads.end(), uint64_t(0));
}

double LayerReport::timeMicros(const MachineConfig &m) const {
  return counters.cycles / m.clockMHz;
}

double LayerReport::theoreticalMicros(const MachineConfig &m) const {
  return counters.theoreticalCycles / m.clockMHz;
}

static double perPECycle(double work, const Counters &c,
                         const MachineConfig &m) {
  return c.cycles ? work / (double(m.params.numPEs) * c.cycles) : 0.0;
}

double LayerReport::loadBalanceEfficiency(const MachineConfig &m) const {
  return perPECycle(counters.entries, counters, m);
}

double LayerReport::macUtilization(const MachineConfig &m) const {
  return perPECycle(counters.macs, counters, m);
}

Energy LayerReport::energy(const MachineConfig &m) const {
  const EnergyModel &e = m.energy;
  const Counters &c = counters;
  Energy out;
  out.spmatRead = c.totalSramReads() * e.spmatRead;
  out.pointerRead = c.pointerReads * e.pointerRead;
  out.regFile = c.regFileAccesses * e.regFileAccess;
  out.mac = c.macs * e.mac;
  out.queue = double(c.broadcasts) * m.params.numPEs * e.queue;
  out.leakage = double(c.cycles) * m.params.numPEs * e.leakagePerPECycle;
  return out;
}

/// pJ / us = uW; / 1000 = mW.
static double powerMilliwatts(const LayerReport &l, const MachineConfig &m) {
  double us = l.timeMicros(m);
  return us > 0 ? l.energy(m).total() / us / 1000.0 : 0.0;
}

void eie::sim::printReport(const SimReport &report, llvm::raw_ostream &os) {
  const MachineConfig &m = report.machine;
  os << formatv("EIE simulation: {0} PEs, queue depth {1}, {2}-bit SRAM "
                "reads, {3:f1} MHz\n",
                m.params.numPEs, m.queueDepth, m.sramWidthBits, m.clockMHz);
  os << formatv("{0,-16} {1,6} {2,12} {3,10} {4,10} {5,12} {6,12} {7,8} "
                "{8,8} {9,10} {10,11} {11,12} {12,9}\n",
                "layer", "passes", "cycles", "time_us", "theory_us", "macs",
                "entries", "lb_eff", "mac_util", "q_stalls", "sram_reads",
                "energy_nj", "power_mw");
  auto row = [&](const LayerReport &l) {
    const Counters &c = l.counters;
    os << formatv("{0,-16} {1,6} {2,12} {3,10:f4} {4,10:f4} {5,12} {6,12} "
                  "{7,8:f4} {8,8:f4} {9,10} {10,11} {11,12:f3} {12,9:f3}\n",
                  l.name, c.passes, c.cycles, l.timeMicros(m),
                  l.theoreticalMicros(m), c.macs, c.entries,
                  l.loadBalanceEfficiency(m), l.macUtilization(m),
                  c.queueFullStalls, c.totalSramReads(),
                  l.energy(m).total() / 1000.0, powerMilliwatts(l, m));
  };
  for (const LayerReport &l : report.layers)
    row(l);
  row(report.total);
  const Counters &t = report.total.counters;
  auto range = [&](const char *what, const std::vector<uint64_t> &v) {
    if (v.empty())
      return;
    auto [lo, hi] = std::minmax_element(v.begin(), v.end());
    double mean = std::accumulate(v.begin(), v.end(), 0.0) / double(v.size());
    os << formatv("per-PE {0,-10} min {1,12} mean {2,14:f1} max {3,12}\n", what,
                  *lo, mean, *hi);
  };
  range("busy", t.busy);
  range("stall", t.stall);
  range("idle", t.idle);
  range("sram_reads", t.sramReads);
  Energy e = report.total.energy(m);
  os << formatv("energy_nj spmat {0:f3} pointer {1:f3} regfile {2:f3} mac "
                "{3:f3} queue {4:f3} leakage {5:f3}\n",
                e.spmatRead / 1000, e.pointerRead / 1000, e.regFile / 1000,
                e.mac / 1000, e.queue / 1000, e.leakage / 1000);
}

static llvm::json::Value layerToJSON(const LayerReport &l,
                                     const MachineConfig &m) {
  const Counters &c = l.counters;
  Energy e = l.energy(m);
  auto array = [](const std::vector<uint64_t> &v) {
    llvm::json::Array a;
    for (uint64_t x : v)
      a.push_back(x);
    return a;
  };
  return llvm::json::Object{
      {"name", l.name},
      {"passes", c.passes},
      {"cycles", c.cycles},
      {"time_us", l.timeMicros(m)},
      {"theoretical_cycles", c.theoreticalCycles},
      {"theoretical_time_us", l.theoreticalMicros(m)},
      {"macs", c.macs},
      {"entries", c.entries},
      {"padding_entries", c.paddingEntries},
      {"bias_entries", c.biasEntries},
      {"broadcasts", c.broadcasts},
      {"queue_full_stalls", c.queueFullStalls},
      {"pointer_reads", c.pointerReads},
      {"register_file_accesses", c.regFileAccesses},
      {"sram_reads", c.totalSramReads()},
      {"load_balance_efficiency", l.loadBalanceEfficiency(m)},
      {"mac_utilization", l.macUtilization(m)},
      {"energy_pj", llvm::json::Object{{"spmat_read", e.spmatRead},
                                       {"pointer_read", e.pointerRead},
                                       {"register_file", e.regFile},
                                       {"mac", e.mac},
                                       {"queue", e.queue},
                                       {"leakage", e.leakage},
                                       {"total", e.total()}}},
      {"power_mw", powerMilliwatts(l, m)},
      {"pe", llvm::json::Object{{"busy", array(c.busy)},
                                {"stall", array(c.stall)},
                                {"idle", array(c.idle)},
                                {"sram_reads", array(c.sramReads)}}}};
}

llvm::json::Value eie::sim::toJSON(const SimReport &report) {
  llvm::json::Array layers;
  for (const LayerReport &l : report.layers)
    layers.push_back(layerToJSON(l, report.machine));
  return llvm::json::Object{
      {"machine", toJSON(report.machine)},
      {"layers", std::move(layers)},
      {"total", layerToJSON(report.total, report.machine)}};
}
