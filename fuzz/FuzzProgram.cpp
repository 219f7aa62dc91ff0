//===- FuzzProgram.cpp - Load, disassemble and simulate arbitrary bytes ---===//
//
// An EIE binary: the loader, the disassembler and, when the stream is valid,
// the simulator on its own machine with a small cycle limit. The header's
// file size and CRC-32 are rewritten to match the mutated bytes (unless the
// input's last byte is odd, which keeps them as they are): otherwise nearly
// every mutation would stop at those two checks and the fuzzer would never
// reach the tables, sections and instructions behind them.
//
//===----------------------------------------------------------------------===//

#include "eie/ISA/BinaryFormat.h"
#include "eie/ISA/Disassembler.h"
#include "eie/ISA/MachineState.h"
#include "eie/Sim/Simulator.h"

#include "llvm/Support/CRC.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/raw_ostream.h"

#include <vector>

using namespace eie;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  // Header offsets of docs/ISA.md: the file size at byte 16, the CRC-32 of
  // everything after the header at byte 20.
  constexpr size_t fileBytesAt = 16, crcAt = 20;
  std::vector<uint8_t> bytes(data, data + size);
  if (size >= isa::kHeaderBytes && (bytes.back() & 1) == 0) {
    llvm::support::endian::write32le(&bytes[fileBytesAt],
                                     static_cast<uint32_t>(size));
    llvm::support::endian::write32le(
        &bytes[crcAt],
        llvm::crc32(llvm::ArrayRef(bytes).drop_front(isa::kHeaderBytes)));
  }
  llvm::Expected<isa::Program> program = isa::readProgram(bytes);
  if (!program) {
    llvm::consumeError(program.takeError());
    return 0;
  }
  llvm::raw_null_ostream null;
  if (llvm::Error err = isa::verifyStructure(*program)) {
    llvm::consumeError(std::move(err));
    return 0;
  }
  isa::disassemble(*program, null);
  machine::MachineConfig machine;
  machine.params = program->machine;
  const isa::HostVector &in =
      program->hostVectors[program->findHostVector(isa::HostVectorRole::Input)];
  std::vector<int16_t> input(in.length, 1);
  sim::SimLimits limits;
  limits.maxCycles = 1 << 20;
  limits.maxInstructions = 1 << 12;
  llvm::Expected<sim::SimResult> result =
      sim::simulate(*program, machine, input, limits);
  if (!result)
    llvm::consumeError(result.takeError());
  return 0;
}
