//===- FuzzNpy.cpp - The .npy reader --------------------------------------===//

#include "eie/Support/Npy.h"

#include "llvm/Support/MemoryBufferRef.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::MemoryBufferRef buffer(
      llvm::StringRef(reinterpret_cast<const char *>(data), size), "fuzz.npy");
  llvm::Expected<eie::NpyArray> array = eie::parseNpy(buffer);
  if (!array)
    llvm::consumeError(array.takeError());
  return 0;
}
