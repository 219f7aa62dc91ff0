//===- SyntheticLayer.cpp - Random layers at a given density --------------===//

#include "eie/Sim/SyntheticLayer.h"

#include "llvm/Support/FormatVariadic.h"

#include <cmath>
#include <random>

using namespace eie;
using namespace eie::sim;

namespace {
/// std::mt19937_64's sequence is fixed by the standard, so a seed gives the
/// same layer everywhere; the distributions below are ours for the same
/// reason.
class Random {
public:
  explicit Random(uint64_t seed) : engine(seed) {}
  /// Uniform in (0, 1].
  double unit() { return (double(engine() >> 11) + 1.0) / 9007199254740992.0; }
  uint64_t below(uint64_t n) { return engine() % n; }
  /// Positions skipped before the next success of a Bernoulli(p) sequence,
  /// so that generation costs O(non-zeros), not O(rows x cols).
  uint64_t gap(double p) {
    if (p >= 1.0)
      return 0;
    return uint64_t(std::floor(std::log(unit()) / std::log1p(-p)));
  }

private:
  std::mt19937_64 engine;
};
} // namespace

llvm::Expected<format::CompressedMatrix>
eie::sim::makeSyntheticMatrix(uint32_t rows, uint32_t cols, double density,
                              unsigned numPEs, uint64_t seed) {
  if (!(density > 0.0 && density <= 1.0))
    return llvm::createStringError(
        llvm::formatv("weight density {0} is outside (0, 1]", density).str());
  std::vector<float> values(16, 0.0f);
  for (int i = 1; i < 16; ++i)
    values[i] = (i <= 7 ? i - 8 : i - 7) / 8.0f;
  auto codebook = format::Codebook::create(4, values);
  if (!codebook)
    return codebook.takeError();
  Random rng(seed);
  format::SparseCodes codes;
  codes.numRows = rows;
  codes.numCols = cols;
  codes.colPtr.push_back(0);
  for (uint32_t j = 0; j < cols; ++j) {
    for (uint64_t r = rng.gap(density); r < rows; r += 1 + rng.gap(density)) {
      codes.rowIdx.push_back(r);
      codes.codes.push_back(1 + rng.below(15));
    }
    codes.colPtr.push_back(codes.rowIdx.size());
  }
  return format::encode(codes, numPEs, std::move(*codebook));
}

std::vector<int16_t> eie::sim::makeSyntheticActivations(uint32_t n,
                                                        double density,
                                                        int16_t maxValue,
                                                        uint64_t seed) {
  Random rng(seed);
  std::vector<int16_t> a(n, 0);
  if (!(density > 0.0) || maxValue < 1)
    return a;
  for (uint64_t i = rng.gap(density); i < n; i += 1 + rng.gap(density))
    a[i] = int16_t(1 + rng.below(maxValue));
  return a;
}
