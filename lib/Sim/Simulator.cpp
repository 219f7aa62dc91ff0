//===- Simulator.cpp - Cycle-level simulator of the EIE machine -----------===//

#include "eie/Sim/Simulator.h"
#include "eie/ISA/MachineState.h"

#include "llvm/Support/FormatVariadic.h"

#include <algorithm>

using namespace eie;
using namespace eie::sim;
using namespace eie::machine;
using isa::MachineState;
using isa::RunPass;

namespace {
/// One Run pass: the LNZD, the queues and every PE, event by event.
///
/// Broadcast k leaves the LNZD in cycle B_k and PE p starts it in cycle
/// S_pk = max(B_k + 1, F_p,k-1), busy until F_pk = S_pk + max(1, e_pk) with
/// e_pk its entries in column k. A queue of depth D is full while the PE has
/// not popped broadcast k - D, and a pop frees its slot in the same cycle, so
/// B_k = max(B_k-1 + 1, max_p S_p,k-D). The pass ends when the last entry
/// leaves the pipeline: max_p F_p,last + kPipelineStages - 1.
class PassSimulator {
public:
  PassSimulator(MachineState &state, const MachineConfig &config,
                const RunPass &pass, Counters &c)
      : state(state), config(config), pass(pass), c(c), n(state.numPEs()),
        freeAt(n, 0), lastWord(n, -1), startRing(config.queueDepth, 0),
        busy(n, 0), stall(n, 0) {}

  void run() {
    if (pass.has(isa::RunBias))
      broadcastBias();
    for (uint32_t j = 0; j < pass.numCols; ++j) {
      uint64_t e = uint64_t(pass.colBase) + j;
      int16_t a = state.source(e % n)[e / n];
      // The LNZD skips zero activations without spending a cycle.
      if (a != 0)
        broadcastColumn(j, a);
    }
    uint64_t cycles = 0;
    if (k > 0)
      cycles = *std::max_element(freeAt.begin(), freeAt.end()) +
               isa::kPipelineStages - 1;
    c.passes += 1;
    c.cycles += cycles;
    for (unsigned p = 0; p < n; ++p) {
      c.busy[p] += busy[p];
      c.stall[p] += stall[p];
      c.idle[p] += cycles - busy[p] - stall[p];
    }
  }

private:
  /// Times broadcast k once every PE's entry count is known; `entries` holds
  /// them.
  void time(llvm::ArrayRef<uint32_t> entries) {
    unsigned depth = config.queueDepth;
    uint64_t b = k == 0 ? 0 : lastBroadcast + 1;
    if (k >= depth)
      b = std::max(b, startRing[k % depth]);
    if (k > 0)
      c.queueFullStalls += b - (lastBroadcast + 1);
    uint64_t maxStart = 0, sum = 0;
    for (unsigned p = 0; p < n; ++p) {
      uint64_t s = std::max(b + 1, freeAt[p]);
      uint32_t e = entries[p];
      freeAt[p] = s + std::max<uint32_t>(e, 1);
      busy[p] += e;
      stall[p] += e == 0;
      maxStart = std::max(maxStart, s);
      sum += e;
    }
    startRing[k % depth] = maxStart;
    lastBroadcast = b;
    ++k;
    c.broadcasts += 1;
    c.entries += sum;
    c.theoreticalCycles += double(sum) / n;
  }

  /// The bias column (docs/NUMERICS.md): its entries are the PE's non-zero
  /// biases, with padding entries for zero runs of 16 or more as in any
  /// column. Their values are already in the accumulators (MachineState's
  /// clear); the PE streams them from its bias file instead of the SRAM.
  void broadcastBias() {
    entries.resize(n);
    for (unsigned p = 0; p < n; ++p) {
      const int16_t *bias = state.bias(p);
      int64_t last = -1;
      uint32_t count = 0, nonZero = 0;
      for (int64_t r = 0, rows = pass.localRows(p, n); r < rows; ++r) {
        if (!bias[r])
          continue;
        count += (r - last - 1) / 16 + 1;
        ++nonZero;
        last = r;
      }
      entries[p] = count;
      c.biasEntries += count;
      c.paddingEntries += count - nonZero;
      c.regFileAccesses += nonZero;
    }
    time(entries);
  }

