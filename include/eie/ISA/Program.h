//===- Program.h - An EIE program: machine, sections, instructions -*- C++
//-*-===//
//
// The in-memory form of an EIE instruction stream (docs/ISA.md): the machine it
// was compiled for, the host vectors it reads and writes, the data sections the
// host loads into the PEs in I/O mode, and the instructions the Central Control
// Unit executes. BinaryFormat.h converts it to and from bytes.
//
//===----------------------------------------------------------------------===//

#ifndef EIE_ISA_PROGRAM_H
#define EIE_ISA_PROGRAM_H

#include "llvm/ADT/StringRef.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace eie::isa {

/// Codebook entries of the machine: 4-bit codes (shared/contracts/EIE.md).
constexpr unsigned kCodebookSize = 16;
/// Stages of the arithmetic pipeline; results are written in the last one.
constexpr unsigned kPipelineStages = 4;

/// The capacities a program was compiled for; a machine must match the PE
/// count and register-file size and offer at least the SRAM capacities.
struct MachineParams {
  uint32_t numPEs = 64;
  /// Entries per PE of each activation register file (source, destination).
  uint32_t regFileEntries = 64;
  /// Sparse-matrix SRAM per PE, in bytes = 8-bit entries.
  uint32_t spmatBytes = 128 * 1024;
  /// Pointer SRAM per PE, in 16-bit pointers (both banks together). The
  /// contract leaves it open; 64 KB holds AlexNet's FC pointers.
  uint32_t ptrEntries = 32 * 1024;

  /// Activations one register file holds machine-wide.
  uint64_t activationsPerFile() const {
    return uint64_t(numPEs) * regFileEntries;
  }
  bool operator==(const MachineParams &o) const {
    return numPEs == o.numPEs && regFileEntries == o.regFileEntries &&
           spmatBytes == o.spmatBytes && ptrEntries == o.ptrEntries;
  }
};

enum class SectionKind : uint32_t {
  /// 16 int16 codebook values, shared by all PEs.
  Codebook = 1,
  /// Per PE: 8-bit entries (v in bits 0-3, z in bits 4-7).
  SparseMatrix = 2,
  /// Per PE: 16-bit column pointers, relative to the pass's SRAM base.
  Pointers = 3,
  /// Per PE: int16 biases of the PE's local rows, Q(fo).
  Bias = 4,
};

/// Name of a section kind as the disassembler prints it.
llvm::StringRef getSectionKindName(SectionKind kind);

/// One section. Codebook sections hold one image (in `words`); the others hold
/// one image per PE, in `bytes` (SparseMatrix) or `words` (Pointers, Bias).
struct Section {
  SectionKind kind = SectionKind::Codebook;
  std::vector<std::vector<uint8_t>> bytes;
  std::vector<std::vector<uint16_t>> words;

  /// Elements of PE pe's image (the codebook's for a Codebook section).
  size_t imageSize(unsigned pe) const;
  bool isPerPE() const { return kind != SectionKind::Codebook; }
};

enum class HostVectorRole : uint8_t { Input = 0, Output = 1, Scratch = 2 };

/// A vector in host memory, in int16 Q(fracBits). The input is defined when the
/// program starts; the others are written by StoreAct.
struct HostVector {
  uint32_t length = 0;
  HostVectorRole role = HostVectorRole::Scratch;
  uint8_t fracBits = 0;
};

enum class Opcode : uint8_t {
  LoadCodebook = 0x01, ///< ops[0] = section
  LoadSpmat = 0x02,    ///< ops[0] = section, ops[1] = SRAM entry address
  LoadPtr = 0x03,      ///< ops[0] = section, ops[1] = pointer SRAM address
  LoadBias = 0x04,     ///< ops[0] = section
  LoadAct = 0x05,      ///< a = host vector, ops[0] = offset, ops[1] = count
  StoreAct = 0x06,     ///< a = host vector, ops[0] = offset, ops[1] = count
  Run = 0x07,          ///< a = layer, see RunOperand
  Swap = 0x08,
  Sync = 0x09,
  Halt = 0x0a,
};

/// Flags of a Run instruction.
enum RunFlags : uint8_t {
  RunClear = 1 << 0,     ///< start the accumulators from zero / the bias
  RunBias = 1 << 1,      ///< with RunClear: broadcast the bias column
  RunWriteBack = 1 << 2, ///< finish: round, shift, ReLU, saturate into dst
  RunRelu = 1 << 3,      ///< with RunWriteBack: apply ReLU
  RunAllFlags = 0x0f,
};

/// Operand slots of a Run instruction.
enum RunOperand : unsigned {
  RunNumCols = 0,   ///< columns of the pass
  RunColBase = 1,   ///< source register-file element of column 0
  RunNumRows = 2,   ///< destination rows of the pass
  RunSpmatAddr = 3, ///< SRAM base the pointers are relative to
  RunPtrAddr = 4,   ///< first of numCols + 1 pointers
  RunFormats = 5,   ///< fa | fw << 8 | fo << 16
};

constexpr unsigned kNumOperands = 7;

/// One 32-byte instruction: opcode, flags, a 16-bit field and seven 32-bit
/// operands; unused fields are zero.
struct Instruction {
  Opcode opcode = Opcode::Halt;
  uint8_t flags = 0;
  uint16_t a = 0;
  std::array<uint32_t, kNumOperands> ops{};

  bool operator==(const Instruction &o) const {
    return opcode == o.opcode && flags == o.flags && a == o.a && ops == o.ops;
  }
};

/// Mnemonic of an opcode ("run", "load.spmat", ...); empty if unknown.
llvm::StringRef getOpcodeName(Opcode op);

/// Run's packed fixed-point formats.
inline uint32_t packFormats(int fa, int fw, int fo) {
  return uint32_t(fa) | uint32_t(fw) << 8 | uint32_t(fo) << 16;
}

struct Program {
  MachineParams machine;
  std::vector<HostVector> hostVectors;
  /// Layer names, indexed by a Run's `a` field (reports and diagnostics).
  std::vector<std::string> layerNames;
  std::vector<Section> sections;
  std::vector<Instruction> instructions;

  /// Index of the host vector with this role (Input/Output), or -1.
  int findHostVector(HostVectorRole role) const;
};

} // namespace eie::isa

#endif // EIE_ISA_PROGRAM_H
