//===- SlidingWindow.h - One axis of a convolution or pooling window -*- C++
//-*-===//
//
// The size arithmetic of a sliding window along one axis, shared by the cnn op
// verifiers and the network descriptions. Sizes come from attributes and files,
// so they are arbitrary 64-bit values: every step is overflow-checked.
// MLIR-free, header-only.
//
//===----------------------------------------------------------------------===//

#ifndef EIE_SUPPORT_SLIDINGWINDOW_H
#define EIE_SUPPORT_SLIDINGWINDOW_H

#include "llvm/Support/CheckedArithmetic.h"

#include <cstdint>
#include <optional>

namespace eie {

struct SlidingWindow {
  int64_t padded; ///< input + padBefore + padAfter
  int64_t window; ///< (kernel - 1) * dilation + 1, the dilated kernel's extent

  /// The padded input holds the window, and a stride of `stride` stays inside
  /// it.
  bool fits() const { return window <= padded; }
  bool strideFits(int64_t stride) const { return stride <= padded; }
  /// The number of window positions (floor division), for a window that fits.
  int64_t outputSize(int64_t stride) const {
    return (padded - window) / stride + 1;
  }
};

/// The window along one axis, or nullopt when a size overflows 64-bit integers.
inline std::optional<SlidingWindow>
makeSlidingWindow(int64_t input, int64_t padBefore, int64_t padAfter,
                  int64_t kernel, int64_t dilation) {
  std::optional<int64_t> padded = llvm::checkedAdd(input, padBefore);
  if (padded)
    padded = llvm::checkedAdd(*padded, padAfter);
  std::optional<int64_t> window = llvm::checkedMul(kernel - 1, dilation);
  if (window)
    window = llvm::checkedAdd(*window, int64_t(1));
  if (!padded || !window)
    return std::nullopt;
  return SlidingWindow{*padded, *window};
}

} // namespace eie

#endif // EIE_SUPPORT_SLIDINGWINDOW_H
