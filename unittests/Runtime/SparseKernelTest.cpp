//===- SparseKernelTest.cpp - Tests of the compressed sparse kernels ------===//

#include "eie/Runtime/SparseKernel.h"
#include "eie/Runtime/RuntimeCAPI.h"

#include "gtest/gtest.h"

#include <array>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <limits>
#include <random>
#include <string>
#include <thread>

using namespace eie;
using namespace eie::runtime;

namespace {

std::string errorMessage(llvm::Error e) {
  return e ? llvm::toString(std::move(e)) : std::string();
}

struct Problem {
  uint32_t rows, cols;
  unsigned bits;
  double density, actDensity;
  unsigned seed;
};

/// A random layer with the given densities; codebook symmetric around 0 so
/// sums cancel (a harder case for rounding).
format::CompressedMatrix makeMatrix(const Problem &p, unsigned numPEs) {
  std::mt19937 rng(p.seed);
  std::uniform_real_distribution<double> u(0, 1);
  std::uniform_int_distribution<int> code(1, (1 << p.bits) - 1);
  std::vector<uint8_t> codes(size_t(p.rows) * p.cols);
  for (uint8_t &c : codes)
    c = u(rng) < p.density ? code(rng) : 0;
  std::vector<float> values(size_t(1) << p.bits, 0.0f);
  for (size_t i = 1; i < values.size(); ++i)
    values[i] = float(u(rng) * 2 - 1) * 0.75f;
  auto cb = format::Codebook::create(p.bits, values);
  EXPECT_EQ(errorMessage(cb.takeError()), "");
  auto m = format::encode(codes, p.rows, p.cols, numPEs, *cb);
  EXPECT_EQ(errorMessage(m.takeError()), "");
  return std::move(*m);
}

std::vector<int16_t> randomActivations(uint32_t n, double density, int frac,
                                       unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<int16_t> x(n, 0);
  for (int16_t &v : x)
    if (u(rng) < density)
      v = format::quantize(u(rng) * 2 - 0.5, frac); // mostly positive
  return x;
}

/// The straightforward scalar reference of docs/NUMERICS.md, written here
/// independently of the library: dense codes, int64 sum of int16 products,
/// bias shifted in, round half up by adding 2^(s-1), ReLU, saturation.
std::vector<int16_t> fixedReference(const std::vector<uint8_t> &codes,
                                    const std::vector<int16_t> &cbq,
                                    uint32_t rows, uint32_t cols,
                                    const std::vector<int16_t> &x,
                                    const std::vector<int16_t> &bias, int fa,
                                    int fw, int fo, bool relu) {
  int s = fa + fw - fo;
  std::vector<int16_t> y(rows);
  for (uint32_t i = 0; i < rows; ++i) {
    long long acc = bias.empty() ? 0 : (long long)bias[i] * (1LL << s);
    for (uint32_t j = 0; j < cols; ++j)
      acc += (long long)cbq[codes[size_t(i) * cols + j]] * x[j];
    long long r = s > 0 ? (acc + (1LL << (s - 1))) >> s : acc;
    if (relu)
      r = std::max(r, 0LL);
    y[i] = (int16_t)std::min(32767LL, std::max(-32768LL, r));
  }
  return y;
}

/// A packing to test: a variant, its slices and threads, and the Columns
/// entry packing or Panels shape (0: the cost model's) and leftover.
struct Variant {
  KernelVariant variant;
  unsigned slices, threads;
  std::optional<EntryKind> kind;
  unsigned panelWidth = 0, panelSteps = 0;
  std::optional<PanelLeftover> leftover = std::nullopt;
};

/// Whether this CPU runs v; when it does not, says that v is skipped (never
/// silently).
bool runsOrSkips(KernelVariant v) {
  if (isKernelISASupported(v.isa))
    return true;
  std::cerr << "[  SKIPPED ] " << kernelVariantName(v) << ": this CPU lacks "
            << kernelISAName(v.isa).str() << "\n";
  return false;
}

/// isa's Panels packing for `slices` threads with the narrowest panels and
/// two steps, which leaves many entries to the Columns walk.
PackOptions narrowPanels(KernelISA isa, unsigned slices) {
  PackOptions po;
  po.numSlices = slices;
  po.variant = {Layout::Panels, isa};
  po.panelWidth = panelWidths(isa).front();
  po.panelSteps = 2;
  // Placed by the cost model, the leftover would go where this host's
  // timings say, which a busy machine changes from run to run.
  po.panelLeftover = PanelLeftover::Walk;
  return po;
}

/// Every variant this CPU runs, in several packings; the others are skipped
/// with a message.
std::vector<Variant> variants(unsigned bits) {
  std::vector<Variant> out;
  for (KernelVariant v : allKernelVariants()) {
    if (!runsOrSkips(v))
      continue;
    if (v.layout != Layout::Columns && bits > 4)
      continue;
    out.push_back({v, 1, 1, std::nullopt});
    out.push_back({v, 2, 2, std::nullopt});
    out.push_back({v, 3, 2, std::nullopt});
    if (v.layout == Layout::Columns && bits <= 4)
      for (EntryKind kind : {EntryKind::RowCode, EntryKind::Nibbles})
        out.push_back({v, 2, 2, kind});
    if (v.layout == Layout::Panels) {
      // Two steps (most entries walked by column), four, and as many as
      // columns (none walked).
      for (unsigned width : panelWidths(v.isa))
        for (unsigned steps : {2u, 4u, width})
          out.push_back(
              {v, 2, 2, std::nullopt, width, steps, PanelLeftover::Walk});
      // One row slice: the walk adds into the panels' accumulators (from
      // several leftover slices on the 9000-row problem).
      const unsigned narrowest = panelWidths(v.isa).front();
      out.push_back({v, 1, 1, std::nullopt, narrowest, 2, PanelLeftover::Walk});
      // The leftover in per-row lists, on one thread and on two, with as
      // many row slices as threads and with more.
      for (auto [slices, threads] : {std::pair{1u, 1u}, {2u, 2u}, {3u, 2u}})
        out.push_back({v, slices, threads, std::nullopt, narrowest, 2,
                       PanelLeftover::Rows});
    }
  }
  return out;
}

PackedMatrix pack(const format::CompressedMatrix &m, const Variant &v) {
  PackOptions po;
  po.numSlices = v.slices;
  po.variant = v.variant;
  po.entryKind = v.kind;
  po.panelWidth = v.panelWidth;
  po.panelSteps = v.panelSteps;
  po.panelLeftover = v.leftover;
  auto packed = PackedMatrix::create(m, po);
  EXPECT_EQ(errorMessage(packed.takeError()), "");
  if (v.kind)
    EXPECT_EQ(packed->entryKind(), *v.kind);
  if (v.leftover)
    EXPECT_EQ(packed->panelLeftover(), *v.leftover);
  return std::move(*packed);
}

KernelOptions kernelOptions(const Variant &v) {
  KernelOptions ko;
  ko.numThreads = v.threads;
  return ko;
}

std::string describe(const Problem &p, const Variant &v) {
  return std::to_string(p.rows) + "x" + std::to_string(p.cols) + " " +
         std::to_string(p.bits) + " bits, " + kernelVariantName(v.variant) +
         ", " + std::to_string(v.slices) + " slices, " +
         std::to_string(v.threads) + " threads" +
         (v.kind ? ", entry kind " + std::to_string(int(*v.kind)) : "") +
         (v.panelWidth ? ", panels " + std::to_string(v.panelWidth) + " x " +
                             std::to_string(v.panelSteps)
                       : "") +
         (v.leftover == PanelLeftover::Rows ? ", leftover in per-row lists"
                                            : "");
}

const Problem kProblems[] = {
    {23, 1, 4, 0.2, 1.0, 1},
    {300, 70, 4, 0.1, 0.4, 2},
    {257, 513, 4, 0.04, 0.3, 3},
    {1000, 96, 4, 0.5, 1.0, 4},
    {130, 400, 2, 0.09, 0.35, 5},
    {200, 150, 8, 0.1, 0.5, 6},
    {64, 40, 5, 0.01, 0.2, 7},
    {9000, 40, 4, 0.03, 0.5, 8},
    // Enough rows that the Columns walks take a pass per slice in float
    // mode too (52 KB of sums).
    {13000, 48, 4, 0.05, 0.5, 9},
};

TEST(SparseKernel, FloatMatchesDenseWithDecodedWeights) {
  for (const Problem &p : kProblems) {
    format::CompressedMatrix m = makeMatrix(p, 64);
    std::vector<float> w = format::decodeDense(m);
    std::vector<int16_t> xq =
        randomActivations(p.cols, p.actDensity, 12, p.seed + 100);
    std::vector<float> x(p.cols), bias(p.rows);
    for (uint32_t j = 0; j < p.cols; ++j)
      x[j] = format::dequantize(xq[j], 12);
    for (uint32_t i = 0; i < p.rows; ++i)
      bias[i] = 0.01f * float(int(i % 7) - 3);
    for (bool relu : {false, true})
      for (const Variant &v : variants(p.bits)) {
        PackedMatrix packed = pack(m, v);
        std::vector<float> y(p.rows, -1.0f);
        ASSERT_EQ(errorMessage(multiplyFloat(packed, x.data(), bias.data(),
                                             y.data(), relu, kernelOptions(v))),
                  "");
        for (uint32_t i = 0; i < p.rows; ++i) {
          double ref = bias[i], mag = std::fabs(bias[i]);
          for (uint32_t j = 0; j < p.cols; ++j) {
            ref += double(w[size_t(i) * p.cols + j]) * x[j];
            mag += std::fabs(double(w[size_t(i) * p.cols + j]) * x[j]);
          }
          if (relu)
            ref = std::max(ref, 0.0);
          ASSERT_NEAR(y[i], ref, 1e-5 * std::max(mag, 1e-3))
              << describe(p, v) << ", row " << i;
        }
      }
  }
}

TEST(SparseKernel, NonFiniteActivationsReachOnlyRowsWithWeights) {
  // y_i sums w_ij x_j over the stored weights only, as EIE does: an
  // infinite or NaN activation makes NaN or Inf of exactly the rows with a
  // weight in its column, in every layout and on any thread count (a
  // padding entry, whose value is 0, must not multiply it). Column 0 is
  // where Panels padding entries point.
  const Problem p{300, 200, 4, 0.1, 0.4, 21};
  format::CompressedMatrix m = makeMatrix(p, 64);
  std::vector<float> w = format::decodeDense(m);
  std::vector<int16_t> xq = randomActivations(p.cols, p.actDensity, 12, 22);
  std::vector<float> x(p.cols);
  for (uint32_t j = 0; j < p.cols; ++j)
    x[j] = format::dequantize(xq[j], 12);
  const float inf = std::numeric_limits<float>::infinity();
  x[0] = inf;
  x[37] = -inf;
  x[99] = std::numeric_limits<float>::quiet_NaN();
  x[150] = inf;
  std::vector<double> ref(p.rows, 0.0);
  for (uint32_t i = 0; i < p.rows; ++i)
    for (uint32_t j = 0; j < p.cols; ++j)
      if (w[size_t(i) * p.cols + j] != 0.0f)
        ref[i] += double(w[size_t(i) * p.cols + j]) * x[j];
  unsigned nonFiniteRows = 0, finiteRows = 0;
  for (double r : ref)
    ++(std::isfinite(r) ? finiteRows : nonFiniteRows);
  ASSERT_GT(nonFiniteRows, 0u);
  ASSERT_GT(finiteRows, 0u);
  for (const Variant &v : variants(p.bits)) {
    PackedMatrix packed = pack(m, v);
    std::vector<float> y(p.rows, -1.0f);
    ASSERT_EQ(errorMessage(multiplyFloat(packed, x.data(), nullptr, y.data(),
                                         false, kernelOptions(v))),
              "");
    for (uint32_t i = 0; i < p.rows; ++i) {
      if (std::isnan(ref[i]))
        ASSERT_TRUE(std::isnan(y[i])) << describe(p, v) << ", row " << i;
      else if (std::isinf(ref[i]))
        ASSERT_EQ(y[i], float(ref[i])) << describe(p, v) << ", row " << i;
      else
        ASSERT_NEAR(y[i], ref[i], 1e-4) << describe(p, v) << ", row " << i;
    }
  }
}

TEST(SparseKernel, FixedIsBitExactWithIndependentReference) {
  for (const Problem &p : kProblems) {
    format::CompressedMatrix m = makeMatrix(p, 64);
    std::vector<uint8_t> codes = format::decodeCodes(m);
    const int fa = 12, fw = m.codebook.fracBits;
    std::vector<int16_t> x =
        randomActivations(p.cols, p.actDensity, fa, p.seed + 200);
    std::vector<int16_t> bias(p.rows);
    for (uint32_t i = 0; i < p.rows; ++i)
      bias[i] = int16_t(int(i % 11) * 37 - 200);
    // fo = fa + fw (no rounding), a typical one, and a small one that
    // saturates.
    for (int fo : {fa + fw > 15 ? 15 : fa + fw, 10, 2})
      for (bool relu : {false, true}) {
        std::vector<int16_t> ref =
            fixedReference(codes, m.codebook.fixedValues, p.rows, p.cols, x,
                           bias, fa, fw, fo, relu);
        for (const Variant &v : variants(p.bits)) {
          PackedMatrix packed = pack(m, v);
          std::vector<int16_t> y(p.rows, 12345);
          ASSERT_EQ(errorMessage(multiplyFixed(packed, x.data(), bias.data(),
                                               y.data(), {fa, fw, fo}, relu,
                                               kernelOptions(v))),
                    "");
          ASSERT_EQ(y, ref) << describe(p, v) << ", fo " << fo;
        }
      }
  }
}

TEST(SparseKernel, FixedRoundingTiesAndSaturation) {
  // One row, one column: y = round_half_up(c * x / 2^s).
  std::vector<float> values = {0.0f, 0.5f, -0.5f, 0.75f};
  auto cb = format::Codebook::create(2, values); // fw = 15 -> 0.5 = 16384
  ASSERT_EQ(errorMessage(cb.takeError()), "");
  ASSERT_EQ(cb->fracBits, 15);
  std::vector<uint8_t> code = {2}; // -0.5
  auto m = format::encode(code, 1, 1, 1, *cb);
  ASSERT_EQ(errorMessage(m.takeError()), "");
  auto packed = PackedMatrix::create(*m);
  ASSERT_EQ(errorMessage(packed.takeError()), "");
  // x = 3 in Q0: acc = -16384 * 3 = -49152; fo = 0, s = 15:
  // -49152 / 32768 = -1.5 rounds half up to -1.
  int16_t x = 3, y = 0;
  ASSERT_EQ(
      errorMessage(multiplyFixed(*packed, &x, nullptr, &y, {0, 15, 0}, false)),
      "");
  EXPECT_EQ(y, -1);
  // fo = 15, s = 0: -49152 saturates to -32768.
  ASSERT_EQ(
      errorMessage(multiplyFixed(*packed, &x, nullptr, &y, {0, 15, 15}, false)),
      "");
  EXPECT_EQ(y, -32768);
}

TEST(SparseKernel, FixedSumsFarBeyondInt32StayExact) {
  // Every weight the largest code, so each row sums 4000 products of up to
  // 2^30: far past int32. Moderate activations take the int32 path in
  // overflow-free runs of columns; full-scale ones leave runs of two
  // columns, which take the int64 path. Both must match the reference.
  // The Panels kernels sum two products in int32: the code -1.0 in Q15
  // (-2^15, valid though Codebook::create never makes it) times x = -2^15
  // makes a pair overflow, which must take the exact int64 path.
  const uint32_t rows = 20, cols = 4000;
  std::vector<float> values = {0.0f, 0.999f, -0.999f, 0.25f};
  auto created = format::Codebook::create(2, values);
  ASSERT_EQ(errorMessage(created.takeError()), "");
  format::Codebook fullScale = *created;
  fullScale.values[2] = -1.0f;
  fullScale.fixedValues[2] = -32768;
  ASSERT_EQ(errorMessage(fullScale.verify()), "");
  std::vector<uint8_t> codes(size_t(rows) * cols);
  for (size_t k = 0; k < codes.size(); ++k)
    codes[k] = k % 97 == 0 ? 3 : 1 + (k / cols) % 2;
  std::vector<int16_t> bias(rows, 0);
  for (const format::Codebook *cb : {&*created, &fullScale})
    for (int16_t scale : {int16_t(3000), int16_t(32767)}) {
      const int fa = 15, fw = cb->fracBits, fo = 0;
      auto m = format::encode(codes, rows, cols, 8, *cb);
      ASSERT_EQ(errorMessage(m.takeError()), "");
      std::vector<int16_t> x(cols);
      // Full scale includes -32768, the one int16 without a positive twin.
      for (uint32_t j = 0; j < cols; ++j)
        x[j] = j % 5 == 4                     ? 0
               : scale == 32767 && j % 7 == 3 ? int16_t(-32768)
                                              : int16_t(scale - int(j % 13));
      std::vector<int16_t> ref = fixedReference(
          codes, cb->fixedValues, rows, cols, x, bias, fa, fw, fo, false);
      for (const Variant &v : variants(2)) {
        PackedMatrix packed = pack(*m, v);
        std::vector<int16_t> y(rows, 12345);
        ASSERT_EQ(
            errorMessage(multiplyFixed(packed, x.data(), bias.data(), y.data(),
                                       {fa, fw, fo}, false, kernelOptions(v))),
            "");
        ASSERT_EQ(y, ref) << "activation scale " << scale << ", code 2 "
                          << cb->fixedValues[2] << ", "
                          << describe({rows, cols, 2, 0, 0, 0}, v);
      }
    }
}

TEST(SparseKernel, AllZeroActivationsGiveBias) {
  format::CompressedMatrix m = makeMatrix({40, 30, 4, 0.3, 0, 9}, 4);
  // -0 is zero too (the compaction compares, it does not test bits).
  std::vector<float> x(30, 0.0f), bias(40, -0.5f), y(40);
  for (size_t j = 0; j < x.size(); j += 3)
    x[j] = -0.0f;
  for (const Variant &v : variants(4)) {
    PackedMatrix packed = pack(m, v);
    KernelOptions o = kernelOptions(v);
    ASSERT_EQ(errorMessage(multiplyFloat(packed, x.data(), bias.data(),
                                         y.data(), true, o)),
              "");
    EXPECT_EQ(y, std::vector<float>(40, 0.0f));
    ASSERT_EQ(errorMessage(multiplyFloat(packed, x.data(), bias.data(),
                                         y.data(), false, o)),
              "");
    EXPECT_EQ(y, std::vector<float>(40, -0.5f));
  }
}

TEST(SparseKernel, VariantChoiceAndErrors) {
  format::CompressedMatrix m = makeMatrix({200, 300, 4, 0.1, 1, 9}, 4);
  // Automatic: the fastest in a calibration, cached for the same pattern.
  PackOptions sparse;
  sparse.expectedActivationDensity = 0.3;
  auto a = PackedMatrix::create(m, sparse);
  ASSERT_EQ(errorMessage(a.takeError()), "");
  EXPECT_TRUE(isKernelISASupported(a->variant().isa));
  // Timed on as many threads as it is packed for (two by default), or as
  // the machine has; nothing to time where only the scalar kernels run
  // (EIE_SPARSE_MAX_ISA=portable).
  if (isKernelISASupported(KernelISA::AVX2))
    EXPECT_EQ(a->variantReason().find("fastest in calibration at 30% active "
                                      "inputs on "),
              0u)
        << a->variantReason();
  else
    EXPECT_EQ(a->variantReason(), "the only variant this CPU runs");
  auto b = PackedMatrix::create(m, sparse);
  ASSERT_EQ(errorMessage(b.takeError()), "");
  EXPECT_EQ(b->variant(), a->variant());
  EXPECT_NE(b->variantReason().find("(earlier in this process)"),
            llvm::StringRef::npos);
  // Packed for fixed-mode calls, the calibration times fixed mode: a
  // selection of its own, not float's cached one.
  PackOptions fixedCalls = sparse;
  fixedCalls.mode = NumericMode::Fixed;
  auto f = PackedMatrix::create(m, fixedCalls);
  ASSERT_EQ(errorMessage(f.takeError()), "");
  EXPECT_TRUE(isKernelISASupported(f->variant().isa));
  if (isKernelISASupported(KernelISA::AVX2)) {
    EXPECT_EQ(f->variantReason().find("fastest in calibration at 30% active "
                                      "inputs on "),
              0u)
        << f->variantReason();
    EXPECT_NE(f->variantReason().find(" in fixed mode ("),
              llvm::StringRef::npos)
        << f->variantReason();
  }

  // Forced by the options, then by the environment.
  PackOptions forced;
  forced.variant = {Layout::Columns, KernelISA::Portable};
  auto c = PackedMatrix::create(m, forced);
  ASSERT_EQ(errorMessage(c.takeError()), "");
  EXPECT_EQ(c->variantReason(), "forced by the caller");
  ASSERT_EQ(setenv(kVariantEnvVar, "columns-portable", 1), 0);
  auto d = PackedMatrix::create(m);
  ASSERT_EQ(errorMessage(d.takeError()), "");
  EXPECT_EQ(kernelVariantName(d->variant()), "columns-portable");
  EXPECT_EQ(d->variantReason(), "forced by EIE_SPARSE_VARIANT");
  ASSERT_EQ(setenv(kVariantEnvVar, "panels-sse", 1), 0);
  EXPECT_EQ(errorMessage(PackedMatrix::create(m).takeError()),
            "packed matrix: EIE_SPARSE_VARIANT: 'panels-sse' names no kernel "
            "variant; expected one of columns-portable, columns-avx2, "
            "columns-avx512, panels-avx2, panels-avx512 (a panels variant may "
            "add its panel width or shape: panels-avx512:64x6)");
  ASSERT_EQ(unsetenv(kVariantEnvVar), 0);
  ASSERT_EQ(setenv(kMaxISAEnvVar, "sse9", 1), 0);
  EXPECT_EQ(errorMessage(PackedMatrix::create(m).takeError()),
            "packed matrix: EIE_SPARSE_MAX_ISA=sse9 names no instruction set; "
            "expected portable, avx2 or avx512");
  ASSERT_EQ(unsetenv(kMaxISAEnvVar), 0);

  for (KernelVariant v : allKernelVariants()) {
    PackOptions o;
    o.variant = v;
    auto packed = PackedMatrix::create(m, o);
    if (!isKernelISASupported(v.isa)) {
      EXPECT_EQ(errorMessage(packed.takeError()),
                "packed matrix: variant " + kernelVariantName(v) + " needs " +
                    kernelISAName(v.isa).str() + ", which this CPU lacks");
      continue;
    }
    ASSERT_EQ(errorMessage(packed.takeError()), "");
    if (v.layout != Layout::Panels)
      continue;
    // The model picks the Panels shape; a shape the kernels lack is an
    // error.
    EXPECT_TRUE(
        llvm::is_contained(panelWidths(v.isa), packed->panelShape().width));
    EXPECT_NE(packed->variantReason().find("from the cost model"),
              llvm::StringRef::npos);
    o.panelWidth = 48;
    o.panelSteps = 4;
    EXPECT_EQ(errorMessage(PackedMatrix::create(m, o).takeError()),
              "packed matrix: " + kernelVariantName(v) +
                  " takes no panels of 48 columns and 4 steps");
  }

  PackOptions bad;
  bad.numSlices = 0;
  EXPECT_EQ(errorMessage(PackedMatrix::create(m, bad).takeError()),
            "packed matrix: 0 slices, expected 1..64");
  for (double density : {0.0, -0.5, 1.5, std::nan("")}) {
    PackOptions badDensity;
    badDensity.expectedActivationDensity = density;
    EXPECT_NE(errorMessage(PackedMatrix::create(m, badDensity).takeError())
                  .find("expected activation density"),
              std::string::npos)
        << density;
  }
  format::CompressedMatrix wide = makeMatrix({40, 30, 6, 0.3, 1, 9}, 4);
  PackOptions panels;
  panels.variant = {Layout::Panels, KernelISA::AVX2};
  if (isKernelISASupported(KernelISA::AVX2))
    EXPECT_EQ(errorMessage(PackedMatrix::create(wide, panels).takeError()),
              "packed matrix: the panels layout needs a 4-bit codebook, got "
              "6 bits");
  format::CompressedMatrix broken = m;
  broken.pes[1].colPtr.back() += 1;
  EXPECT_EQ(errorMessage(PackedMatrix::create(broken).takeError()),
            "PE 1: last column pointer is " +
                std::to_string(broken.pes[1].colPtr.back()) +
                ", expected the entry count " +
                std::to_string(broken.numEntries(1)));
  std::vector<int16_t> x(300, 1), y(200);
  EXPECT_EQ(errorMessage(multiplyFixed(*c, x.data(), nullptr, y.data(),
                                       {4, m.codebook.fracBits - 1, 0}, false)),
            "fixed-point layer: weight fractional bits " +
                std::to_string(m.codebook.fracBits - 1) +
                ", but the codebook is Q" +
                std::to_string(m.codebook.fracBits));
}

TEST(SparseKernel, ChangingThreadCountsGiveTheSameResult) {
  // Calls with 4, 2, 3 and 1 threads in turn: the pool's workers that sit a
  // call out must not run a later call's share twice or too early. The
  // column ranges' sums are added in range order, and every Columns walk
  // adds a row's products in column order, so float results are identical
  // on any thread count and for every instruction set's walk.
  format::CompressedMatrix m = makeMatrix({600, 300, 4, 0.1, 0, 12}, 64);
  std::vector<int16_t> x = randomActivations(300, 0.4, 12, 13);
  std::vector<float> xf(300);
  for (uint32_t j = 0; j < 300; ++j)
    xf[j] = format::dequantize(x[j], 12);
  format::FixedPointParams p{12, m.codebook.fracBits, 10};
  auto pack = [&](KernelISA isa) {
    PackOptions po;
    po.numSlices = 4;
    po.variant = {Layout::Columns, isa};
    return PackedMatrix::create(m, po);
  };
  // One thread of the portable walk (every CPU runs it) gives the results.
  std::vector<int16_t> expected(600), y(600);
  std::vector<float> expectedF(600), yf(600);
  {
    auto portable = pack(KernelISA::Portable);
    ASSERT_EQ(errorMessage(portable.takeError()), "");
    ASSERT_EQ(errorMessage(multiplyFixed(*portable, x.data(), nullptr,
                                         expected.data(), p, false)),
              "");
    ASSERT_EQ(errorMessage(multiplyFloat(*portable, xf.data(), nullptr,
                                         expectedF.data(), false)),
              "");
  }
  for (KernelISA isa :
       {KernelISA::Portable, KernelISA::AVX2, KernelISA::AVX512}) {
    if (!runsOrSkips({Layout::Columns, isa}))
      continue;
    auto packed = pack(isa);
    ASSERT_EQ(errorMessage(packed.takeError()), "");
    EXPECT_EQ(packed->maxThreads(), 4u);
    for (unsigned call = 0; call < 400; ++call) {
      KernelOptions o;
      o.numThreads = std::array<unsigned, 4>{4, 2, 3, 1}[call % 4];
      std::fill(y.begin(), y.end(), 12345);
      std::fill(yf.begin(), yf.end(), -1.0f);
      ASSERT_EQ(errorMessage(multiplyFixed(*packed, x.data(), nullptr, y.data(),
                                           p, false, o)),
                "");
      ASSERT_EQ(errorMessage(multiplyFloat(*packed, xf.data(), nullptr,
                                           yf.data(), false, o)),
                "");
      ASSERT_EQ(y, expected) << kernelISAName(isa).str() << ", call " << call
                             << ", " << o.numThreads << " threads";
      ASSERT_EQ(yf, expectedF) << kernelISAName(isa).str() << ", call " << call
                               << ", " << o.numThreads << " threads";
    }
  }
}

/// A layer for comparing Panels calls on several threads with one thread's:
/// a random 4-bit matrix of `rows` x `cols` and activations in Q12, in
/// float and fixed point.
struct PanelsLayer {
  uint32_t rows;
  format::CompressedMatrix m;
  std::vector<int16_t> xq;
  std::vector<float> x;
  format::FixedPointParams p;

