//===- Disassembler.h - Text form of an EIE program -------------*- C++ -*-===//
//
// Prints a program as the text of docs/ISA.md ("Disassembly"): the machine,
// host vectors, layers, a summary of each section and one line per
// instruction.
//
//===----------------------------------------------------------------------===//

#ifndef EIE_ISA_DISASSEMBLER_H
#define EIE_ISA_DISASSEMBLER_H

#include "eie/ISA/Program.h"

namespace llvm {
class raw_ostream;
} // namespace llvm

namespace eie::isa {

/// One instruction, without index or newline ("run layer=0 cols=...").
void printInstruction(const Program &program, const Instruction &inst,
                      llvm::raw_ostream &os);
/// The whole program.
void disassemble(const Program &program, llvm::raw_ostream &os);

} // namespace eie::isa

#endif // EIE_ISA_DISASSEMBLER_H
