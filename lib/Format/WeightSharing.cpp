//===- WeightSharing.cpp - k-means weight sharing (Deep Compression) ------===//

#include "eie/Format/WeightSharing.h"

#include "llvm/ADT/STLExtras.h"

#include <algorithm>
#include <cmath>
#include <random>

using namespace eie::format;

llvm::StringRef eie::format::centroidInitName(CentroidInit init) {
  switch (init) {
  case CentroidInit::Linear:
    return "linear";
  case CentroidInit::Density:
    return "density";
  case CentroidInit::Random:
    return "random";
  }
  llvm_unreachable("unknown centroid init");
}

static std::vector<double> initialCentroids(llvm::ArrayRef<float> sorted,
                                            unsigned k,
                                            const WeightSharingOptions &o) {
  std::vector<double> c(k);
  size_t n = sorted.size();
  switch (o.init) {
  case CentroidInit::Linear: {
    double lo = sorted.front(), hi = sorted.back();
    for (unsigned i = 0; i < k; ++i)
      c[i] = k == 1 ? lo : lo + (hi - lo) * i / (k - 1);
    break;
  }
  case CentroidInit::Density:
    for (unsigned i = 0; i < k; ++i)
      c[i] = sorted[std::min(n - 1, size_t((i + 0.5) / k * n))];
    break;
  case CentroidInit::Random: {
    std::mt19937_64 rng(o.seed);
    std::uniform_int_distribution<size_t> pick(0, n - 1);
    for (unsigned i = 0; i < k; ++i)
      c[i] = sorted[pick(rng)];
    std::sort(c.begin(), c.end());
    break;
  }
  }
  return c;
}

/// The first index of cluster c + 1 in the sorted values: values at or below
/// the midpoint of centroids c and c + 1 belong to c.
static size_t split(llvm::ArrayRef<float> sorted, const std::vector<double> &c,
                    unsigned i) {
  double mid = 0.5 * (c[i] + c[i + 1]);
  return std::upper_bound(sorted.begin(), sorted.end(), mid,
                          [](double m, float v) { return m < v; }) -
         sorted.begin();
}

llvm::Expected<SharedWeights>
eie::format::shareWeights(llvm::ArrayRef<float> weights,
                          const WeightSharingOptions &o) {
  if (auto e = checkCodeBits(o.bits))
    return std::move(e);
  std::vector<float> sorted;
  for (size_t i = 0; i < weights.size(); ++i) {
    if (!std::isfinite(weights[i]))
      return llvm::createStringError("share weights: weight %zu is %f, "
                                     "expected a finite number",
                                     i, static_cast<double>(weights[i]));
    if (weights[i] != 0.0f)
      sorted.push_back(weights[i]);
  }
  if (sorted.empty())
    return llvm::createStringError("share weights: the layer's %zu weights "
                                   "are all zero",
                                   weights.size());
  std::sort(sorted.begin(), sorted.end());

  unsigned k = (1u << o.bits) - 1;
  SharedWeights out;
  std::vector<float> distinct(sorted.begin(), sorted.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()),
                 distinct.end());
  if (distinct.size() <= k) {
    // An already shared layer (retrained in PyTorch, say) keeps its values
    // bit for bit: k-means would give the same clusters, but means taken
    // from prefix sums can be off in their last bits. Unused codes are 0.
    std::vector<float> values(size_t(k) + 1, 0.0f);
    llvm::copy(distinct, values.begin() + 1);
    auto cb = Codebook::create(o.bits, values);
    if (!cb)
      return cb.takeError();
    out.codebook = std::move(*cb);
    out.codes.resize(weights.size());
    for (size_t i = 0; i < weights.size(); ++i)
      out.codes[i] =
          weights[i] == 0.0f
              ? 0
              : static_cast<uint8_t>(1 + llvm::lower_bound(distinct,
                                                           weights[i]) -
                                     distinct.begin());
    return out;
  }

  std::vector<double> prefix(sorted.size() + 1, 0.0),
      prefixSquares(sorted.size() + 1, 0.0);
  for (size_t i = 0; i < sorted.size(); ++i) {
    prefix[i + 1] = prefix[i] + sorted[i];
    prefixSquares[i + 1] = prefixSquares[i] + double(sorted[i]) * sorted[i];
  }
  auto mean = [&](size_t b, size_t e) {
    return (prefix[e] - prefix[b]) / double(e - b);
  };
  auto squaredError = [&](size_t b, size_t e) {
    double sum = prefix[e] - prefix[b];
    return prefixSquares[e] - prefixSquares[b] - sum * sum / double(e - b);
  };

  std::vector<double> c = initialCentroids(sorted, k, o);
  std::vector<size_t> bounds(k + 1, 0), prev;
  bounds[k] = sorted.size();
  for (out.iterations = 0; out.iterations < o.maxIterations;) {
    for (unsigned i = 0; i + 1 < k; ++i)
      bounds[i + 1] = split(sorted, c, i);
    ++out.iterations;
    // An empty cluster wastes a code (linear init leaves some in the gap
    // that pruning opens around 0): it takes the upper half of the cluster
    // with the largest squared error, if one holds distinct values.
    unsigned empty = 0;
    while (empty < k && bounds[empty + 1] > bounds[empty])
      ++empty;
    unsigned worst = k;
    double worstError = 0;
    for (unsigned i = 0; i < k; ++i)
      if (bounds[i + 1] > bounds[i] &&
          sorted[bounds[i]] != sorted[bounds[i + 1] - 1]) {
        double e = squaredError(bounds[i], bounds[i + 1]);
        if (worst == k || e > worstError) {
          worst = i;
          worstError = e;
        }
      }
    if (empty < k && worst < k) {
      size_t b = bounds[worst], e = bounds[worst + 1];
      double m = mean(b, e);
      size_t half = std::upper_bound(sorted.begin() + b, sorted.begin() + e, m,
                                     [](double x, float v) { return x < v; }) -
                    sorted.begin();
      // Both halves non-empty even if rounding puts m outside [min, max].
      half = std::clamp(half, b + 1, e - 1);
      c[worst] = mean(b, half);
      c[empty] = mean(half, e);
      std::sort(c.begin(), c.end());
      prev.clear();
      continue;
    }
    if (bounds == prev)
      break;
    // Means stay sorted because the clusters are contiguous ranges of the
    // sorted values; an empty cluster that cannot be refilled (fewer
    // distinct values than codes) keeps its centroid.
    for (unsigned i = 0; i < k; ++i)
      if (bounds[i + 1] > bounds[i])
        c[i] = mean(bounds[i], bounds[i + 1]);
    prev = bounds;
  }

  std::vector<float> values(size_t(k) + 1, 0.0f);
  for (unsigned i = 0; i < k; ++i)
    values[i + 1] = static_cast<float>(c[i]);
  auto cb = Codebook::create(o.bits, values);
  if (!cb)
    return cb.takeError();
  out.codebook = std::move(*cb);

  std::vector<double> mids(k - 1);
  for (unsigned i = 0; i + 1 < k; ++i)
    mids[i] = 0.5 * (c[i] + c[i + 1]);
  out.codes.resize(weights.size());
  for (size_t i = 0; i < weights.size(); ++i) {
    if (weights[i] == 0.0f) {
      out.codes[i] = 0;
      continue;
    }
    size_t cluster = std::lower_bound(mids.begin(), mids.end(),
                                      static_cast<double>(weights[i])) -
                     mids.begin();
    out.codes[i] = static_cast<uint8_t>(cluster + 1);
  }
  return out;
}
