//===- VariantSelection.cpp - Choosing a kernel variant per layer ---------===//
//
// The fastest variant depends on the layer and on the CPU: on one core a
// 16-lane scatter is cheap, on another a scalar walk beats it; permutes of
// 512-bit registers cost one cycle on one core and two on another. So the
// choice is measured, not predicted: every variant this CPU runs is packed
// and timed on the layer itself, with activations of the expected density.
// The Panels shape has too many settings to time each: a cost model (the
// layer's statistics, how many entries each row has in each panel, weighted
// by this CPU's cost of a panel step and of a walked entry, measured once
// per process on a synthetic layer) gives the best steps per panel width,
// and the widths are timed like variants.
//
//===----------------------------------------------------------------------===//

#include "VariantSelection.h"
#include "KernelImpl.h"
#include "eie/Format/FixedPoint.h"
#include "eie/Runtime/SparseKernel.h"

#include "llvm/ADT/Hashing.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/bit.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <numeric>
#include <random>
#include <thread>

using namespace eie;
using namespace eie::runtime;
using namespace eie::runtime::detail;

namespace {

using Clock = std::chrono::steady_clock;

double nanosSince(Clock::time_point start) {
  return std::chrono::duration<double, std::nano>(Clock::now() - start).count();
}

/// The shortest of a few timed calls of fn after untimed ones for warmNanos
/// (one at least): on a shared machine, interference only ever adds time.
template <typename Fn>
double fastestNanos(unsigned calls, Fn fn, double warmNanos = 0) {
  Clock::time_point warm = Clock::now();
  do
    fn();
  while (nanosSince(warm) < warmNanos);
  double best = 1e300;
  for (unsigned i = 0; i < calls; ++i) {
    Clock::time_point start = Clock::now();
    fn();
    best = std::min(best, nanosSince(start));
  }
  return best;
}

/// This CPU's costs in the Panels cost model.
struct HostCosts {
  /// One entry of the Panels layouts' Columns walk of the leftover entries,
  /// one active column of it, and one more slice's segment of a column.
  double nanosPerWalkedEntry = 0, nanosPerWalkedColumn = 0,
         nanosPerWalkedSegment = 0;
  /// One entry of the per-row leftover lists (PanelLeftover::Rows), and one
  /// row of them.
  double nanosPerRowEntry = 0, nanosPerRow = 0;
  /// One step of one block in one panel, per (ISA, panel width); a block
  /// costs about one step more per panel (loading the activations, the
  /// loop).
  std::map<std::pair<KernelISA, unsigned>, double> nanosPerStep;
};

/// A call on synthetic data and the units (columns, rows or panel steps)
/// its time is divided by.
struct CostProbe {
  std::function<void()> call;
  double units;
};

/// Measured once per process on synthetic data of about the size of the
/// smaller layers (a few hundred KB of entries): a few milliseconds.
const HostCosts &hostCosts() {
  static const HostCosts costs = [] {
    HostCosts c;
    std::mt19937 rng(1);
    alignas(64) float codebook[16];
    for (unsigned v = 0; v < 16; ++v)
      codebook[v] = v == 0 ? 0.0f : 0.01f * float(v);
    // The probes' data, which they point into (deques keep it in place).
    std::deque<PackedMatrix::Slice> slices;
    std::deque<std::vector<SliceOutput<float>>> outputs;
    std::deque<std::vector<uint16_t>> panelEntries;
    std::vector<CostProbe> probes;

    // The walk, over 1024 columns of 4096 rows: columns of 20-28 entries
    // give the cost of an entry, columns of 0-4 that of a column (finding
    // it, its prefetch, the premultiplied codebook, a mispredicted loop
    // exit), which dominates a Panels layer's leftovers at dense inputs:
    // NT-We's 2% of entries left to the walk took half its time. A layer
    // of more than kRowCodeRows rows has its leftover in several slices,
    // and the walk visits each one's segment of a column: columns of 0-4
    // entries in two slices give the cost of a segment (4.4 ns against 5.6
    // for a column of one slice, Zen 5; uncounted, the model put NT-Wd's
    // walk at 7.3 us where it took 11.2).
    constexpr uint32_t walkCols = 1024, walkRows = 4096;
    // Both Panels variants walk with the AVX2 kernels.
    const SliceFloatFn walk =
        kernelsFor({Layout::Panels, KernelISA::AVX2}).sliceFloat;
    std::vector<float> acc(walkRows), x(walkCols, 0.5f);
    std::vector<Activation<float>> act;
    for (uint32_t j = 0; j < walkCols; ++j)
      act.push_back({j, 0.5f});
    // Offsets of n runs of fewest..most entries each (colPtr, rowPtr).
    auto randomOffsets = [&](std::vector<uint32_t> &offsets, uint32_t n,
                             unsigned fewest, unsigned most) {
      offsets.push_back(0);
      for (uint32_t i = 0; i < n; ++i)
        offsets.push_back(offsets.back() + fewest +
                          rng() % (most - fewest + 1));
    };
    auto walkProbe = [&](unsigned numSlices, unsigned fewest, unsigned most) {
      std::vector<SliceOutput<float>> &out = outputs.emplace_back();
      for (unsigned i = 0; i < numSlices; ++i) {
        PackedMatrix::Slice &s = slices.emplace_back();
        s.numRows = walkRows;
        randomOffsets(s.colPtr, walkCols, fewest, most);
        for (uint32_t k = 0; k < s.colPtr.back(); ++k) {
          uint16_t word = uint16_t((1 + rng() % 15) | (rng() % walkRows) << 4);
          s.entries.push_back(uint8_t(word));
          s.entries.push_back(uint8_t(word >> 8));
        }
        s.entries.resize(s.entries.size() + PackedMatrix::kEntryTail);
        out.push_back({&s, acc.data()});
      }
      return CostProbe{[&, numSlices, outs = out.data()] {
                         walk(outs, numSlices, EntryKind::RowCode, codebook,
                              act.data(), act.size());
                       },
                       double(walkCols)};
    };
    probes.push_back(walkProbe(1, 0, 4));
    probes.push_back(walkProbe(1, 20, 28));
    probes.push_back(walkProbe(2, 0, 4));

    // The per-row lists, over 4096 rows of 1024 columns: rows of 12-20
    // entries give the cost of an entry, rows of 0-2 that of a row.
    auto listProbe = [&](unsigned fewest, unsigned most) {
      PackedMatrix::Slice &s = slices.emplace_back();
      s.numRows = walkRows;
      randomOffsets(s.rowPtr, walkRows, fewest, most);
      for (uint32_t k = 0; k < s.rowPtr.back(); ++k)
        s.rowEntries.push_back(rng() % walkCols | (1 + rng() % 15)
                                                      << kRowLeftoverCodeShift);
      return CostProbe{[&, lists = &s] {
                         addRowLeftover(*lists, 0, walkRows, codebook, x.data(),
                                        acc.data());
                       },
                       double(walkRows)};
    };
    probes.push_back(listProbe(0, 2));
    probes.push_back(listProbe(12, 20));

    // The Panels kernels: 1024 rows, 32 panels, 8 steps.
    constexpr uint32_t rows = 1024, panels = 32, steps = 8;
    std::vector<float> panelX(
        size_t(panels) * panelWidths(KernelISA::AVX512).back(), 0.25f),
        y(rows);
    std::vector<std::pair<KernelISA, unsigned>> stepKeys;
    for (KernelISA isa : {KernelISA::AVX2, KernelISA::AVX512}) {
      if (!isKernelISASupported(isa))
        continue;
      for (unsigned width : panelWidths(isa)) {
        const PanelShape shape{isa == KernelISA::AVX512 ? 16u : 8u, width,
                               steps};
        std::vector<uint16_t> &entries =
            panelEntries.emplace_back(size_t(rows) * panels * steps);
        for (uint16_t &e : entries)
          e = uint16_t(rng() % width | (1 + rng() % 15) << 8);
        const PanelFloatFn panel = panelKernelsFor(isa).panelFloat;
        const uint32_t blocks = rows / shape.lanes;
        probes.push_back({[&, panel, shape, blocks, e = entries.data()] {
                            panel(e, blocks, panels, shape, codebook,
                                  panelX.data(), y.data());
                          },
                          double(blocks) * panels * (steps + 1)});
        stepKeys.push_back({isa, width});
      }
    }

    // In interleaved rounds, the fastest of each counting: the VM's speed
    // changes within milliseconds, and timed one after the other, one cost
    // came out 1.5x the others (NT-LSTM's lists modelled at 4.3 us, which
    // took 2.6).
    std::vector<double> nanos(probes.size(), 1e300);
    for (unsigned round = 0; round < 3; ++round)
      for (size_t i = 0; i < probes.size(); ++i)
        nanos[i] = std::min(nanos[i],
                            fastestNanos(2, probes[i].call) / probes[i].units);
    const double shortColumns = nanos[0], longColumns = nanos[1],
                 twoSegments = nanos[2], shortRows = nanos[3],
                 longRows = nanos[4];
    c.nanosPerWalkedEntry = std::max(0.0, (longColumns - shortColumns) / 22);
    c.nanosPerWalkedColumn =
        std::max(0.0, shortColumns - 2 * c.nanosPerWalkedEntry);
    c.nanosPerWalkedSegment =
        std::max(0.0, twoSegments - shortColumns - 2 * c.nanosPerWalkedEntry);
    c.nanosPerRowEntry = std::max(0.0, (longRows - shortRows) / 15);
    c.nanosPerRow = std::max(0.0, shortRows - c.nanosPerRowEntry);
    for (size_t k = 0; k < stepKeys.size(); ++k)
      c.nanosPerStep[stepKeys[k]] = nanos[5 + k];
    return c;
  }();
  return costs;
}

/// A Panels shape and what the model expects of it.
struct PanelChoice {
  PanelShape shape;
  double predictedNanos = 1e300;
  double leftoverShare = 0; ///< of the entries, beyond the steps
  PanelLeftover leftover = PanelLeftover::Walk;
};

/// What the model expects of `steps` per panel of `width` columns, from
/// `histogram` (how many rows of how many panels have n entries in a panel):
/// padded panel steps, and the entries beyond them walked by column (only
/// those in active columns, and every active column's segment in each
/// leftover slice unless nothing is left) or summed in per-row lists (every
/// entry and row), whichever is cheaper.
PanelChoice modelSteps(const HostCosts &costs,
                       llvm::ArrayRef<uint64_t> histogram,
                       const format::SparseCodes &c, KernelISA isa,
                       unsigned width, unsigned steps,
                       double activationDensity) {
  const unsigned lanes = isa == KernelISA::AVX512 ? 16 : 8;
  const uint64_t blocks = llvm::divideCeil(c.numRows, lanes),
                 panels = llvm::divideCeil(c.numCols, width);
  uint64_t left = 0;
  for (unsigned n = steps + 1; n <= width; ++n)
    left += (n - steps) * histogram[n];
  const uint64_t segments = llvm::divideCeil(c.numRows, kRowCodeRows);
  const double walk =
      double(left) * activationDensity * costs.nanosPerWalkedEntry +
      (left ? c.numCols * activationDensity *
                  (costs.nanosPerWalkedColumn +
                   double(segments - 1) * costs.nanosPerWalkedSegment)
            : 0.0);
  const double rows = left ? double(left) * costs.nanosPerRowEntry +
                                 double(c.numRows) * costs.nanosPerRow
                           : 0.0;
  PanelChoice choice;
  choice.shape = {lanes, width, steps};
  choice.predictedNanos = double(blocks * panels * (steps + 1)) *
                              costs.nanosPerStep.at({isa, width}) +
                          std::min(walk, rows);
  choice.leftoverShare = c.codes.empty() ? 0 : double(left) / c.codes.size();
  choice.leftover = rows < walk ? PanelLeftover::Rows : PanelLeftover::Walk;
  return choice;
}

/// Per panel width of isa's kernels (panelWidths), how many rows of how many
/// panels have n entries in a panel: counted at the narrowest width, then
/// summed pairwise (the widths double).
std::vector<std::vector<uint64_t>> panelHistograms(const format::SparseCodes &c,
                                                   KernelISA isa) {
  llvm::ArrayRef<unsigned> widths = panelWidths(isa);
  const uint64_t rows = c.numRows;
  uint64_t panels = llvm::divideCeil(c.numCols, widths.front());
  // counts[p * rows + r]: row r's entries in panel p.
  std::vector<uint8_t> counts(panels * rows, 0);
  for (uint32_t j = 0; j < c.numCols; ++j)
    for (uint64_t k = c.colPtr[j]; k < c.colPtr[j + 1]; ++k)
      ++counts[j / widths.front() * rows + c.rowIdx[k]];
  std::vector<std::vector<uint64_t>> histograms;
  for (unsigned width : widths) {
    if (width != widths.front()) {
      assert(width == 2 * (&width)[-1] && "panel widths must double");
      uint64_t wider = llvm::divideCeil(panels, 2);
      for (uint64_t p = 0; p < wider; ++p)
        for (uint64_t r = 0; r < rows; ++r)
          counts[p * rows + r] = uint8_t(
              counts[2 * p * rows + r] +
              (2 * p + 1 < panels ? counts[(2 * p + 1) * rows + r] : 0));
      panels = wider;
      counts.resize(panels * rows);
    }
    std::vector<uint64_t> &histogram = histograms.emplace_back(width + 1, 0);
    for (uint8_t n : counts)
      ++histogram[n];
  }
  return histograms;
}

/// Per panel width of isa's kernels, the steps with the least modelled time
/// (modelSteps), fastest first, and for the fastest width the runner-up
/// steps too when the model puts them within kStepsTie: the model decides a
/// near tie by its noise, not by the layer (VGG-8 capped at AVX2: 16 x 2 and
/// 16 x 4 panels modelled 2% apart, each chosen in some runs, and timed 13%
/// apart). Only that width's: every width's runner-up added a tenth to
/// AlexNet's packing.
std::vector<PanelChoice> modelPanelShapes(const format::SparseCodes &c,
                                          KernelISA isa,
                                          double activationDensity) {
  constexpr double kStepsTie = 1.05;
  const HostCosts &costs = hostCosts();
  llvm::ArrayRef<unsigned> widths = panelWidths(isa);
  std::vector<std::vector<uint64_t>> histograms = panelHistograms(c, isa);
  // Ties go to the narrower panels, then to fewer steps. (Not a stable
  // sort: libstdc++ 12's std::stable_sort calls std::get_temporary_buffer,
  // which it marks deprecated in C++17, and the build warned.)
  auto faster = [](const PanelChoice &a, const PanelChoice &b) {
    if (a.predictedNanos != b.predictedNanos)
      return a.predictedNanos < b.predictedNanos;
    return a.shape.width != b.shape.width ? a.shape.width < b.shape.width
                                          : a.shape.steps < b.shape.steps;
  };
  std::vector<PanelChoice> choices, runnersUp;
  for (size_t w = 0; w < widths.size(); ++w) {
    std::vector<PanelChoice> ofWidth;
    for (unsigned steps = 2; steps <= widths[w]; steps += 2)
      ofWidth.push_back(modelSteps(costs, histograms[w], c, isa, widths[w],
                                   steps, activationDensity));
    llvm::sort(ofWidth, faster);
    choices.push_back(ofWidth[0]);
    runnersUp.push_back(ofWidth.size() > 1 ? ofWidth[1] : PanelChoice());
  }
  const size_t fastest =
      std::min_element(choices.begin(), choices.end(), faster) -
      choices.begin();
  if (runnersUp[fastest].predictedNanos <
      choices[fastest].predictedNanos * kStepsTie)
    choices.push_back(runnersUp[fastest]);
  llvm::sort(choices, faster);
  return choices;
}

/// The model's view of one shape of isa's Panels kernels.
PanelChoice modelPanelShape(const format::SparseCodes &c, KernelISA isa,
                            unsigned width, unsigned steps,
                            double activationDensity) {
  llvm::ArrayRef<unsigned> widths = panelWidths(isa);
  size_t w = llvm::find(widths, width) - widths.begin();
  assert(w < widths.size() && "not a panel width of the ISA");
  return modelSteps(hostCosts(), panelHistograms(c, isa)[w], c, isa, width,
                    steps, activationDensity);
}

/// What a layer's selection gave, for later packings of the same pattern.
struct Selection {
  KernelVariant variant;
  unsigned panelWidth, panelSteps;
  PanelLeftover panelLeftover;
  std::string reason;
};

llvm::StringRef modeName(NumericMode mode) {
  return mode == NumericMode::Float ? "float" : "fixed mode";
}

/// Selections so far, by pattern (selectionKey).
std::mutex cacheMutex;
std::map<uint64_t, Selection> cache;

uint64_t selectionKey(const format::CompressedMatrix &m,
                      const format::SparseCodes &c, const PackOptions &o,
                      std::optional<KernelVariant> forced) {
  return llvm::hash_combine(
      c.numRows, c.numCols, m.codebook.bits,
      llvm::bit_cast<uint64_t>(o.expectedActivationDensity),
      o.entryKind ? int(*o.entryKind) : -1, int(o.mode), o.numSlices,
      o.panelWidth, o.panelSteps, o.panelLeftover ? int(*o.panelLeftover) : -1,
      forced ? int(forced->layout) : -1, forced ? int(forced->isa) : -1,
      // Fixed mode's sums are widened as often as the codebook's magnitudes
      // require.
      llvm::hash_combine_range(m.codebook.fixedValues.begin(),
                               m.codebook.fixedValues.end()),
      llvm::hash_combine_range(c.colPtr.begin(), c.colPtr.end()),
      llvm::hash_combine_range(c.rowIdx.begin(), c.rowIdx.end()));
}

/// Packs variant v; the Panels shape the options leave open comes from
/// choice, and the matrix's reason says which shape it is.
llvm::Expected<PackedMatrix> buildVariant(const format::CompressedMatrix &m,
                                          const format::SparseCodes &c,
                                          KernelVariant v, PackOptions o,
                                          const PanelChoice *choice) {
  if (v.layout != Layout::Panels)
    return PackedMatrix::build(m, c, v, o, "");
  if (choice) {
    if (!o.panelWidth)
      o.panelWidth = choice->shape.width;
    if (!o.panelSteps)
      o.panelSteps = std::min(choice->shape.steps, o.panelWidth);
  }
  // A shape the kernels take (else build says what is wrong with it) has
  // its leftover placed as the model finds cheaper, unless the options
  // place it.
  std::string reason = llvm::formatv("panels of {0} columns x {1} steps",
                                     o.panelWidth, o.panelSteps);
  if (isPanelShape(v.isa, o.panelWidth, o.panelSteps)) {
    PanelChoice modelled =
        choice && choice->shape.width == o.panelWidth &&
                choice->shape.steps == o.panelSteps
            ? *choice
            : modelPanelShape(c, v.isa, o.panelWidth, o.panelSteps,
                              o.expectedActivationDensity);
    if (!o.panelLeftover)
      o.panelLeftover = modelled.leftover;
    reason += llvm::formatv(
        "{0}, {1:P0} of the entries beyond them {2}",
        choice ? ", the steps from the cost model" : "", modelled.leftoverShare,
        *o.panelLeftover == PanelLeftover::Rows ? "in per-row lists"
                                                : "walked by column");
  }
  return PackedMatrix::build(m, c, v, o, std::move(reason));
}

/// Prefixes why the variant was chosen to what buildVariant said of it.
void explain(PackedMatrix &p, const std::string &why) {
  std::string shape = p.variantReason();
  p.setVariantReason(shape.empty() ? why : why + "; " + shape);
}

/// Activations of the expected density for the calibration, values in
/// (0, 1].
std::vector<float> calibrationActivations(uint32_t n, double density) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> u(0, 1);
  std::vector<float> x(n, 0.0f);
  for (float &v : x)
    if (u(rng) < density)
      v = 1.0f - u(rng) * 0.99f;
  return x;
}

