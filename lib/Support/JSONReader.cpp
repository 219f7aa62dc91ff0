//===- JSONReader.cpp - Strict reading of untrusted JSON files ------------===//

#include "eie/Support/JSONReader.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

using llvm::StringRef;

llvm::Expected<llvm::json::Value> eie::parseJSON(StringRef text) {
  // Brackets inside strings do not nest; an unbalanced document is left to the
  // parser's own diagnostics.
  unsigned depth = 0;
  bool inString = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (inString) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        inString = false;
    } else if (c == '"') {
      inString = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxJSONDepth)
        return llvm::createStringError(llvm::formatv(
            "invalid JSON: nested deeper than {0} arrays and objects (the "
            "limit) at offset {1}",
            kMaxJSONDepth, i));
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  llvm::Expected<llvm::json::Value> value = llvm::json::parse(text);
  if (!value)
    return llvm::createStringError("invalid JSON: " +
                                   llvm::toString(value.takeError()));
  return value;
}

llvm::Error eie::checkJSONKeys(const llvm::json::Object &object,
                               llvm::ArrayRef<StringRef> allowed) {
  // Report the first unknown key in sorted order, so that the message does not
  // depend on the hash map's iteration order.
  std::optional<std::string> unknown;
  for (const auto &entry : object) {
    StringRef key = entry.first;
    if (!llvm::is_contained(allowed, key) && (!unknown || key < *unknown))
      unknown = key.str();
  }
  if (!unknown)
    return llvm::Error::success();
  std::string message = "unknown key '" + *unknown + "'";
  // A near miss: at most 2 edits, and at most half the longer name (no
  // suggestion of 'N' for 'Z').
  StringRef closest;
  unsigned closestDistance = 3;
  for (StringRef candidate : allowed) {
    unsigned distance = StringRef(*unknown).edit_distance(candidate);
    if (distance < closestDistance &&
        2 * distance <= std::max(unknown->size(), candidate.size())) {
      closest = candidate;
      closestDistance = distance;
    }
  }
  if (!closest.empty())
    message += " (did you mean '" + closest.str() + "'?)";
  message += "; allowed keys: " + llvm::join(allowed, ", ");
  return llvm::createStringError(message);
}

std::string eie::formatExact(double value) {
  char text[32];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(text, sizeof(text), "%.*g", precision, value);
    if (std::strtod(text, nullptr) == value)
      break;
  }
  return text;
}

llvm::Expected<double> eie::readFiniteNumber(const llvm::json::Value &value,
                                             double minimum, double maximum) {
  std::optional<double> number = value.getAsNumber();
  if (!number || !std::isfinite(*number))
    return llvm::createStringError("expected a finite number");
  if (*number < minimum || *number > maximum)
    return llvm::createStringError(
        formatExact(*number) + " is outside [" + formatExact(minimum) + ", " +
        formatExact(maximum) + "]");
  return *number;
}

llvm::Error eie::checkFileName(StringRef name) {
  auto reject = [&](StringRef why) {
    return llvm::createStringError("'" + name.str() +
                                   "' cannot be a file name: " + why.str());
  };
  if (name.empty())
    return reject("it is empty");
  if (name == "." || name == "..")
    return reject("it names a directory");
  for (char c : name) {
    if (c == '/' || c == '\\')
      return reject("it contains a path separator");
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
      return reject("it contains a control character");
  }
  return llvm::Error::success();
}
