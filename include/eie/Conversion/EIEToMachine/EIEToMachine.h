//===- EIEToMachine.h - Compile eie.sparse_fc chains for EIE ----*- C++ -*-===//
//
// What --convert-eie-to-machine and --convert-eie-to-simulator share: the
// machine description and the instruction stream of a function that is a
// chain of eie.sparse_fc layers.
//
//===----------------------------------------------------------------------===//

#ifndef EIE_CONVERSION_EIETOMACHINE_EIETOMACHINE_H
#define EIE_CONVERSION_EIETOMACHINE_EIETOMACHINE_H

#include "eie/ISA/Program.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace mlir::eie {

/// The capacities of the machine description `fileOrName`: a JSON file, or
/// the name of one in the shipped data/machine folder.
llvm::Expected<::eie::isa::MachineParams>
loadMachineParams(llvm::StringRef fileOrName);

/// The program of a function that is a chain of eie.sparse_fc, and the
/// location of each of its layers (indexed like the program's layer table).
struct ChainProgram {
  ::eie::isa::Program program;
  SmallVector<Location> layerLocations;
};

/// Compiles `func`, a chain of eie.sparse_fc layers, for `machine`; reports
/// what cannot run on the machine at the op and fails.
FailureOr<ChainProgram>
compileChain(func::FuncOp func, const ::eie::isa::MachineParams &machine);

} // namespace mlir::eie

#endif // EIE_CONVERSION_EIETOMACHINE_EIETOMACHINE_H
