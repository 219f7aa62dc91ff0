//===- Pruning.cpp - Magnitude pruning (Deep Compression) -----------------===//

#include "eie/Format/Pruning.h"

#include "llvm/ADT/bit.h"

#include <algorithm>
#include <cmath>
#include <tuple>
#include <vector>

using namespace eie::format;

static uint64_t countNonZeros(llvm::ArrayRef<float> weights) {
  return std::count_if(weights.begin(), weights.end(),
                       [](float w) { return w != 0.0f; });
}

/// Checks the density and the weights; returns round(density * size) >= 1.
static llvm::Expected<uint64_t> countToKeep(llvm::ArrayRef<float> weights,
                                            double density) {
  if (!(density > 0.0 && density <= 1.0))
    return llvm::createStringError("prune: density %g outside (0, 1]", density);
  for (size_t i = 0; i < weights.size(); ++i)
    if (!std::isfinite(weights[i]))
      return llvm::createStringError("prune: weight %zu is %f, expected a "
                                     "finite number",
                                     i, static_cast<double>(weights[i]));
  uint64_t keep = static_cast<uint64_t>(std::llround(density * weights.size()));
  if (keep == 0)
    return llvm::createStringError(
        "prune: density %g of %zu weights keeps no weight", density,
        weights.size());
  return keep;
}

/// The k-th largest (1-based, 1 <= k <= size) of `values`, which it reorders.
static float kthLargest(std::vector<float> &values, uint64_t k) {
  std::nth_element(values.begin(), values.begin() + (k - 1), values.end(),
                   std::greater<float>());
  return values[k - 1];
}

llvm::Expected<uint64_t>
eie::format::pruneToDensity(llvm::MutableArrayRef<float> weights,
                            double density) {
  llvm::Expected<uint64_t> keep = countToKeep(weights, density);
  if (!keep)
    return keep.takeError();
  if (*keep == weights.size())
    return countNonZeros(weights);

  // The keep-th largest magnitude t: everything above t stays, and of the
  // weights equal to t the lowest indices fill the remaining places.
  std::vector<float> mag(weights.size());
  for (size_t i = 0; i < weights.size(); ++i)
    mag[i] = std::fabs(weights[i]);
  float t = kthLargest(mag, *keep);
  uint64_t above = 0;
  for (float w : weights)
    above += std::fabs(w) > t;
  uint64_t tiesLeft = *keep - above;
  for (float &w : weights) {
    float a = std::fabs(w);
    if (a > t)
      continue;
    if (a == t && tiesLeft > 0) {
      --tiesLeft;
      continue;
    }
    w = 0.0f;
  }
  return countNonZeros(weights);
}

namespace {

/// Calls f(i, j) for every element of a rows x cols matrix in 64 x 64 blocks,
/// so that a row-major and a column-major array are both walked within a few
/// cache lines per block.
template <typename F> void forEachBlocked(uint32_t rows, uint32_t cols, F f) {
  constexpr uint32_t block = 64;
  for (uint32_t i0 = 0; i0 < rows; i0 += block)
    for (uint32_t j0 = 0; j0 < cols; j0 += block)
      for (uint32_t i = i0; i < std::min(rows, i0 + block); ++i)
        for (uint32_t j = j0; j < std::min(cols, j0 + block); ++j)
          f(i, j);
}

/// A padding entry covers this many row positions of a PE's column.
constexpr int64_t kPaddingSpan = 16;

/// The layer's magnitudes column by column (|W[i][j]| at j * rows + i), so
/// that a PE's part of a column (rows p, p + N, ...) is read from one small
/// block, and the scan that replaces padding entries by fills.
class EIEColumns {
public:
  EIEColumns(llvm::ArrayRef<float> weights, uint32_t rows, uint32_t cols,
             unsigned numPEs)
      : rows(rows), cols(cols), numPEs(numPEs),
        usedPEs(std::min<uint64_t>(numPEs, rows)), mag(weights.size()),
        peOf(rows), localOf(rows) {
    forEachBlocked(rows, cols, [&](uint32_t i, uint32_t j) {
      mag[size_t(j) * rows + i] = std::fabs(weights[size_t(i) * cols + j]);
    });
    for (uint32_t i = 0; i < rows; ++i) {
      peOf[i] = i % numPEs;
      localOf[i] = i / numPEs;
    }
  }

