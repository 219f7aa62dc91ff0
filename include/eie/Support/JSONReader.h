//===- JSONReader.h - Strict reading of untrusted JSON files ----*- C++ -*-===//
//
// Every JSON file the tools read (networks, architectures, layer lists,
// machines) goes through these checks: a bounded nesting depth before LLVM's
// recursive parser sees the text, no unknown keys, finite numbers within
// documented ranges, and messages that print values and limits exactly.
// MLIR-free.
//
//===----------------------------------------------------------------------===//

#ifndef EIE_SUPPORT_JSONREADER_H
#define EIE_SUPPORT_JSONREADER_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"

#include <string>

namespace eie {

/// The deepest nesting of arrays and objects a JSON input may have: the
/// deepest file the tools read needs 4, and llvm::json::parse recurses once
/// per level with no limit of its own.
constexpr unsigned kMaxJSONDepth = 64;

/// Parses `text` as JSON after checking that it nests at most kMaxJSONDepth
/// arrays and objects deep.
llvm::Expected<llvm::json::Value> parseJSON(llvm::StringRef text);

/// Fails when `object` has a key outside `allowed`, naming the key, the
/// closest allowed one when it is a near miss, and all allowed keys.
llvm::Error checkJSONKeys(const llvm::json::Object &object,
                          llvm::ArrayRef<llvm::StringRef> allowed);

/// The shortest decimal form of `value` that reads back as the same double, so
/// that a message never shows a rejected value equal to its limit.
std::string formatExact(double value);

/// `value` as a finite number in [minimum, maximum]; the error says which
/// condition failed with the value and limits printed exactly.
llvm::Expected<double> readFiniteNumber(const llvm::json::Value &value,
                                        double minimum, double maximum);

/// Fails unless `name` can be used as one file name inside a directory: not
/// empty, not "." or "..", no path separator and no control character.
llvm::Error checkFileName(llvm::StringRef name);

} // namespace eie

#endif // EIE_SUPPORT_JSONREADER_H