  PanelsLayer(uint32_t rows, uint32_t cols, unsigned seed)
      : rows(rows), m(makeMatrix({rows, cols, 4, 0.1, 0, seed}, 64)),
        xq(randomActivations(cols, 0.4, 12, seed + 1)),
        x(cols), p{12, m.codebook.fracBits, 10} {
    for (uint32_t j = 0; j < cols; ++j)
      x[j] = format::dequantize(xq[j], 12);
  }
  /// Float and fixed mode's outputs of packed on o's threads, written over
  /// values no call gives, so that a row left out shows.
  std::vector<float> floatOutputs(const PackedMatrix &packed,
                                  const KernelOptions &o = {}) const {
    std::vector<float> y(rows, -1.0f);
    EXPECT_EQ(errorMessage(
                  multiplyFloat(packed, x.data(), nullptr, y.data(), false, o)),
              "");
    return y;
  }
  std::vector<int16_t> fixedOutputs(const PackedMatrix &packed,
                                    const KernelOptions &o = {}) const {
    std::vector<int16_t> yq(rows, 12345);
    EXPECT_EQ(errorMessage(multiplyFixed(packed, xq.data(), nullptr, yq.data(),
                                         p, false, o)),
              "");
    return yq;
  }
};

TEST(SparseKernel, PanelsGiveTheSameResultOnAnyThreadCount) {
  // Threads claim chunks of blocks and the walks of the leftover slices in
  // any order, and each writes its chunks' rows out once the walks are
  // done; every row's sums are formed in the same order regardless, so
  // float results are identical too. 5000 rows make several chunks per
  // thread and two leftover slices, whose 4096-row boundary falls inside a
  // row slice.
  const PanelsLayer layer(5000, 200, 14);
  for (KernelISA isa : {KernelISA::AVX2, KernelISA::AVX512}) {
    if (!runsOrSkips({Layout::Panels, isa}))
      continue;
    for (PanelLeftover leftover : {PanelLeftover::Walk, PanelLeftover::Rows}) {
      PackOptions po = narrowPanels(isa, 3);
      po.panelLeftover = leftover;
      auto packed = PackedMatrix::create(layer.m, po);
      ASSERT_EQ(errorMessage(packed.takeError()), "");
      const std::vector<float> expected = layer.floatOutputs(*packed);
      const std::vector<int16_t> expectedQ = layer.fixedOutputs(*packed);
      for (unsigned call = 0; call < 200; ++call) {
        KernelOptions o;
        o.numThreads = std::array<unsigned, 4>{2, 3, 1, 2}[call % 4];
        ASSERT_EQ(layer.floatOutputs(*packed, o), expected)
            << kernelISAName(isa).str() << ", leftover " << int(leftover)
            << ", call " << call;
        ASSERT_EQ(layer.fixedOutputs(*packed, o), expectedQ)
            << kernelISAName(isa).str() << ", leftover " << int(leftover)
            << ", call " << call;
      }
    }
  }
}

TEST(SparseKernel, PanelsThreadsStartWhereTheLastCallsMet) {
  // A call on as many threads as row slices records, per slice, how many
  // blocks its owner took; the next such call starts there. Any recorded
  // value, even one no call could leave, only moves work between the
  // threads: the results stay those of one thread.
  const PanelsLayer layer(3000, 300, 15);
  for (KernelISA isa : {KernelISA::AVX2, KernelISA::AVX512}) {
    if (!runsOrSkips({Layout::Panels, isa}))
      continue;
    auto packed = PackedMatrix::create(layer.m, narrowPanels(isa, 2));
    ASSERT_EQ(errorMessage(packed.takeError()), "");
    const uint32_t lanes = packed->panelShape().lanes;
    const std::vector<float> expected = layer.floatOutputs(*packed);
    const std::vector<int16_t> expectedQ = layer.fixedOutputs(*packed);
    // One thread records nothing.
    for (unsigned s = 0; s < 2; ++s)
      EXPECT_EQ(packed->slice(s).ownerShare.load(),
                PackedMatrix::Slice::kNoOwnerShare);
    KernelOptions two;
    two.numThreads = 2;
    EXPECT_EQ(layer.floatOutputs(*packed, two), expected);
    for (unsigned s = 0; s < 2; ++s)
      EXPECT_LE(packed->slice(s).ownerShare.load(),
                (packed->slice(s).numRows + lanes - 1) / lanes);
    // A copy keeps the record.
    PackedMatrix copy = *packed;
    for (unsigned s = 0; s < 2; ++s)
      EXPECT_EQ(copy.slice(s).ownerShare.load(),
                packed->slice(s).ownerShare.load());
    auto record = [&](uint32_t hint) {
      for (unsigned s = 0; s < 2; ++s)
        packed->slice(s).ownerShare.store(hint);
    };
    for (uint32_t hint : {0u, 1u, 7u, 1u << 20, UINT32_MAX - 1}) {
      record(hint);
      ASSERT_EQ(layer.floatOutputs(*packed, two), expected)
          << kernelISAName(isa).str() << ", hint " << hint;
      record(hint);
      ASSERT_EQ(layer.fixedOutputs(*packed, two), expectedQ)
          << kernelISAName(isa).str() << ", hint " << hint;
    }
  }
}

TEST(SparseKernel, SliceMapIsABijection) {
  for (uint32_t block : {1u, 32u, 64u, 4096u})
    for (unsigned slices : {1u, 2u, 3u, 7u})
      for (uint32_t rows : {0u, 1u, 31u, 32u, 100u, 1000u, 4097u, 9000u}) {
        SliceMap map{slices, block};
        std::vector<uint32_t> count(slices, 0);
        for (uint32_t r = 0; r < rows; ++r) {
          unsigned s = map.sliceOf(r);
          ASSERT_LT(s, slices);
          // Local rows are dense: each slice's rows come in order 0, 1, ...
          ASSERT_EQ(map.localRow(r), count[s]++);
          ASSERT_EQ(map.globalRow(s, map.localRow(r)), r);
        }
        for (unsigned s = 0; s < slices; ++s)
          EXPECT_EQ(map.rowsOf(s, rows), count[s])
              << slices << " slices of " << block << "-row blocks, " << rows
              << " rows, slice " << s;
      }
}

TEST(SparseKernel, EntryKindChoice) {
  // 4-bit codebooks get RowCode, with as many row slices as keep each
  // within 4096 rows (Columns threads split the columns, not the rows);
  // Nibbles on request, in one slice; 5..8 bits WideCode.
  format::CompressedMatrix tall = makeMatrix({9000, 50, 4, 0.05, 0, 3}, 64);
  format::CompressedMatrix wide = makeMatrix({100, 50, 6, 0.2, 0, 3}, 8);
  PackOptions po;
  po.variant = {Layout::Columns, KernelISA::Portable};
  po.numSlices = 2;
  auto a = PackedMatrix::create(tall, po);
  ASSERT_EQ(errorMessage(a.takeError()), "");
  EXPECT_EQ(a->entryKind(), EntryKind::RowCode);
  EXPECT_EQ(a->numSlices(), 3u);
  EXPECT_EQ(a->maxThreads(), 2u);
  po.entryKind = EntryKind::Nibbles;
  auto b = PackedMatrix::create(tall, po);
  ASSERT_EQ(errorMessage(b.takeError()), "");
  EXPECT_EQ(b->entryKind(), EntryKind::Nibbles);
  EXPECT_EQ(b->numSlices(), 1u);
  EXPECT_EQ(b->maxThreads(), 2u);
  EXPECT_LT(b->storageBytes(), a->storageBytes());
  po.entryKind.reset();
  auto c = PackedMatrix::create(wide, po);
  ASSERT_EQ(errorMessage(c.takeError()), "");
  EXPECT_EQ(c->entryKind(), EntryKind::WideCode);
  po.entryKind = EntryKind::WideCode;
  EXPECT_EQ(errorMessage(PackedMatrix::create(tall, po).takeError()),
            "packed matrix: entry packing WideCode does not fit a 4-bit "
            "codebook");
  po.entryKind = EntryKind::RowCode;
  po.numSlices = 1;
  format::CompressedMatrix huge = makeMatrix({300000, 2, 4, 0.001, 0, 3}, 64);
  EXPECT_EQ(errorMessage(PackedMatrix::create(huge, po).takeError()),
            "packed matrix: RowCode packing needs 74 slices for 300000 rows, "
            "at most 64");
}

TEST(SparseKernel, PanelsLeftoverSlicesSpanAllRows) {
  // A Panels packing has as many row slices as threads whatever its height,
  // each a contiguous share of the rows in whole 64-row units, and its
  // leftover entries sit in as few RowCode slices as 4096-row slices allow,
  // over all rows: one walk serves every thread.
  format::CompressedMatrix tall = makeMatrix({9000, 200, 4, 0.2, 0, 5}, 64);
  for (KernelISA isa : {KernelISA::AVX2, KernelISA::AVX512}) {
    if (!runsOrSkips({Layout::Panels, isa}))
      continue;
    PackOptions po = narrowPanels(isa, 2);
    auto packed = PackedMatrix::create(tall, po);
    ASSERT_EQ(errorMessage(packed.takeError()), "");
    EXPECT_EQ(packed->numSlices(), 2u);
    EXPECT_EQ(packed->maxThreads(), 2u);
    // ceil(9000 / 2) = 4500 rows, rounded up to 4544.
    EXPECT_EQ(packed->slice(0).numRows, 4544u);
    EXPECT_EQ(packed->slice(1).numRows, 9000u - 4544u);
    EXPECT_EQ(packed->sliceMap().sliceOf(4543), 0u);
    EXPECT_EQ(packed->sliceMap().sliceOf(4544), 1u);
    ASSERT_TRUE(packed->hasLeftover());
    ASSERT_EQ(packed->numLeftoverSlices(), 3u);
    uint32_t rows = 0;
    for (unsigned s = 0; s < packed->numLeftoverSlices(); ++s) {
      EXPECT_LE(packed->leftoverSlice(s).numRows, kRowCodeRows);
      EXPECT_EQ(packed->leftoverSlice(s).numRows,
                packed->leftoverMap().rowsOf(s, 9000));
      rows += packed->leftoverSlice(s).numRows;
    }
    EXPECT_EQ(rows, 9000u);
    uint64_t walked = 0;
    for (unsigned s = 0; s < packed->numLeftoverSlices(); ++s)
      walked += packed->leftoverSlice(s).colPtr.back();
    // In per-row lists instead: each row slice lists its own rows' entries,
    // in column order, and nothing is left to walk.
    po.panelLeftover = PanelLeftover::Rows;
    auto lists = PackedMatrix::create(tall, po);
    ASSERT_EQ(errorMessage(lists.takeError()), "");
    EXPECT_EQ(lists->panelLeftover(), PanelLeftover::Rows);
    EXPECT_FALSE(lists->hasLeftover());
    uint64_t listed = 0;
    for (unsigned s = 0; s < lists->numSlices(); ++s) {
      const PackedMatrix::Slice &slice = lists->slice(s);
      ASSERT_EQ(slice.rowPtr.size(), slice.numRows + 1u);
      EXPECT_EQ(slice.rowPtr.back(), slice.rowEntries.size());
      for (uint32_t r = 0; r < slice.numRows; ++r)
        for (uint32_t k = slice.rowPtr[r] + 1; k < slice.rowPtr[r + 1]; ++k)
          EXPECT_LT(slice.rowEntries[k - 1] & kRowLeftoverColumnMask,
                    slice.rowEntries[k] & kRowLeftoverColumnMask);
      listed += slice.rowEntries.size();
    }
    EXPECT_EQ(listed, walked);
    po.panelLeftover.reset();
    // As many steps as columns: nothing is left to walk.
    po.panelSteps = po.panelWidth;
    auto full = PackedMatrix::create(tall, po);
    ASSERT_EQ(errorMessage(full.takeError()), "");
    EXPECT_FALSE(full->hasLeftover());
  }
}

TEST(SparseKernel, PackedStreamsStartOnACacheLine) {
  // The kernels load whole vectors of entries (a Panels step pair 64 bytes):
  // from a std::vector's 16-byte boundary each such load spans two lines,
  // and the same shape ran 10% slower (docs/CompressedFormat.md).
  auto onALine = [](const void *p) {
    return reinterpret_cast<uintptr_t>(p) % 64 == 0;
  };
  format::CompressedMatrix m = makeMatrix({9000, 200, 4, 0.2, 0, 5}, 64);
  for (const Variant &v : variants(4)) {
    PackedMatrix packed = pack(m, v);
    SCOPED_TRACE(kernelVariantName(v.variant));
    for (unsigned s = 0; s < packed.numSlices(); ++s) {
      const PackedMatrix::Slice &slice = packed.slice(s);
      EXPECT_TRUE(
          onALine(v.variant.layout == Layout::Panels
                      ? static_cast<const void *>(slice.panelEntries.data())
                      : slice.entries.data()));
    }
    for (unsigned s = 0; s < packed.numLeftoverSlices(); ++s)
      EXPECT_TRUE(onALine(packed.leftoverSlice(s).entries.data()));
  }
}

TEST(SparseKernel, StorageStartsOnACacheLineAndLargeStorageOnAHugePage) {
  // Small blocks come from the heap, blocks from 256 KiB up (Linux) are
  // mappings of whole huge pages of their own; both are usable to their last
  // byte and freed by size.
  constexpr size_t kHugePagesFrom = size_t(256) << 10;
  for (size_t bytes : {size_t(1), size_t(4096), kHugePagesFrom - 1,
                       kHugePagesFrom, (size_t(5) << 20) + 3}) {
    auto *p = static_cast<uint8_t *>(allocateStorage(bytes));
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % 64, 0u) << bytes;
#ifdef __linux__
    if (bytes >= kHugePagesFrom)
      EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % (size_t(2) << 20), 0u)
          << bytes;
#endif
    std::fill(p, p + bytes, uint8_t(0xA5));
    EXPECT_EQ(p[bytes - 1], 0xA5);
    freeStorage(p, bytes);
  }
}

