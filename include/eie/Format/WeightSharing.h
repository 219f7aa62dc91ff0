//===- WeightSharing.h - k-means weight sharing (Deep Compression) -*- C++ -*-//
//
// Clusters a layer's non-zero weights into 2^bits - 1 shared values with 1-D
// k-means; code 0 stays the value 0, so zero weights stay exactly zero.
//
//===----------------------------------------------------------------------===//

#ifndef EIE_FORMAT_WEIGHTSHARING_H
#define EIE_FORMAT_WEIGHTSHARING_H

#include "eie/Format/Codebook.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace eie::format {

enum class CentroidInit {
  Linear,  ///< evenly spaced over [min, max] (Deep Compression's best)
  Density, ///< at evenly spaced quantiles of the weights' CDF
  Random,  ///< at distinct weights drawn with a seeded generator
};

/// Parses "linear", "density" or "random".
llvm::StringRef centroidInitName(CentroidInit init);

struct WeightSharingOptions {
  unsigned bits = 4;
  CentroidInit init = CentroidInit::Linear;
  uint64_t seed = 0; ///< for CentroidInit::Random
  unsigned maxIterations = 300;
};

struct SharedWeights {
  Codebook codebook;
  /// One code per weight, 0 exactly where the weight is 0.
  std::vector<uint8_t> codes;
  unsigned iterations = 0; ///< k-means iterations until assignments settled
};

/// k-means over the non-zero weights: sorted once, each iteration assigns by
/// the midpoints between sorted centroids (binary search) and recomputes
/// means from prefix sums, O(k log n). A layer with at most 2^bits - 1
/// distinct non-zero values keeps them exactly (codebook: 0, those values
/// ascending, 0 for unused codes). Errors: bits outside [2, 8], NaN/Inf
/// weights, no non-zero weight.
llvm::Expected<SharedWeights>
shareWeights(llvm::ArrayRef<float> weights,
             const WeightSharingOptions &options = {});

} // namespace eie::format

#endif // EIE_FORMAT_WEIGHTSHARING_H
