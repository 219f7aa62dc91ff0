//===- BlockedLayer.cpp - A conv or FC layer in blocked layouts -----------===//

#include "BlockedLayer.h"

#include "llvm/TargetParser/Host.h"

using namespace mlir;
using namespace mlir::eie;
using namespace mlir::eie::x86;
using cnn::LoopDim;

X86VectorTarget mlir::eie::resolveX86VectorTarget(X86VectorTarget target) {
  if (target != X86VectorTarget::Host)
    return target;
  llvm::StringMap<bool> features = llvm::sys::getHostCPUFeatures();
  return features.lookup("avx512f") ? X86VectorTarget::AVX512
                                    : X86VectorTarget::AVX2;
}

X86VectorShape mlir::eie::getX86VectorShape(X86VectorTarget target) {
  // Accumulator budgets: one register per filter vector of the tile and one
  // broadcast input stay free; beyond about 28 zmm (12 ymm) LLVM spills
  // (shared/notes/X86-CODEGEN.md, 4h).
  switch (resolveX86VectorTarget(target)) {
  case X86VectorTarget::AVX512:
    return {16, 32, 28, "skylake-avx512"};
  default:
    return {8, 16, 12, "haswell"};
  }
}

StringRef mlir::eie::x86::dimName(Dim dim) {
  static const char *names[kNumDims] = {"n", "g",  "kb", "p", "q",
                                        "k", "cb", "c",  "r", "s"};
  return names[dim];
}

bool mlir::eie::x86::isReductionDim(Dim dim) {
  return dim == DimCb || dim == DimC || dim == DimR || dim == DimS;
}

cnn::LoopDim mlir::eie::x86::getModelLoop(Dim dim) {
  static const LoopDim loops[kNumDims] = {
      LoopDim::N, LoopDim::K, LoopDim::K, LoopDim::Y, LoopDim::X,
      LoopDim::K, LoopDim::C, LoopDim::C, LoopDim::R, LoopDim::S};
  return loops[dim];
}

DictionaryAttr mlir::eie::x86::getTileAnnotation(Builder &b, unsigned level,
                                                 StringRef memory, Dim dim) {
  return b.getDictionaryAttr({
      b.getNamedAttr("level", b.getI64IntegerAttr(level)),
      b.getNamedAttr("memory", b.getStringAttr(memory)),
      b.getNamedAttr("loop",
                     b.getStringAttr(cnn::stringifyLoopDim(getModelLoop(dim)))),
      b.getNamedAttr("dim", b.getStringAttr(dimName(dim))),
  });
}

DimVector BlockedLayer::extents() const {
  return {batch,        groups,     outChannelsPerGroup / lanes,  outHeight,
          outWidth,     lanes,      inChannelsPerGroup / inBlock, inBlock,
          kernelHeight, kernelWidth};
}

SmallVector<int64_t> BlockedLayer::outputShape() const {
  DimVector e = extents();
  if (groups == 1)
    return {e[DimN], e[DimKb], e[DimP], e[DimQ], e[DimK]};
  return {e[DimN], e[DimG], e[DimKb], e[DimP], e[DimQ], e[DimK]};
}

DimVector BlockedLayer::dimTile(const ModelTile &tile) const {
  DimVector sizes = extents();
  sizes[DimN] = tile[static_cast<unsigned>(LoopDim::N)];
  int64_t k = tile[static_cast<unsigned>(LoopDim::K)];
  if (k <= outChannelsPerGroup) {
    sizes[DimG] = 1;
    sizes[DimKb] = k / lanes;
  } else {
    sizes[DimG] = k / outChannelsPerGroup;
  }
  int64_t c = tile[static_cast<unsigned>(LoopDim::C)];
  if (c >= inBlock) {
    sizes[DimCb] = c / inBlock;
  } else {
    sizes[DimCb] = 1;
    sizes[DimC] = c;
  }
  sizes[DimP] = tile[static_cast<unsigned>(LoopDim::Y)];
  sizes[DimQ] = tile[static_cast<unsigned>(LoopDim::X)];
  sizes[DimR] = tile[static_cast<unsigned>(LoopDim::R)];
  sizes[DimS] = tile[static_cast<unsigned>(LoopDim::S)];
  return sizes;
}

SmallVector<Dim, 2> BlockedLayer::dimsOf(LoopDim loop) const {
  switch (loop) {
  case LoopDim::N:
    return {DimN};
  case LoopDim::K:
    return {DimG, DimKb};
  case LoopDim::C:
    return {DimCb, DimC};
  case LoopDim::Y:
    return {DimP};
  case LoopDim::X:
    return {DimQ};
  case LoopDim::R:
    return {DimR};
  case LoopDim::S:
    return {DimS};
  }
  llvm_unreachable("unknown loop");
}