/// A random matrix of `p` on 8 PEs with the C interface's arrays: every PE's
/// entries and column pointers, PE 0 first.
struct CInterfaceMatrix {
  format::CompressedMatrix matrix;
  std::vector<uint8_t> entries;
  std::vector<uint32_t> ptrs;
};

CInterfaceMatrix makeCInterfaceMatrix(const Problem &p) {
  CInterfaceMatrix c{makeMatrix(p, 8), {}, {}};
  for (const format::PESlice &s : c.matrix.pes) {
    c.entries.insert(c.entries.end(), s.entries.begin(), s.entries.end());
    c.ptrs.insert(c.ptrs.end(), s.colPtr.begin(), s.colPtr.end());
  }
  return c;
}

TEST(RuntimeCAPI, RoundTripsThroughTheCInterface) {
  Problem p{100, 80, 4, 0.1, 0.5, 11};
  auto [m, entries, ptrs] = makeCInterfaceMatrix(p);
  EieRtMatrix *h =
      eieRtMatrixCreate(p.rows, p.cols, 8, 4, m.codebook.values.data(),
                        entries.data(), entries.size(), ptrs.data(), 2, 0.5,
                        /*fixedPoint=*/1, /*variant=*/nullptr);
  ASSERT_NE(h, nullptr) << eieRtLastError();
  EXPECT_EQ(eieRtMatrixWeightFrac(h), m.codebook.fracBits);
  std::vector<int16_t> x = randomActivations(p.cols, 0.5, 10, 3), y(p.rows);
  ASSERT_EQ(eieRtMultiplyQ16(h, x.data(), nullptr, y.data(), 10, 8, 1, 2), 0)
      << eieRtLastError();
  std::vector<int16_t> ref =
      fixedReference(format::decodeCodes(m), m.codebook.fixedValues, p.rows,
                     p.cols, x, {}, 10, m.codebook.fracBits, 8, true);
  EXPECT_EQ(y, ref);
  EXPECT_NE(eieRtMultiplyQ16(h, x.data(), nullptr, y.data(), 10, 40, 1, 2), 0);
  EXPECT_EQ(std::string(eieRtLastError()),
            "fixed point: output fractional bits 40 outside [0, 15]");
  EXPECT_NE(eieRtMultiplyF32(nullptr, nullptr, nullptr, nullptr, 0, 1), 0);
  EXPECT_EQ(std::string(eieRtLastError()),
            "eieRt: null matrix, input or output");
  eieRtMatrixDestroy(h);

  EXPECT_EQ(eieRtMatrixCreate(p.rows, p.cols, 8, 4, m.codebook.values.data(),
                              entries.data(), entries.size() - 1, ptrs.data(),
                              2, 0.5, /*fixedPoint=*/1, /*variant=*/""),
            nullptr);
  EXPECT_NE(std::string(eieRtLastError()).find("past the"), std::string::npos);
}