  void broadcastColumn(uint32_t j, int16_t a) {
    llvm::ArrayRef<int16_t> codebook = state.codebook();
    unsigned perRead = config.entriesPerSramRead();
    entries.resize(n);
    for (unsigned p = 0; p < n; ++p) {
      const uint16_t *ptr = state.pointers(p) + pass.ptrAddr;
      uint32_t lo = ptr[j], hi = ptr[j + 1];
      entries[p] = hi - lo;
      c.pointerReads += 1;
      if (lo == hi)
        continue;
      const uint8_t *spmat = state.spmat(p) + pass.spmatAddr;
      int64_t *acc = state.accumulators(p);
      int64_t row = -1;
      uint64_t macs = 0;
      for (uint32_t e = lo; e < hi; ++e) {
        uint8_t entry = spmat[e];
        row += (entry >> 4) + 1;
        uint8_t v = entry & 15;
        if (v) {
          acc[row] += format::multiply(codebook[v], a);
          ++macs;
        }
      }
      c.macs += macs;
      c.paddingEntries += (hi - lo) - macs;
      c.regFileAccesses += 2 * macs;
      // A column's words, less the first if the previous column of this PE
      // ended in it (the read unit keeps the last word).
      int64_t first = (uint64_t(pass.spmatAddr) + lo) / perRead;
      int64_t last = (uint64_t(pass.spmatAddr) + hi - 1) / perRead;
      c.sramReads[p] += last - first + 1 - (first == lastWord[p]);
      lastWord[p] = last;
    }
    time(entries);
  }

  MachineState &state;
  const MachineConfig &config;
  const RunPass &pass;
  Counters &c;
  unsigned n;
  uint64_t k = 0, lastBroadcast = 0;
  std::vector<uint64_t> freeAt;
  std::vector<int64_t> lastWord;
  /// max_p S_pk of the last queueDepth broadcasts, at k mod queueDepth.
  std::vector<uint64_t> startRing;
  std::vector<uint64_t> busy, stall;
  std::vector<uint32_t> entries;
};
} // namespace

char eie::sim::LimitExceededError::ID;

llvm::Expected<SimResult> eie::sim::simulate(const isa::Program &program,
                                             const MachineConfig &config,
                                             llvm::ArrayRef<int16_t> input,
                                             const SimLimits &limits) {
  if (program.instructions.size() > limits.maxInstructions)
    return llvm::make_error<LimitExceededError>(
        llvm::formatv("the program has {0} instructions, more than the limit "
                      "of {1} (--max-instructions)",
                      program.instructions.size(), limits.maxInstructions)
            .str());
  // MachineState checks every instruction before it executes it.
  if (llvm::Error e = isa::verifyStructure(program))
    return std::move(e);
  if (llvm::Error e = checkCompatible(program, config))
    return std::move(e);
  int in = program.findHostVector(isa::HostVectorRole::Input);
  int out = program.findHostVector(isa::HostVectorRole::Output);
  if (input.size() != program.hostVectors[in].length)
    return llvm::createStringError(
        llvm::formatv("the input has {0} elements, the program reads {1}",
                      input.size(), program.hostVectors[in].length)
            .str());

  unsigned n = program.machine.numPEs;
  SimResult result;
  SimReport &report = result.report;
  report.machine = config;
  for (const std::string &name : program.layerNames)
    report.layers.push_back({name, Counters(n)});
  report.total = {"total", Counters(n)};

  MachineState state(program);
  state.setInput(input);
  uint64_t cycles = 0;
  auto simulatePass = [&](const RunPass &pass) {
    Counters &counters = report.layers[pass.layer].counters;
    uint64_t before = counters.cycles;
    PassSimulator(state, config, pass, counters).run();
    cycles += counters.cycles - before;
  };
  auto checkCycles = [&]() -> llvm::Error {
    if (cycles <= limits.maxCycles)
      return llvm::Error::success();
    return llvm::make_error<LimitExceededError>(
        llvm::formatv("the program runs past the limit of {0} cycles "
                      "(--max-cycles)",
                      limits.maxCycles)
            .str());
  };
  if (llvm::Error e = state.run(simulatePass, checkCycles))
    return std::move(e);
  for (const LayerReport &layer : report.layers)
    report.total.counters.add(layer.counters);
  llvm::ArrayRef<int16_t> output = state.hostVector(out);
  result.output.assign(output.begin(), output.end());
  return std::move(result);
}
