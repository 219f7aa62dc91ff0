//===- ErrorMessage.h - llvm::Error helpers for the Format tests -*- C++
//-*-===//
//
// Debian's LLVM ships no LLVMTestingSupport, so the tests compare messages.
//
//===----------------------------------------------------------------------===//

#ifndef EIE_UNITTESTS_FORMAT_ERRORMESSAGE_H
#define EIE_UNITTESTS_FORMAT_ERRORMESSAGE_H

#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <vector>

/// The EIE paper's example column: (0, 0, 1, 2, eighteen zeros, 3) with
/// codes 1, 2, 3.
inline std::vector<uint8_t> paperColumn() {
  std::vector<uint8_t> col(23, 0);
  col[2] = 1;
  col[3] = 2;
  col[22] = 3;
  return col;
}

/// The error's message, or "" for success.
inline std::string errorMessage(llvm::Error e) {
  return e ? llvm::toString(std::move(e)) : std::string();
}

/// The error's message, or "" when the Expected holds a value.
template <typename T> std::string errorMessage(llvm::Expected<T> &e) {
  return e ? std::string() : llvm::toString(e.takeError());
}
template <typename T> std::string errorMessage(llvm::Expected<T> &&e) {
  return errorMessage(e);
}

#endif // EIE_UNITTESTS_FORMAT_ERRORMESSAGE_H