/// The threads a calibration times: as many as the matrix is packed for
/// (its slices), up to the CPUs there are.
unsigned calibrationThreads(const PackOptions &o) {
  return std::clamp(std::thread::hardware_concurrency(), 1u, o.numSlices);
}

/// The name of candidate p in the calibration's report: its variant, and
/// its panel shape when the variant has several among all candidates.
std::string candidateName(const PackedMatrix &p,
                          llvm::ArrayRef<PackedMatrix> all) {
  std::string name = kernelVariantName(p.variant());
  if (p.getLayout() == Layout::Panels &&
      llvm::count_if(all, [&](const PackedMatrix &q) {
        return q.variant() == p.variant();
      }) > 1)
    name +=
        llvm::formatv(" {0}x{1}", p.panelShape().width, p.panelShape().steps);
  return name;
}

/// Bytes of its matrix a call of p reads at activation density d: a Columns
/// walk reads the active columns' entries, a Panels kernel every panel entry
/// and the active columns' leftover entries, or every per-row list.
double matrixBytesPerCall(const PackedMatrix &p, double d) {
  auto walkedBytes = [d](const PackedMatrix::Slice &slice) {
    return double(slice.entries.size() - PackedMatrix::kEntryTail) * d;
  };
  double bytes = 0;
  for (unsigned s = 0; s < p.numSlices(); ++s) {
    const PackedMatrix::Slice &slice = p.slice(s);
    if (p.getLayout() == Layout::Columns)
      bytes += walkedBytes(slice);
    bytes += double(slice.panelEntries.size() * sizeof(uint16_t) +
                    (slice.rowPtr.size() + slice.rowEntries.size()) *
                        sizeof(uint32_t));
  }
  for (unsigned s = 0; s < p.numLeftoverSlices(); ++s)
    bytes += walkedBytes(p.leftoverSlice(s));
  return bytes;
}