  uint32_t rows, cols, numPEs;
  /// PEs holding rows: PE i mod numPEs of row i < rows.
  unsigned usedPEs;
  std::vector<float> mag;
  /// Row i's PE and local row, to avoid a division per kept weight.
  std::vector<uint32_t> peOf, localOf;

  /// Base weights (magnitude >= t > 0) plus the fills they need. With `kept`
  /// (column-major, zero-initialized), marks both and scans everything;
  /// without, stops once the count exceeds `limit`.
  struct Count {
    uint64_t base = 0, fills = 0;
    uint64_t total() const { return base + fills; }
  };
  Count scan(float t, uint64_t limit, uint8_t *kept = nullptr) const {
    Count count;
    std::vector<int64_t> last(usedPEs);
    for (uint32_t j = 0; j < cols; ++j) {
      const float *col = mag.data() + size_t(j) * rows;
      std::fill(last.begin(), last.end(), -1);
      // The base weights of 64 rows at a time as a bit mask: the comparison
      // vectorizes and only kept weights cost a branch.
      for (uint32_t i0 = 0; i0 < rows; i0 += 64) {
        uint64_t mask = 0;
        if (rows - i0 >= 64) {
          // Constant shifts per group of 8 let the compiler vectorize.
          for (uint32_t k = 0; k < 64; k += 8) {
            uint64_t bits = 0;
            for (uint32_t b = 0; b < 8; ++b)
              bits |= uint64_t(col[i0 + k + b] >= t) << b;
            mask |= bits << k;
          }
        } else {
          for (uint32_t k = 0; i0 + k < rows; ++k)
            mask |= uint64_t(col[i0 + k] >= t) << k;
        }
        for (; mask; mask &= mask - 1) {
          uint32_t i = i0 + llvm::countr_zero(mask);
          ++count.base;
          count.fills += fillRun(col, peOf[i], last[peOf[i]], localOf[i],
                                 kept ? kept + size_t(j) * rows : nullptr);
          if (kept)
            kept[size_t(j) * rows + i] = 1;
          else if (count.total() > limit)
            return count;
        }
      }
    }
    return count;
  }

private:
  /// Keeps fills in place of the padding entries that the run of PE pe's
  /// column from local row prev + 1 to a kept weight at `local` would need;
  /// sets prev to `local`. Returns the number of fills (marked in keptCol).
  uint64_t fillRun(const float *col, unsigned pe, int64_t &prev, int64_t local,
                   uint8_t *keptCol) const {
    uint64_t fills = 0;
    while (local - prev - 1 >= kPaddingSpan) {
      // The encoder would pad this run with run / 16 entries; a fill at or
      // after `first` leaves a run that as many fills cover. Without that
      // bound, fills at random places of their windows advance 8.5 rows on
      // average and chain (at 9% on one PE nearly every kept weight would
      // become a fill).
      int64_t run = local - prev - 1;
      int64_t first = local - kPaddingSpan * (run / kPaddingSpan);
      int64_t fill = largestIn(col, pe, first, prev + kPaddingSpan);
      if (fill < 0)
        fill = largestIn(col, pe, prev + 1, first - 1);
      if (fill < 0) {
        prev += kPaddingSpan; // 16 exact zeros: the padding stays
        continue;
      }
      ++fills;
      if (keptCol)
        keptCol[pe + size_t(fill) * numPEs] = 1;
      prev = fill;
    }
    prev = local;
    return fills;
  }

