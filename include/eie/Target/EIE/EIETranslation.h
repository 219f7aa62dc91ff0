//===- EIETranslation.h - eie-translate's translations ----------*- C++ -*-===//
//
// The translations of eie-translate (docs/EIEBackend.md): an eie_isa.program
// to the binary container of docs/ISA.md (Serialization.h), the container back
// to an eie_isa.program (Deserialization.h), and the container to its text
// disassembly.
//
//===----------------------------------------------------------------------===//

#ifndef EIE_TARGET_EIE_EIETRANSLATION_H
#define EIE_TARGET_EIE_EIETRANSLATION_H

namespace mlir::eie_isa {

/// Registers --mlir-to-eie, --eie-to-mlir and --eie-disassemble.
void registerEIETranslations();

} // namespace mlir::eie_isa

#endif // EIE_TARGET_EIE_EIETRANSLATION_H