template <typename T> EieRtMemRef1D vectorDescriptor(std::vector<T> &v) {
  return {v.data(), v.data(), 0, {int64_t(v.size())}, {1}};
}

/// Calls _mlir_ciface_eieRtSparseFCInit as a compiled layer does: on c's
/// arrays, the handle in slot, variant the kernel variant's name (empty for
/// the automatic choice), the expected activation density (0: measured from
/// the input) and the layer's input, one row (all ones when empty).
int32_t initCompiledLayer(CInterfaceMatrix &c, const Problem &p,
                          std::vector<int64_t> &slot, uint32_t numSlices,
                          int32_t fixedPoint, const std::string &variant,
                          double density = 0.5, std::vector<float> x = {}) {
  std::vector<float> codebook = c.matrix.codebook.values;
  std::vector<char> name(variant.begin(), variant.end());
  if (x.empty())
    x.assign(p.cols, 1.0f);
  EieRtMemRef1D handle = vectorDescriptor(slot),
                codebookRef = vectorDescriptor(codebook),
                entriesRef = vectorDescriptor(c.entries),
                ptrsRef = vectorDescriptor(c.ptrs),
                variantRef = vectorDescriptor(name);
  EieRtMemRef2D input = {x.data(), x.data(), 0, {1, p.cols}, {p.cols, 1}};
  return _mlir_ciface_eieRtSparseFCInit(
      &handle, &codebookRef, &entriesRef, &ptrsRef, p.rows, p.cols, 8, 4,
      numSlices, density, fixedPoint, &variantRef, &input);
}

