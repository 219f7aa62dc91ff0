//===- Layer.h - A conv layer as a 7-loop nest ------------------*- C++ -*-===//
//
// The problem of shared/contracts/BLOCKING.md: the loop nest over N, K, C, Y,
// X, R, S with strides,
//   O[n][k][y][x] += I[n][c][y*sy + r][x*sx + s] * W[k][c][r][s].
// A fully-connected layer is the same nest with Y = X = R = S = 1.
//
//===----------------------------------------------------------------------===//

#ifndef EIE_ANALYSIS_BLOCKING_LAYER_H
#define EIE_ANALYSIS_BLOCKING_LAYER_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace eie::blocking {

/// The seven loops, in the contract's canonical spelling order.
enum Loop : unsigned { N, K, C, Y, X, R, S };
constexpr unsigned kNumLoops = 7;

/// The three tensors, in the order reports list them.
enum Tensor : unsigned { I, W, O };
constexpr unsigned kNumTensors = 3;

/// A value per loop (bounds, factors, tile sizes).
using LoopVector = std::array<int64_t, kNumLoops>;

/// "N", "K", ... and "I", "W", "O".
llvm::StringRef loopName(Loop l);
llvm::StringRef tensorName(Tensor t);
std::optional<Loop> parseLoopName(llvm::StringRef name);

/// Whether tensor `t` is indexed by loop `l` (I: N C Y X R S; W: K C R S; O: N
/// K Y X).
bool dependsOn(Tensor t, Loop l);

struct Layer {
  std::string name;
  LoopVector bounds{1, 1, 1, 1, 1, 1, 1};
  int64_t strideY = 1;
  int64_t strideX = 1;

  int64_t macs() const;
  /// Number of words of each whole tensor.
  int64_t tensorWords(Tensor t) const;
};

/// Words a tile with per-loop sizes `tile` holds of tensor `t` (the contract's
/// footprint formula).
int64_t footprint(const Layer &layer, const LoopVector &tile, Tensor t);

/// Words of all three tensors' tiles: what a level holding `tile` must have
/// room for.
int64_t tileWords(const Layer &layer, const LoopVector &tile);

/// The largest loop bound a layer may have: the search enumerates tile sizes
/// per loop, so its work grows with the bounds (the largest real bound, VGG's
/// fc6 as a 1x1 conv, is 25088).
constexpr int64_t kMaxLoopBound = int64_t(1) << 24;

/// Checks bounds in [1, kMaxLoopBound], strides >= 1, and MACs x strides at
/// most 2^58.
llvm::Error validateLayer(const Layer &layer);

/// Parses "N=1,K=96,C=3,Y=55,X=55,R=11,S=11" (omitted loops are 1) and a stride
/// "sy,sx".
llvm::Expected<Layer> parseLayerSpec(llvm::StringRef bounds,
                                     llvm::StringRef stride,
                                     llvm::StringRef name);

/// Parses one layer object {"name": .., "bounds": {"K": ..}, "stride": [sy,
/// sx]}; `where` names the object in errors.
llvm::Expected<Layer> layerFromJSON(const llvm::json::Value &value,
                                    llvm::StringRef where);

/// Parses a layer file: either {"layers": [...]} or a bare array of layer
/// objects, or a
/// {"networks": {"alexnet": [...], ...}} table, in which case `network` selects
/// one.
llvm::Expected<std::vector<Layer>> parseLayerFile(llvm::StringRef text,
                                                  llvm::StringRef fileName,
                                                  llvm::StringRef network);

} // namespace eie::blocking

#endif // EIE_ANALYSIS_BLOCKING_LAYER_H
