//===- Serialization.h - eie_isa.program to the EIE binary ------*- C++ -*-===//
//
// An eie_isa.program becomes the ISA library's isa::Program, checked against
// every rule of docs/ISA.md, and the binary container of docs/ISA.md.
//
//===----------------------------------------------------------------------===//

#ifndef EIE_TARGET_EIE_SERIALIZATION_H
#define EIE_TARGET_EIE_SERIALIZATION_H

#include "eie/Dialect/EIEISA/IR/EIEISAOps.h"
#include "eie/ISA/Program.h"

namespace llvm {
class raw_ostream;
} // namespace llvm

namespace mlir::eie_isa {

/// The program `op` holds, checked against every rule of docs/ISA.md
/// (isa::verifyStructure, then isa::MachineState instruction by instruction).
/// Failures are emitted at the offending op: the section, the instruction, or
/// `op` for the machine and host vectors.
FailureOr<::eie::isa::Program> serialize(ProgramOp op);

/// Writes the binary container of the one eie_isa.program in `op` (the
/// program itself or a module holding it). Errors are emitted at the
/// offending op.
LogicalResult writeBinary(Operation *op, llvm::raw_ostream &os);

} // namespace mlir::eie_isa

#endif // EIE_TARGET_EIE_SERIALIZATION_H
