//===- Codebook.h - Shared-weight codebook of a compressed layer -*- C++
//-*-===//
//
// The 2^bits shared values of a layer, in fp32 and in Q(fracBits) int16. Code 0
// is reserved for the value 0: EIE's padding entries carry it.
//
//===----------------------------------------------------------------------===//

#ifndef EIE_FORMAT_CODEBOOK_H
#define EIE_FORMAT_CODEBOOK_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <vector>

namespace eie::format {

constexpr unsigned kMinCodeBits = 2;
constexpr unsigned kMaxCodeBits = 8;

struct Codebook {
  unsigned bits = 4;
  /// 2^bits values, values[0] == 0.0f.
  std::vector<float> values;
  /// The codebook's fractional width fw (docs/NUMERICS.md).
  int fracBits = 0;
  /// values quantized to Q(fracBits), round half away from zero, saturated.
  std::vector<int16_t> fixedValues;

  size_t size() const { return values.size(); }

  /// A codebook from 2^bits fp32 values: checks bits, size, value 0 at code 0
  /// and finiteness, picks fw from max |value| and quantizes.
  static llvm::Expected<Codebook> create(unsigned bits,
                                         llvm::ArrayRef<float> values);
  /// Checks every invariant create() establishes, naming the bad code.
  llvm::Error verify() const;
};

/// Checks bits in [2, 8].
llvm::Error checkCodeBits(unsigned bits);

} // namespace eie::format

#endif // EIE_FORMAT_CODEBOOK_H
