//===- SyntheticLayer.h - Random layers at a given density ------*- C++ -*-===//
//
// The workloads of the timing experiments (docs/Simulator.md,
// "Experiments"): like the published EIE evaluation, the timing of a layer
// depends on its shape, weight density and activation density, not on the
// trained values, so the experiments and tests use uniformly random
// non-zero positions with a fixed 4-bit codebook. Deterministic per seed.
//
//===----------------------------------------------------------------------===//

#ifndef EIE_SIM_SYNTHETICLAYER_H
#define EIE_SIM_SYNTHETICLAYER_H

#include "eie/Format/CompressedMatrix.h"

#include "llvm/Support/Error.h"

#include <cstdint>
#include <vector>

namespace eie::sim {

/// A rows x cols matrix whose entries are non-zero with probability
/// `density`, with uniformly random codes 1..15 of a codebook of +-k/8,
/// encoded for `numPEs` PEs.
llvm::Expected<format::CompressedMatrix>
makeSyntheticMatrix(uint32_t rows, uint32_t cols, double density,
                    unsigned numPEs, uint64_t seed);

/// n activations, each non-zero with probability `density`, the non-zero
/// ones uniform in [1, maxValue] (ReLU outputs are non-negative).
std::vector<int16_t> makeSyntheticActivations(uint32_t n, double density,
                                              int16_t maxValue, uint64_t seed);

} // namespace eie::sim

#endif // EIE_SIM_SYNTHETICLAYER_H
