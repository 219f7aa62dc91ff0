//===- FuzzArchitecture.cpp - Architecture JSON to the blocking optimizer -===//
//
// An architecture file: parsed, and when valid, the optimizer searches a
// small conv layer on it under a small work limit.
//
//===----------------------------------------------------------------------===//

#include "eie/Analysis/Blocking/Architecture.h"
#include "eie/Analysis/Blocking/Optimizer.h"

#include <cmath>

using namespace eie::blocking;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::Expected<Architecture> arch = parseArchitecture(
      llvm::StringRef(reinterpret_cast<const char *>(data), size), "fuzz");
  if (!arch) {
    llvm::consumeError(arch.takeError());
    return 0;
  }
  Layer layer;
  layer.name = "conv";
  layer.bounds = {1, 16, 8, 6, 6, 3, 3};
  SearchOptions options;
  options.maxWork = 1 << 16;
  options.imperfect = size % 2;
  llvm::Expected<SearchResult> result = optimize(layer, *arch, options);
  if (!result) {
    llvm::consumeError(result.takeError());
    return 0;
  }
  // Energies within the documented limits keep every cost finite.
  if (!std::isfinite(result->cost))
    __builtin_trap();
  return 0;
}