TEST(RuntimeCAPI, TakesTheDensityOfTheFirstInputWhenGivenNone) {
  // A compiled layer whose pass was given no activation density calibrates
  // at its first input's: a quarter of it non-zero here. An input without
  // non-zero values says nothing: dense inputs are assumed then.
  if (!isKernelISASupported(KernelISA::AVX2))
    GTEST_SKIP() << "this CPU (or EIE_SPARSE_MAX_ISA) leaves one variant, "
                    "which nothing calibrates";
  Problem p{300, 200, 4, 0.1, 0.5, 15};
  CInterfaceMatrix c = makeCInterfaceMatrix(p);
  std::vector<float> quarter(p.cols, 0.0f), zeros(p.cols, 0.0f);
  for (uint32_t j = 0; j < p.cols; j += 4)
    quarter[j] = 1.0f;
  for (auto [x, percent] : {std::pair{quarter, "25%"}, {zeros, "100%"}}) {
    std::vector<int64_t> slot = {0};
    ASSERT_EQ(initCompiledLayer(c, p, slot, 1, /*fixedPoint=*/0, "",
                                /*density=*/0, x),
              0)
        << eieRtLastError();
    auto *built = reinterpret_cast<EieRtMatrix *>(slot[0]);
    std::string reason = eieRtMatrixVariantReason(built);
    EXPECT_NE(reason.find(std::string("at ") + percent + " active inputs"),
              std::string::npos)
        << reason;
    eieRtMatrixDestroy(built);
  }
}