/// The candidates of variants `only` (every variant this CPU runs when
/// empty) for m, packed and timed with activations of the expected density
/// on as many threads as it is packed for (what is fastest on one thread
/// need not be on two: the threads share the memory bandwidth), in
/// interleaved rounds (the best call of each counts); the fastest wins. A
/// Panels variant has a candidate per panel width (the steps from the cost
/// model), unless the options fix the shape: the model ranks the widths
/// well but not always right, and a wrong width cost Alex-6 a third.
llvm::Expected<PackedMatrix> calibrate(const format::CompressedMatrix &m,
                                       const format::SparseCodes &c,
                                       const PackOptions &o,
                                       llvm::ArrayRef<KernelVariant> only) {
  // Panels shapes whose modelled time is more than kUntimedBeyond times the
  // fastest one's are not worth packing and timing.
  constexpr double kUntimedBeyond = 1.5;
  const bool shapeFixed = o.panelWidth && o.panelSteps;
  std::vector<std::pair<KernelVariant, std::vector<PanelChoice>>> shapes;
  double fastestModelled = 1e300;
  std::vector<KernelVariant> variants;
  for (KernelVariant v : only.empty() ? allKernelVariants() : only) {
    // Panels take 4-bit codebooks only: a forced one reports it when built.
    const bool panelsFit = v.layout == Layout::Panels && m.codebook.bits <= 4;
    if (only.empty() && (!isKernelISASupported(v.isa) ||
                         (v.layout != Layout::Columns && !panelsFit)))
      continue;
    variants.push_back(v);
    if (panelsFit && !shapeFixed) {
      std::vector<PanelChoice> choices =
          modelPanelShapes(c, v.isa, o.expectedActivationDensity);
      // A width the options fix leaves the steps of that width's choice.
      if (o.panelWidth)
        llvm::erase_if(choices, [&](const PanelChoice &choice) {
          return choice.shape.width != o.panelWidth;
        });
      if (choices.empty())
        return llvm::createStringError(
            "packed matrix: %s has no panels of %u columns",
            kernelVariantName(v).c_str(), o.panelWidth);
      fastestModelled =
          std::min(fastestModelled, choices.front().predictedNanos);
      shapes.push_back({v, std::move(choices)});
    }
  }
  std::vector<PackedMatrix> candidates;
  std::string untimed;
  for (KernelVariant v : variants) {
    auto columns = llvm::find_if(candidates, [](const PackedMatrix &p) {
      return p.getLayout() == Layout::Columns;
    });
    if (v.layout == Layout::Columns && columns != candidates.end()) {
      candidates.push_back(columns->withColumnsISA(v.isa));
      continue;
    }
    auto modelled =
        llvm::find_if(shapes, [&](const auto &p) { return p.first == v; });
    if (modelled == shapes.end()) {
      auto packed = buildVariant(m, c, v, o, nullptr);
      if (!packed)
        return packed.takeError();
      candidates.push_back(std::move(*packed));
      continue;
    }
    for (const PanelChoice &choice : modelled->second) {
      double slower = choice.predictedNanos / fastestModelled;
      if (slower > kUntimedBeyond) {
        untimed += llvm::formatv("; {0} {1}x{2} not timed (modelled {3:F1}x "
                                 "the fastest panels)",
                                 kernelVariantName(v), choice.shape.width,
                                 choice.shape.steps, slower);
        continue;
      }
      auto packed = buildVariant(m, c, v, o, &choice);
      if (!packed)
        return packed.takeError();
      candidates.push_back(std::move(*packed));
    }
  }
  if (candidates.size() == 1) {
    if (only.empty())
      explain(candidates.front(), "the only variant this CPU runs");
    return std::move(candidates.front());
  }

  std::vector<float> x =
      calibrationActivations(c.numCols, o.expectedActivationDensity);
  std::vector<float> y(c.numRows);
  // Fixed mode's activations: the same values, in the format a compiler
  // picks for them (chooseFracBits: Q14 for values up to 1), so that their
  // magnitudes, and with them how often the int32 sums are widened, are a
  // real layer's. In Q12 the panels widened about every 8 pairs of steps,
  // where the benchmark's layers widen every 2.
  const int actFrac = format::chooseFracBits(
      x.empty() ? 0.0 : double(*std::max_element(x.begin(), x.end())));
  std::vector<int16_t> xq(x.size()), yq(c.numRows);
  for (size_t j = 0; j < x.size(); ++j)
    xq[j] = format::quantize(x[j], actFrac);
  const format::FixedPointParams fixed{actFrac, m.codebook.fracBits, actFrac};
  KernelOptions threads;
  threads.numThreads = calibrationThreads(o);
  // Two calls of candidate i in `mode` after 2 ms of untimed ones: it is
  // timed with its matrix in the cache, as a layer called again and again
  // runs (and as the benchmark times it). The others evicted it, and one
  // call did not bring a 10 MB matrix back (Alex-6's widths timed alike
  // cold, 30% apart warm; VGG-6's Panels, which read the whole matrix,
  // 1.5x slower than warm where the Columns walk reads a fifth of it).
  auto nanosIn = [&](NumericMode mode, size_t i) {
    return fastestNanos(
        2,
        [&] {
          if (mode == NumericMode::Float)
            llvm::cantFail(multiplyFloat(candidates[i], x.data(), nullptr,
                                         y.data(), false, threads));
          else
            llvm::cantFail(multiplyFixed(candidates[i], xq.data(), nullptr,
                                         yq.data(), fixed, false, threads));
        },
        /*warmNanos=*/2e6);
  };
  std::vector<double> best(candidates.size(), 1e300);
  auto time = [&](size_t i) {
    best[i] = std::min(best[i], nanosIn(o.mode, i));
  };
  std::vector<size_t> order(candidates.size());
  std::iota(order.begin(), order.end(), 0);
  auto rank = [&] {
    llvm::sort(order, [&](size_t a, size_t b) {
      return best[a] != best[b] ? best[a] < best[b] : a < b;
    });
  };
  // At least three rounds, more while they take under 30 ms.
  Clock::time_point start = Clock::now();
  for (unsigned round = 0; round < 3 || (round < 20 && nanosSince(start) < 3e7);
       ++round)
    for (size_t i = 0; i < candidates.size(); ++i)
      time(i);
  rank();
  // The two fastest within kCloseRace of each other: a few more rounds of
  // just those two, since on a busy machine a few rounds' noise decided
  // such a race either way (the benchmark's best / chosen then showed the
  // loser up to 15% slower than the winner).
  constexpr double kCloseRace = 1.05;
  std::string tieBreak;
  // Whether the second fastest took less than `factor` times the fastest.
  auto secondWithin = [&](double factor) {
    return candidates.size() > 1 && best[order[1]] < best[order[0]] * factor;
  };
  if (secondWithin(kCloseRace)) {
    for (unsigned round = 0; round < 4; ++round)
      for (size_t i : {order[0], order[1]})
        time(i);
    rank();
  }
  // Taken after the extra rounds, which may reorder the two.
  size_t chosen = order.front();
  // Within kOtherModeDecides: the other mode helps decide, which the two
  // may differ in far more (VGG-7's 32 x 2 and 64 x 4 panels timed within
  // 3% in float, and 0.92 against 0.74 of that in fixed mode). Only that
  // close: within kCloseRace, fixed mode's choice gave up 3% in float in
  // calibration and 7% in the benchmark (VGG-7, best / chosen 0.93, Zen 5).
  constexpr double kOtherModeDecides = 1.02;
  if (secondWithin(kOtherModeDecides)) {
    const NumericMode other =
        o.mode == NumericMode::Float ? NumericMode::Fixed : NumericMode::Float;
    double otherBest[2] = {1e300, 1e300};
    for (unsigned round = 0; round < 4; ++round)
      for (unsigned k = 0; k < 2; ++k)
        otherBest[k] = std::min(otherBest[k], nanosIn(other, order[k]));
    // Each mode's time over the faster's, summed: the other mode decides
    // only by gaining more than the lead it gives up (Alex-8: 32 x 10
    // panels 5% faster in float, 64 x 18 3% faster in fixed mode).
    const double fastestOther = std::min(otherBest[0], otherBest[1]);
    auto score = [&](unsigned k) {
      return best[order[k]] / best[order[0]] + otherBest[k] / fastestOther;
    };
    const unsigned winner = score(1) < score(0) ? 1 : 0;
    chosen = order[winner];
    tieBreak = llvm::formatv(
        "; {0} and {1} within {2:P0} in {3}, so {4} helped decide: "
        "{5:F1} against {6:F1} us, {7} chosen",
        candidateName(candidates[order[0]], candidates),
        candidateName(candidates[order[1]], candidates),
        best[order[1]] / best[order[0]] - 1, modeName(o.mode), modeName(other),
        otherBest[0] / 1000, otherBest[1] / 1000,
        candidateName(candidates[chosen], candidates));
  }
  // A candidate within kLeanerWins of the fastest that reads at most half
  // its memory per call wins: the calibration times warm caches on a quiet
  // core, and a layer that streams its whole matrix suffers most from other
  // cores' memory traffic and from cold caches. On VGG-6 (18% active
  // inputs) Panels, which read the whole matrix, timed within 7% of the
  // Columns walk in calibration and up to 49% slower in the benchmark.
  constexpr double kLeanerWins = 1.10;
  std::string leaner;
  const double fastestBytes =
      matrixBytesPerCall(candidates[chosen], o.expectedActivationDensity);
  for (size_t k = 0;
       k < order.size() && best[order[k]] < best[chosen] * kLeanerWins; ++k) {
    if (order[k] == chosen)
      continue;
    double bytes =
        matrixBytesPerCall(candidates[order[k]], o.expectedActivationDensity);
    if (bytes > 0 && 2 * bytes <= fastestBytes) {
      leaner = llvm::formatv("; chosen within {0:P0} of the fastest for "
                             "reading {1:F1}x less of the matrix per call",
                             best[order[k]] / best[order.front()] - 1,
                             fastestBytes / bytes);
      chosen = order[k];
      break;
    }
  }
  std::string why;
  llvm::raw_string_ostream os(why);
  os << llvm::formatv("fastest in calibration at {0:P0} active inputs on {1} "
                      "thread{2}{3} (",
                      o.expectedActivationDensity, threads.numThreads,
                      threads.numThreads == 1 ? "" : "s",
                      o.mode == NumericMode::Fixed ? " in fixed mode" : "");
  llvm::interleaveComma(order, os, [&](size_t i) {
    os << llvm::formatv("{0} {1:F1} us",
                        candidateName(candidates[i], candidates),
                        best[i] / 1000);
  });
  os << ")" << tieBreak << leaner << untimed;
  PackedMatrix winner = std::move(candidates[chosen]);
  explain(winner, why);
  return winner;
}

} // namespace

