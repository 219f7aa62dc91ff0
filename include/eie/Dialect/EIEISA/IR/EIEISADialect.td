//===- EIEISADialect.td - The eie_isa dialect --------------*- tablegen -*-===//

#ifndef EIE_DIALECT_EIEISA_IR_EIEISADIALECT_TD
#define EIE_DIALECT_EIEISA_IR_EIEISADIALECT_TD

include "mlir/IR/OpBase.td"

def EIEISA_Dialect : Dialect {
  let name = "eie_isa";
  let cppNamespace = "::mlir::eie_isa";
  let summary = "Programs of the EIE accelerator, one op per instruction";
  let description = [{
    The `eie_isa` dialect is the instruction set of the EIE machine (docs/ISA.md) as IR: an
    `eie_isa.program` holds what the binary container holds (the machine parameters, the host
    vectors, the layer names, the data sections) and one op per instruction.

    `--convert-eie-to-machine` produces it from chains of `eie.sparse_fc`; `eie-translate
    --mlir-to-eie` writes it as the binary container and `--eie-to-mlir` reads it back. That
    translation lives in `lib/Target/EIE` (docs/EIEBackend.md): the dialect itself only checks
    the structure of a program and links neither the ISA library nor the simulator.
  }];
}

class EIEISA_Op<string mnemonic, list<Trait> traits = []>
    : Op<EIEISA_Dialect, mnemonic, traits>;

#endif // EIE_DIALECT_EIEISA_IR_EIEISADIALECT_TD
