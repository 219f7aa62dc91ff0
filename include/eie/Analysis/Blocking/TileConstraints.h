//===- TileConstraints.h - What a code generator needs of a blocking -*- C++
//-*-//
//
// The blockings a code generator can run are a subset of the model's: the x86
// micro-kernel keeps a register tile of output vectors (K in whole vectors,
// at most as many accumulators as it has registers for) and walks the
// reduction C, R, S one step at a time inside it. TileConstraints describes
// such a subset; the optimizer searches exactly that subset (Optimizer.h,
// docs/BlockingModel.md "Code-generator constraints").
//
//===----------------------------------------------------------------------===//

#ifndef EIE_ANALYSIS_BLOCKING_TILECONSTRAINTS_H
#define EIE_ANALYSIS_BLOCKING_TILECONSTRAINTS_H

#include "eie/Analysis/Blocking/Blocking.h"

#include "llvm/Support/JSON.h"

namespace eie::blocking {

/// Restrictions on the blockings of a layer; the default restricts nothing.
struct TileConstraints {
  /// Loops whose level-0 (register tile) factor must be 1 (x86: C, R, S).
  std::array<bool, kNumLoops> unitAtLevel0{};
  /// The level-0 factor of K must be a multiple of this, the vector width in
  /// lanes (1: any). A K that is not a multiple of it is padded up to one
  /// (paddedLayer()): the generated code computes zeros there.
  int64_t vectorLanes = 1;
  /// At most this many accumulator registers in the register tile:
  /// N0 * Y0 * X0 * (K0 / vectorLanes) (0: no limit).
  int64_t maxAccumulators = 0;
  /// Per loop, the tile of every level must divide alignment[l], be a
  /// multiple of it, or be the whole (padded) bound, so that no tile straddles
  /// a block of that many iterations (x86: C by the input channel block, K by
  /// the output channels of a group).
  LoopVector alignment{1, 1, 1, 1, 1, 1, 1};
  /// Level 1's iterating loops (factor > 1) put C, R and S innermost, in any
  /// order among themselves, so that the register tile's accumulators stay in
  /// registers across the whole reduction the level walks.
  bool reductionsInnermostAtLevel1 = false;
};

/// Checks vectorLanes >= 1, maxAccumulators >= 0 and alignments >= 1.
llvm::Error validateConstraints(const TileConstraints &constraints);

/// The layer the constrained search blocks: `layer` with K rounded up to a
/// multiple of constraints.vectorLanes.
Layer paddedLayer(const Layer &layer, const TileConstraints &constraints);

/// Accumulator registers of a register tile `tile0`: N * Y * X * ceil(K /
/// vectorLanes).
int64_t registerAccumulators(const LoopVector &tile0, int64_t vectorLanes);

/// Checks that `blocking`, a blocking of paddedLayer(layer, constraints) (or
/// of `layer`: K's tiles are cut at the padded bound either way) that
/// validateBlocking() accepts, satisfies the constraints; the error names the
/// level, the loop and the rule broken. Loops whose factor at level 1 is 1 do
/// not iterate and may sit anywhere in its order.
llvm::Error checkConstraints(const Layer &layer, const Architecture &arch,
                             const Blocking &blocking,
                             const TileConstraints &constraints);

/// Vector registers the x86 micro-kernel keeps for other than accumulators:
/// the filter vectors and broadcast inputs of one reduction step (AVX-512:
/// 28 of 32 zmm for accumulators, AVX2: 12 of 16 ymm;
/// shared/notes/X86-CODEGEN.md, "register spilling").
constexpr int64_t kX86ReservedRegisters = 4;

/// The channel block of the x86 code generator's blocked input layout
/// (N x C/b x H x W x b): the vector width when it divides the channels of a
/// group, else a whole group.
int64_t x86InputChannelBlock(int64_t channelsPerGroup, int64_t lanes);

/// What the x86 code generator needs of a blocking of `layer` on `arch`: a
/// register tile of whole K vectors (arch.vector's lanes) within
/// registers - kX86ReservedRegisters accumulators, one C, R and S at a time,
/// C tiles aligned to the `inputChannelBlock` of the blocked activation layout
/// (or to C itself when C is smaller), K tiles to the output channels of a
/// group when `groups` > 1 (the layer's C is then the channels of one group),
/// and the reduction innermost at level 1. Fails when `arch` has no vector
/// description, `groups` does not divide K or leaves a group a partial
/// vector, or `inputChannelBlock` < 1.
llvm::Expected<TileConstraints> x86Constraints(const Layer &layer,
                                               const Architecture &arch,
                                               int64_t inputChannelBlock,
                                               int64_t groups);

/// {"unit_at_level0": ["C", ...], "vector_lanes": .., "max_accumulators": ..,
/// "alignment": {"N": .., ...}, "reductions_innermost_at_level1": ..}.
llvm::json::Value constraintsToJSON(const TileConstraints &constraints);

} // namespace eie::blocking

#endif // EIE_ANALYSIS_BLOCKING_TILECONSTRAINTS_H
