//===- MachineState.h - Functional state of an EIE machine ------*- C++ -*-===//
//
// Executes a program's data movement (I/O-mode loads and stores, register-file
// swaps, accumulator bookkeeping) on the memories of every PE and checks each
// instruction against the machine's rules (docs/ISA.md, "Execution rules"):
// sections exist and have the right kind, nothing overflows an SRAM or a
// register file, nothing reads memory that was never written, every pass's
// pointers and entries stay inside its rows. A Run's arithmetic is left to a
// callback: the verifier passes none, the simulator does the timing and the
// multiply-accumulates there. Every error names the instruction index.
//
//===----------------------------------------------------------------------===//

#ifndef EIE_ISA_MACHINESTATE_H
#define EIE_ISA_MACHINESTATE_H

#include "eie/Format/FixedPoint.h"
#include "eie/ISA/Program.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/Error.h"

#include <vector>

namespace eie::isa {

/// The decoded operands of a Run instruction.
struct RunPass {
  size_t index = 0; ///< instruction index
  unsigned layer = 0;
  uint8_t flags = 0;
  uint32_t numCols = 0, colBase = 0, numRows = 0;
  uint32_t spmatAddr = 0, ptrAddr = 0;
  format::FixedPointParams formats;

  bool has(RunFlags f) const { return flags & f; }
  /// Destination rows of PE pe: rows r < numRows with r mod N == pe.
  uint32_t localRows(unsigned pe, unsigned numPEs) const {
    return pe < numRows ? (numRows - pe + numPEs - 1) / numPEs : 0;
  }
};

class MachineState {
public:
  /// The machine of `program` (which it keeps a reference to and which must
  /// pass verifyStructure) at reset: the input host vector defined,
  /// everything else undefined.
  explicit MachineState(const Program &program);

  /// Defines the input host vector's values (zero until then).
  void setInput(llvm::ArrayRef<int16_t> values);

  using RunCallback = llvm::function_ref<void(const RunPass &)>;
  /// Checks and executes instruction `index`. For a Run, `onRun` (if any) is
  /// called after the accumulators were cleared and before write-back.
  llvm::Error step(size_t index, RunCallback onRun = {});
  using StepCheck = llvm::function_ref<llvm::Error()>;
  /// Steps through the whole program (which must end in Halt); stops at the
  /// first error `afterStep` (if any), called after every instruction,
  /// returns.
  llvm::Error run(RunCallback onRun = {}, StepCheck afterStep = {});

  const Program &getProgram() const { return program; }
  unsigned numPEs() const { return program.machine.numPEs; }

  // The memories a pass reads and writes, for the simulator.
  const uint8_t *spmat(unsigned pe) const { return pes[pe].spmat.data(); }
  const uint16_t *pointers(unsigned pe) const { return pes[pe].ptr.data(); }
  const int16_t *source(unsigned pe) const { return pes[pe].rf[src].data(); }
  const int16_t *bias(unsigned pe) const { return pes[pe].bias.data(); }
  int64_t *accumulators(unsigned pe) { return pes[pe].acc.data(); }
  llvm::ArrayRef<int16_t> codebook() const { return codebookValues; }
  /// Host vector `i` (its defined elements are those a StoreAct wrote).
  llvm::ArrayRef<int16_t> hostVector(unsigned i) const { return host[i]; }

private:
  struct PE {
    std::vector<uint8_t> spmat;
    llvm::BitVector spmatDefined;
    std::vector<uint16_t> ptr;
    llvm::BitVector ptrDefined;
    std::vector<int16_t> bias;
    uint32_t biasCount = 0;
    std::vector<int16_t> rf[2];
    std::vector<int64_t> acc;
  };

  llvm::Error fail(size_t index, const llvm::Twine &msg) const;
  llvm::Error checkSection(size_t index, uint32_t section,
                           SectionKind kind) const;
  llvm::Error checkPass(const RunPass &pass) const;
  llvm::Error checkPassPE(const RunPass &pass, unsigned pe) const;
  llvm::Error stepRun(size_t index, RunCallback onRun);
  llvm::StringRef layerName(unsigned layer) const;

  const Program &program;
  std::vector<PE> pes;
  std::vector<int16_t> codebookValues;
  std::vector<std::vector<int16_t>> host;
  std::vector<llvm::BitVector> hostDefined;
  unsigned src = 0;             ///< which register file is the source
  uint64_t defined[2] = {0, 0}; ///< leading defined elements of each file
  bool computing = false;       ///< a Run was issued since the last Sync
  uint32_t openRows = 0;        ///< rows of unfinished partial sums, 0: none
  unsigned openLayer = 0;
  bool halted = false;
};

/// Checks what a MachineState needs before it can be built: machine limits,
/// per-PE images for every PE, host-vector roles and formats, a final halt.
llvm::Error verifyStructure(const Program &program);

/// verifyStructure, then executes the program without arithmetic under every
/// rule of MachineState. The message names the section or instruction.
llvm::Error verifyProgram(const Program &program);

} // namespace eie::isa

#endif // EIE_ISA_MACHINESTATE_H