TEST(KernelVariant, ParsesVariantsWithPanelShapes) {
  for (const char *spec :
       {"columns-avx2", "panels-avx512", "panels-avx512:64",
        "panels-avx512:128x16", "panels-avx2:16x2", "panels-avx2/walk",
        "panels-avx512:64/rows", "panels-avx512:32x6/rows"}) {
    llvm::Expected<KernelSpec> parsed = parseKernelSpec(spec);
    ASSERT_TRUE(bool(parsed)) << llvm::toString(parsed.takeError());
    EXPECT_EQ(kernelSpecName(*parsed), spec);
  }
  llvm::Expected<KernelSpec> shaped = parseKernelSpec("panels-avx2:32x6");
  ASSERT_TRUE(bool(shaped));
  EXPECT_EQ(shaped->variant, (KernelVariant{Layout::Panels, KernelISA::AVX2}));
  EXPECT_EQ(shaped->panelWidth, 32u);
  EXPECT_EQ(shaped->panelSteps, 6u);
  EXPECT_FALSE(shaped->panelLeftover);
  llvm::Expected<KernelSpec> listed = parseKernelSpec("panels-avx2:32x6/rows");
  ASSERT_TRUE(bool(listed));
  EXPECT_EQ(listed->panelLeftover, PanelLeftover::Rows);

  auto error = [](const char *spec) {
    return errorMessage(parseKernelSpec(spec).takeError());
  };
  EXPECT_EQ(error("columns-avx2:64"),
            "'columns-avx2:64': columns-avx2 has no panel shape");
  EXPECT_EQ(error("columns-avx2/rows"),
            "'columns-avx2/rows': columns-avx2 has no leftover to place");
  for (const char *leftover :
       {"panels-avx512/", "panels-avx512:64x6/Rows", "panels-avx512:64/col",
        "panels-avx512:64x6/rows/walk"})
    EXPECT_EQ(error(leftover), "'" + std::string(leftover) +
                                   "': the leftover goes to /walk or /rows");
  EXPECT_EQ(error("panels-avx512:48"),
            "'panels-avx512:48': the panel width is one of 32, 64, 128");
  EXPECT_EQ(error("panels-avx2:64x4"),
            "'panels-avx2:64x4': the panel width is one of 16, 32");
  for (const char *malformed :
       {"panels-avx512:", "panels-avx512:x4", "panels-avx512:64x",
        "panels-avx512:064", "panels-avx512:64x06", "panels-avx512:64x6x2",
        "panels-avx512:64x0", "panels-avx512:+64"})
    EXPECT_EQ(error(malformed), "'" + std::string(malformed) +
                                    "': the panel shape is <width> or "
                                    "<width>x<steps>, in decimal");
  for (const char *steps : {"panels-avx512:64x3", "panels-avx512:32x34"})
    EXPECT_EQ(error(steps), "'" + std::string(steps) +
                                "': the steps per panel are even, from 2 to "
                                "the width");
}

