//===- Deserialization.h - The EIE binary to eie_isa.program ----*- C++ -*-===//
//
// The ISA library's isa::Program, or the binary container of docs/ISA.md,
// becomes an eie_isa.program.
//
//===----------------------------------------------------------------------===//

#ifndef EIE_TARGET_EIE_DESERIALIZATION_H
#define EIE_TARGET_EIE_DESERIALIZATION_H

#include "eie/Dialect/EIEISA/IR/EIEISAOps.h"
#include "eie/ISA/Program.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

namespace mlir::eie_isa {

/// The op holding `program` at `builder`'s insertion point, its payloads in
/// dense_resource blobs named after the sections; every op is at `loc`.
ProgramOp deserialize(OpBuilder &builder, Location loc,
                      const ::eie::isa::Program &program);

/// A module holding the eie_isa.program of the container `bytes`, or null
/// after emitting the reader's error at `loc`.
OwningOpRef<ModuleOp> readBinary(ArrayRef<uint8_t> bytes, Location loc);

} // namespace mlir::eie_isa

#endif // EIE_TARGET_EIE_DESERIALIZATION_H
