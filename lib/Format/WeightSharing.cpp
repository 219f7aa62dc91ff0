//===- WeightSharing.cpp - k-means weight sharing (Deep Compression) ------===//

#include "eie/Format/WeightSharing.h"

#include <algorithm>
#include <cmath>
#include <random>

using namespace eie::format;

std::optional<CentroidInit> eie::format::parseCentroidInit(llvm::StringRef s) {
  if (s == "linear")
    return CentroidInit::Linear;
  if (s == "density")
    return CentroidInit::Density;
  if (s == "random")
    return CentroidInit::Random;
  return std::nullopt;
}

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

  std::vector<double> prefix(sorted.size() + 1, 0.0);
  for (size_t i = 0; i < sorted.size(); ++i)
    prefix[i + 1] = prefix[i] + sorted[i];

  unsigned k = (1u << o.bits) - 1;
  std::vector<double> c = initialCentroids(sorted, k, o);
  std::vector<size_t> bounds(k + 1, 0), prev;
  bounds[k] = sorted.size();
  SharedWeights out;
  for (out.iterations = 0; out.iterations < o.maxIterations;) {
    for (unsigned i = 0; i + 1 < k; ++i)
      bounds[i + 1] = split(sorted, c, i);
    ++out.iterations;
    if (bounds == prev)
      break;
    // An empty cluster keeps its centroid; means stay sorted because the
    // clusters are contiguous ranges of the sorted values.
    for (unsigned i = 0; i < k; ++i)
      if (bounds[i + 1] > bounds[i])
        c[i] = (prefix[bounds[i + 1]] - prefix[bounds[i]]) /
               double(bounds[i + 1] - bounds[i]);
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
