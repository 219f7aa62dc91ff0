//===- FuzzProgram.cpp - Load, disassemble and simulate arbitrary bytes ---===//
//
// An EIE binary: the loader, the disassembler and, when the stream is valid,
// the simulator on its own machine with a small cycle limit.
//
//===----------------------------------------------------------------------===//

#include "eie/ISA/BinaryFormat.h"
#include "eie/ISA/Disassembler.h"
#include "eie/ISA/MachineState.h"
#include "eie/Sim/Simulator.h"

#include "llvm/Support/raw_ostream.h"

using namespace eie;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::Expected<isa::Program> program =
      isa::readProgram(llvm::ArrayRef<uint8_t>(data, size));
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
