//===- BinaryFormat.h - The EIE instruction-stream container ----*- C++ -*-===//
//
// Reads and writes the binary container of docs/ISA.md: a 96-byte header
// (magic, version, size, CRC-32, machine parameters, block table), the host
// vector and layer tables, the sections and the 32-byte instructions; all
// little-endian, every block 8-byte aligned.
//
//===----------------------------------------------------------------------===//

#ifndef EIE_ISA_BINARYFORMAT_H
#define EIE_ISA_BINARYFORMAT_H

#include "eie/ISA/Program.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <vector>

namespace eie::isa {

/// "EIEPROG" and a NUL.
constexpr char kMagic[8] = {'E', 'I', 'E', 'P', 'R', 'O', 'G', 0};
/// The one container version this build reads and writes.
constexpr uint32_t kVersion = 1;
constexpr uint32_t kHeaderBytes = 96;
constexpr uint32_t kInstructionBytes = 32;

/// The bytes of a program after verifyProgram accepted it.
llvm::Expected<std::vector<uint8_t>> writeProgram(const Program &program);

/// Parses and verifies a container. Errors name the byte offset (header,
/// tables, sections) or the instruction index; the input is never read out
/// of bounds.
llvm::Expected<Program> readProgram(llvm::ArrayRef<uint8_t> bytes);
/// readProgram on a file; errors start with the path.
llvm::Expected<Program> readProgramFile(llvm::StringRef path);

} // namespace eie::isa

#endif // EIE_ISA_BINARYFORMAT_H