TEST(RuntimeCAPI, ForcesTheNamedVariant) {
  Problem p{100, 80, 4, 0.1, 0.5, 13};
  CInterfaceMatrix c = makeCInterfaceMatrix(p);
  format::CompressedMatrix &m = c.matrix;
  std::vector<uint8_t> &entries = c.entries;
  std::vector<uint32_t> &ptrs = c.ptrs;
  auto create = [&](const char *variant) {
    return eieRtMatrixCreate(p.rows, p.cols, 8, 4, m.codebook.values.data(),
                             entries.data(), entries.size(), ptrs.data(), 1,
                             0.5, /*fixedPoint=*/0, variant);
  };
  EieRtMatrix *h = create("columns-portable");
  ASSERT_NE(h, nullptr) << eieRtLastError();
  EXPECT_EQ(std::string(eieRtMatrixVariant(h)), "columns-portable");
  EXPECT_EQ(std::string(eieRtMatrixVariantReason(h)), "forced by the caller");
  eieRtMatrixDestroy(h);

  // A Panels variant with its whole shape: packed as named, no calibration;
  // its name adds where the model put the leftover, and packs it again.
  if (isKernelISASupported(KernelISA::AVX2)) {
    h = create("panels-avx2:16x4");
    ASSERT_NE(h, nullptr) << eieRtLastError();
    const std::string name = eieRtMatrixVariant(h);
    EXPECT_TRUE(name == "panels-avx2:16x4/walk" ||
                name == "panels-avx2:16x4/rows")
        << name;
    EXPECT_EQ(std::string(eieRtMatrixVariantReason(h)).find("calibration"),
              std::string::npos)
        << eieRtMatrixVariantReason(h);
    eieRtMatrixDestroy(h);
    for (const char *named :
         {"panels-avx2:16x4/walk", "panels-avx2:16x4/rows"}) {
      h = create(named);
      ASSERT_NE(h, nullptr) << eieRtLastError();
      EXPECT_EQ(std::string(eieRtMatrixVariant(h)), named);
      eieRtMatrixDestroy(h);
    }
  }

  EXPECT_EQ(create("panels-sse"), nullptr);
  EXPECT_EQ(std::string(eieRtLastError()),
            "eieRtMatrixCreate: 'panels-sse' names no kernel variant; "
            "expected one of columns-portable, columns-avx2, columns-avx512, "
            "panels-avx2, panels-avx512 (a panels variant may add its panel "
            "width or shape: panels-avx512:64x6)");
  for (KernelVariant v : allKernelVariants())
    if (!isKernelISASupported(v.isa)) {
      EXPECT_EQ(create(kernelVariantName(v).c_str()), nullptr);
      EXPECT_NE(std::string(eieRtLastError()).find("which this CPU lacks"),
                std::string::npos);
    }
  EXPECT_EQ(std::string(eieRtMatrixVariant(nullptr)), "");

  // The compiled layers' entry point passes the name as an i8 buffer.
  std::vector<int64_t> slot = {0};
  ASSERT_EQ(
      initCompiledLayer(c, p, slot, 1, /*fixedPoint=*/0, "columns-portable"), 0)
      << eieRtLastError();
  auto *built = reinterpret_cast<EieRtMatrix *>(slot[0]);
  EXPECT_EQ(std::string(eieRtMatrixVariant(built)), "columns-portable");
  eieRtMatrixDestroy(built);
}

