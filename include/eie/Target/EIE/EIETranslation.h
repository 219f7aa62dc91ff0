//===- EIETranslation.h - eie.program <-> EIE binary stream -----*- C++ -*-===//
//
// The translations of eie-translate (docs/EIEBackend.md): an eie.program to
// the binary container of docs/ISA.md, the container back to an eie.program,
// and the container to its text disassembly.
//
//===----------------------------------------------------------------------===//

#ifndef EIE_TARGET_EIE_EIETRANSLATION_H
#define EIE_TARGET_EIE_EIETRANSLATION_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

#include "llvm/ADT/ArrayRef.h"

namespace llvm {
class raw_ostream;
} // namespace llvm

namespace mlir::eie {

/// Writes the binary container of the one eie.program in `op` (the program
/// itself or a module holding it). Errors are emitted at the offending op.
LogicalResult exportProgram(Operation *op, llvm::raw_ostream &os);

/// A module holding the eie.program of the container `bytes`, or null after
/// emitting the reader's error at `loc`.
OwningOpRef<ModuleOp> importProgram(llvm::ArrayRef<uint8_t> bytes,
                                    Location loc);

/// Registers --mlir-to-eie, --eie-to-mlir and --eie-disassemble.
void registerEIETranslations();

} // namespace mlir::eie

#endif // EIE_TARGET_EIE_EIETRANSLATION_H