  /// The local row of the largest non-zero magnitude among PE pe's local
  /// rows [begin, end] (the lowest on ties), or -1 if all are 0.
  int64_t largestIn(const float *col, unsigned pe, int64_t begin,
                    int64_t end) const {
    int64_t best = -1;
    float bestMag = 0;
    for (int64_t local = begin; local <= end; ++local) {
      float m = col[pe + size_t(local) * numPEs];
      if (m > bestMag) {
        bestMag = m;
        best = local;
      }
    }
    return best;
  }
};

/// Adds up to `need` weights to `kept` (1 = kept; 2 marks a weight rejected
/// here), largest magnitude first (ties: lower row-major index), skipping
/// those after a column's last kept weight of their PE by a run of >= 16,
/// which would need padding or a fill. Returns how many it added.
uint64_t topUp(const EIEColumns &c, std::vector<uint8_t> &kept, uint64_t need) {
  const uint32_t rows = c.rows, numPEs = c.numPEs, usedPEs = c.usedPEs;
  // The last kept local row of each (column, PE).
  std::vector<int64_t> last(size_t(c.cols) * usedPEs, -1);
  for (size_t k = 0; k < kept.size(); ++k)
    if (kept[k] == 1) {
      size_t j = k / rows, i = k % rows;
      last[j * usedPEs + i % numPEs] = i / numPEs;
    }

  uint64_t added = 0;
  while (added < need) {
    std::vector<float> open;
    for (size_t k = 0; k < kept.size(); ++k)
      if (kept[k] == 0 && c.mag[k] > 0)
        open.push_back(c.mag[k]);
    if (open.empty())
      break;
    // Some candidates are rejected: take twice what is missing, so that one
    // round of this O(size) selection usually suffices.
    uint64_t batch = std::max<uint64_t>(2 * (need - added), 1024);
    float u = kthLargest(open, std::min<uint64_t>(batch, open.size()));
    open = {};
    // (magnitude, row-major index, column-major index) of the candidates.
    std::vector<std::tuple<float, uint64_t, uint64_t>> candidates;
    for (size_t k = 0; k < kept.size(); ++k)
      if (kept[k] == 0 && c.mag[k] >= u && c.mag[k] > 0)
        candidates.emplace_back(c.mag[k], (k % rows) * c.cols + k / rows, k);
    std::sort(candidates.begin(), candidates.end(),
              [](const auto &a, const auto &b) {
                return std::get<0>(a) != std::get<0>(b)
                           ? std::get<0>(a) > std::get<0>(b)
                           : std::get<1>(a) < std::get<1>(b);
              });
    for (const auto &[m, rowMajor, k] : candidates) {
      if (added == need)
        break;
      size_t j = k / rows, i = k % rows;
      int64_t local = i / numPEs;
      int64_t &prev = last[j * usedPEs + i % numPEs];
      if (local > prev && local - prev - 1 >= kPaddingSpan) {
        kept[k] = 2;
        continue;
      }
      kept[k] = 1;
      prev = std::max(prev, local);
      ++added;
    }
  }
  return added;
}

} // namespace

llvm::Expected<EIEPruneResult>
eie::format::pruneForEIE(llvm::MutableArrayRef<float> weights, uint32_t rows,
                         uint32_t cols, double density, unsigned numPEs) {
  if (weights.size() != uint64_t(rows) * cols)
    return llvm::createStringError("prune: %zu weights for a %ux%u matrix",
                                   weights.size(), rows, cols);
  if (numPEs == 0)
    return llvm::createStringError("prune: the number of PEs must be positive");
  llvm::Expected<uint64_t> keep = countToKeep(weights, density);
  if (!keep)
    return keep.takeError();
  uint64_t nonZeros = countNonZeros(weights);
  if (*keep >= nonZeros)
    return EIEPruneResult{nonZeros, 0};

  // Smallest threshold (as float bits, which order positive floats) whose
  // base plus fills fit: bits 0 (t = 0) keeps every non-zero, more than
  // keep; +inf keeps nothing.
  EIEColumns columns(weights, rows, cols, numPEs);
  uint32_t lo = 0, hi = llvm::bit_cast<uint32_t>(INFINITY);
  while (hi - lo > 1) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (columns.scan(llvm::bit_cast<float>(mid), *keep).total() <= *keep)
      hi = mid;
    else
      lo = mid;
  }
  std::vector<uint8_t> kept(weights.size(), 0);
  EIEColumns::Count count =
      columns.scan(llvm::bit_cast<float>(hi), *keep, kept.data());
  uint64_t added = topUp(columns, kept, *keep - count.total());

  forEachBlocked(rows, cols, [&](uint32_t i, uint32_t j) {
    if (kept[size_t(j) * rows + i] != 1)
      weights[size_t(i) * cols + j] = 0.0f;
  });
  return EIEPruneResult{count.total() + added, count.fills};
}