TEST(RuntimeCAPI, BuildsALayersMatrixOnceForConcurrentFirstCalls) {
  // A compiled function called from several threads at once: every first
  // call of the layer succeeds, and they leave one matrix in the handle
  // (that it is built only once, the others waiting for it, the test does
  // not see).
  Problem p{300, 200, 4, 0.1, 0.5, 14};
  CInterfaceMatrix c = makeCInterfaceMatrix(p);
  std::vector<int64_t> slot = {0};
  std::vector<int32_t> status(4, -1);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < status.size(); ++t)
    threads.emplace_back([&, t] {
      status[t] = initCompiledLayer(c, p, slot, 1, /*fixedPoint=*/0, "");
    });
  for (std::thread &t : threads)
    t.join();
  EXPECT_EQ(status, std::vector<int32_t>(status.size(), 0));
  ASSERT_NE(slot[0], 0);
  eieRtMatrixDestroy(reinterpret_cast<EieRtMatrix *>(slot[0]));
}

TEST(RuntimeCAPI, RunsCompiledLayersOnMemRefDescriptors) {
  Problem p{100, 80, 4, 0.1, 0.5, 12};
  CInterfaceMatrix c = makeCInterfaceMatrix(p);
  const format::CompressedMatrix &m = c.matrix;
  std::vector<int64_t> slot = {0};
  ASSERT_EQ(initCompiledLayer(c, p, slot, 2, /*fixedPoint=*/1, ""), 0);
  int64_t built = slot[0];
  EXPECT_NE(built, 0);
  // Later calls find the matrix in the handle.
  ASSERT_EQ(initCompiledLayer(c, p, slot, 2, /*fixedPoint=*/1, ""), 0);
  EieRtMemRef1D handle = vectorDescriptor(slot);
  EXPECT_EQ(slot[0], built);

  // Two input rows p.cols + 3 elements apart; the second output row is the
  // reference of the second input row.
  std::vector<int16_t> row0 = randomActivations(p.cols, 0.5, 10, 4),
                       row1 = randomActivations(p.cols, 0.5, 10, 5);
  std::vector<int16_t> x(2 * (p.cols + 3));
  std::copy(row0.begin(), row0.end(), x.begin());
  std::copy(row1.begin(), row1.end(), x.begin() + p.cols + 3);
  std::vector<int16_t> y(2 * p.rows), noBias;
  EieRtMemRef2D xRef = {x.data(), x.data(), 0, {2, p.cols}, {p.cols + 3, 1}};
  EieRtMemRef2D yRef = {y.data(), y.data(), 0, {2, p.rows}, {p.rows, 1}};
  EieRtMemRef1D biasRef = vectorDescriptor(noBias);
  ASSERT_EQ(_mlir_ciface_eieRtSparseFCQ16(&handle, &xRef, &biasRef, &yRef, 10,
                                          8, 1, 2),
            0);
  std::vector<int16_t> ref =
      fixedReference(format::decodeCodes(m), m.codebook.fixedValues, p.rows,
                     p.cols, row1, {}, 10, m.codebook.fracBits, 8, true);
  EXPECT_EQ(std::vector<int16_t>(y.begin() + p.rows, y.end()), ref);

  // Buffers the kernel cannot read.
  EieRtMemRef2D wrongCols = {
      x.data(), x.data(), 0, {2, p.cols - 1}, {p.cols, 1}};
  EXPECT_NE(_mlir_ciface_eieRtSparseFCQ16(&handle, &wrongCols, &biasRef, &yRef,
                                          10, 8, 1, 2),
            0);
  EXPECT_EQ(std::string(eieRtLastError()),
            "the input is 2 x 79, expected 2 x 80");
  EieRtMemRef2D columnMajor = {x.data(), x.data(), 0, {2, p.cols}, {1, 2}};
  EXPECT_NE(_mlir_ciface_eieRtSparseFCQ16(&handle, &columnMajor, &biasRef,
                                          &yRef, 10, 8, 1, 2),
            0);
  EXPECT_EQ(std::string(eieRtLastError()),
            "the input's rows are not contiguous (inner stride 2)");
  eieRtMatrixDestroy(reinterpret_cast<EieRtMatrix *>(slot[0]));
}

} // namespace
