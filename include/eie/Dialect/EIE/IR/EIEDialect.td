//===- EIEDialect.td - The eie dialect ---------------------*- tablegen -*-===//

#ifndef EIE_DIALECT_EIE_IR_EIEDIALECT_TD
#define EIE_DIALECT_EIE_IR_EIEDIALECT_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"

def EIE_Dialect : Dialect {
  let name = "eie";
  let cppNamespace = "::mlir::eie";
  let summary = "Compressed sparse layers in the format of the EIE accelerator";
  let description = [{
    The `eie` dialect holds fully-connected layers whose weights are pruned, shared through a
    small codebook and stored in the interleaved compressed-sparse-column format of the EIE
    accelerator (shared/contracts/EIE.md, docs/CompressedFormat.md). A layer is an
    `eie.sparse_fc` whose weights are a `#eie.compressed_matrix` attribute; the attribute's large
    payloads (the packed entries and the column pointers) live in `dense_resource` blobs so that
    modules stay small and fast to parse.

    The dialect is produced from `cnn.fc` by `--eie-encode` (after `--eie-prune` and
    `--eie-share-weights`) and lowered to calls of the x86 runtime kernel by
    `--convert-eie-to-runtime`. docs/Compression.md describes the flow.

    The discardable attribute `eie.accelerator` (a unit attribute on a `func.func`) marks a
    function for the EIE machine: `--eie-partition` outlines each chain of layers the machine
    runs into such a function, `--convert-eie-to-machine` compiles it to an `eie_isa.program`.
  }];
  let useDefaultAttributePrinterParser = 1;
  let hasOperationAttrVerify = 1;
  let extraClassDeclaration = [{
  private:
    void registerAttributes();
    void registerBytecodeInterface();

    /// The #eie.compressed_matrix attributes whose payloads were verified
    /// (CompressedMatrixAttr::verifyPayloads); verifiers run in parallel.
    ::llvm::DenseSet<::mlir::Attribute> verifiedMatrices;
    ::llvm::sys::SmartRWMutex<true> verifiedMatricesMutex;
    friend class CompressedMatrixAttr;
  public:
    /// The unit attribute that marks a function for the EIE machine.
    static constexpr ::llvm::StringLiteral getAcceleratorAttrName() {
      return ::llvm::StringLiteral("eie.accelerator");
    }
  }];
}

class EIE_Attr<string name, string attrMnemonic, list<Trait> traits = []>
    : AttrDef<EIE_Dialect, name, traits> {
  let mnemonic = attrMnemonic;
}

class EIE_Op<string mnemonic, list<Trait> traits = []>
    : Op<EIE_Dialect, mnemonic, traits>;

#endif // EIE_DIALECT_EIE_IR_EIEDIALECT_TD
