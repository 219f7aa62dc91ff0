//===- FuzzMachine.cpp - Machine JSON -------------------------------------===//
//
// A machine description: parsed, and when valid, written back and read again
// to the same values (reports print what toJSON prints).
//
//===----------------------------------------------------------------------===//

#include "eie/Machine/MachineConfig.h"

#include "llvm/Support/FormatVariadic.h"

using namespace eie::machine;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::Expected<MachineConfig> config = parseMachineConfig(
      llvm::StringRef(reinterpret_cast<const char *>(data), size), "fuzz");
  if (!config) {
    llvm::consumeError(config.takeError());
    return 0;
  }
  std::string text = llvm::formatv("{0}", toJSON(*config)).str();
  llvm::Expected<MachineConfig> again = parseMachineConfig(text, "again");
  if (!again)
    __builtin_trap(); // what toJSON writes must read back
  return 0;
}
