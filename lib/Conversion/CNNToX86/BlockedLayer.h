//===- BlockedLayer.h - A conv or FC layer in blocked layouts ---*- C++ -*-===//
//
// What the pieces of --cnn-apply-blocking share: the geometry of a layer in
// the blocked layouts, the dims of its blocked linalg.generic, and how the
// model's seven loops map onto them.
//
//===----------------------------------------------------------------------===//

#ifndef EIE_LIB_CONVERSION_CNNTOX86_BLOCKEDLAYER_H
#define EIE_LIB_CONVERSION_CNNTOX86_BLOCKEDLAYER_H

#include "eie/Conversion/CNNToX86/CNNToX86.h"
#include "eie/Dialect/CNN/IR/CNNAttrs.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

#include <array>

namespace mlir::eie::x86 {

/// The dims of the blocked generic, outermost first:
///   out[n][g][kb][p][q][k] += in[n][g][cb][p*sy + r][q*sx + s][c]
///                           * w[g][kb][cb][r][s][c][k]
/// with k the lanes of a vector and c the channels of an input block.
enum Dim : unsigned {
  DimN,
  DimG,
  DimKb,
  DimP,
  DimQ,
  DimK,
  DimCb,
  DimC,
  DimR,
  DimS
};
constexpr unsigned kNumDims = 10;
using DimVector = std::array<int64_t, kNumDims>;

/// "n", "g", "kb", ...
StringRef dimName(Dim dim);
/// Whether a dim is a reduction (cb, c, r, s).
bool isReductionDim(Dim dim);

/// The model loop a dim belongs to.
cnn::LoopDim getModelLoop(Dim dim);

/// Every loop made from a blocking level carries this attribute,
/// `{level, memory, loop, dim}`: the level, its memory's name, the model loop
/// and the generic dim it walks.
constexpr StringLiteral kTileAttrName = "cnn.tile";
DictionaryAttr getTileAnnotation(Builder &b, unsigned level, StringRef memory,
                                 Dim dim);

/// The model's loops as spelled by the #cnn.blocking attribute.
using ModelTile = std::array<int64_t, cnn::kNumLoopDims>;

struct BlockedLayer {
  int64_t batch = 1;
  int64_t groups = 1;
  /// Output channels per group, padded to the blocking's K product when the
  /// blocking is imperfect along K (one group only).
  int64_t outChannelsPerGroup = 1;
  /// Output channels of the layer itself (before padding).
  int64_t outChannels = 1;
  int64_t inChannelsPerGroup = 1;
  /// Channels of one block of the input layout: the vector width when it
  /// divides the channels per group, else the channels per group.
  int64_t inBlock = 1;
  int64_t lanes = 16;
  int64_t outHeight = 1, outWidth = 1;
  int64_t kernelHeight = 1, kernelWidth = 1;
  int64_t strideY = 1, strideX = 1;

  /// Extents of the generic's dims.
  DimVector extents() const;

  /// The blocked output: [n][g][kb][p][q][k], without g for one group.
  SmallVector<int64_t> outputShape() const;

  /// The generic dims, and their tile sizes, that a tile of the model's loops
  /// covers: K spans (g, kb), C spans (cb, c).
  DimVector dimTile(const ModelTile &tile) const;

  /// The generic dims of one model loop, outermost first.
  SmallVector<Dim, 2> dimsOf(cnn::LoopDim loop) const;
};

} // namespace mlir::eie::x86

#endif // EIE_LIB_CONVERSION_CNNTOX86_BLOCKEDLAYER_H