llvm::Expected<PackedMatrix>
eie::runtime::detail::selectAndBuild(const format::CompressedMatrix &m,
                                     const format::SparseCodes &codes,
                                     const PackOptions &packOptions) {
  if (const char *cap = std::getenv(kMaxISAEnvVar))
    if (!parseKernelISA(cap))
      return llvm::createStringError(
          "packed matrix: %s=%s names no instruction set; expected portable, "
          "avx2 or avx512",
          kMaxISAEnvVar, cap);
  PackOptions options = packOptions;
  std::optional<KernelVariant> forced = options.variant;
  std::string why = "forced by the caller";
  if (!forced)
    if (const char *name = std::getenv(kVariantEnvVar); name && *name) {
      llvm::Expected<KernelSpec> spec = parseKernelSpec(name);
      if (!spec)
        return llvm::createStringError(
            "packed matrix: %s: %s", kVariantEnvVar,
            llvm::toString(spec.takeError()).c_str());
      options.force(*spec);
      forced = options.variant;
      why = std::string("forced by ") + kVariantEnvVar;
    }
  if (forced && !isKernelISASupported(forced->isa))
    return llvm::createStringError(
        "packed matrix: variant %s needs %s, which this CPU lacks",
        kernelVariantName(*forced).c_str(),
        kernelISAName(forced->isa).str().c_str());

  // A forced Panels variant still has its shape calibrated.
  auto select = [&]() -> llvm::Expected<PackedMatrix> {
    uint64_t key = selectionKey(m, codes, options, forced);
    std::unique_lock<std::mutex> lock(cacheMutex);
    auto cached = cache.find(key);
    if (cached != cache.end()) {
      Selection s = cached->second;
      lock.unlock();
      PackOptions o = options;
      o.panelWidth = s.panelWidth;
      o.panelSteps = s.panelSteps;
      o.panelLeftover = s.panelLeftover;
      // A forced Columns variant had nothing to calibrate, nor to explain.
      return PackedMatrix::build(
          m, codes, s.variant, o,
          s.reason.empty() ? "" : s.reason + " (earlier in this process)");
    }
    lock.unlock();
    auto packed =
        forced ? calibrate(m, codes, options, *forced)
               : calibrate(m, codes, options, llvm::ArrayRef<KernelVariant>());
    if (!packed)
      return packed.takeError();
    lock.lock();
    cache[key] = {packed->variant(), packed->panelShape().width,
                  packed->panelShape().steps, packed->panelLeftover(),
                  packed->variantReason()};
    return packed;
  };
  auto packed = select();
  if (packed && forced)
    explain(*packed, why);
  return packed;
}
