//===- EIEBytecode.cpp - Bytecode encoding of the eie attributes ----------===//
//
// Without this interface, bytecode would store #eie.compressed_matrix as its
// text, in which a dense_resource payload is only a name: reading it back would
// create a new, empty resource instead of referring to the stored blob.
// Encoding the parameters as nested attributes keeps the resource references.
//
//===----------------------------------------------------------------------===//

#include "eie/Dialect/EIE/IR/EIEAttrs.h"
#include "eie/Dialect/EIE/IR/EIEDialect.h"

#include "mlir/Bytecode/BytecodeImplementation.h"

using namespace mlir;
using namespace mlir::eie;

namespace {

/// The attribute kinds, written before each attribute's parameters.
enum class AttrCode : uint64_t { CompressedMatrix = 0 };

struct EIEBytecodeInterface : public BytecodeDialectInterface {
  EIEBytecodeInterface(Dialect *dialect) : BytecodeDialectInterface(dialect) {}

  Attribute readAttribute(DialectBytecodeReader &reader) const override {
    uint64_t code;
    if (failed(reader.readVarInt(code)))
      return {};
    if (code != uint64_t(AttrCode::CompressedMatrix)) {
      reader.emitError("unknown eie attribute code ") << code;
      return {};
    }
    int64_t rows, cols, pes, bits, fracBits;
    DenseF32ArrayAttr codebook;
    DenseI16ArrayAttr fixedCodebook;
    ElementsAttr entries, colPtrs;
    if (failed(reader.readSignedVarInt(rows)) ||
        failed(reader.readSignedVarInt(cols)) ||
        failed(reader.readSignedVarInt(pes)) ||
        failed(reader.readSignedVarInt(bits)) ||
        failed(reader.readAttribute(codebook)) ||
        failed(reader.readAttribute(fixedCodebook)) ||
        failed(reader.readSignedVarInt(fracBits)) ||
        failed(reader.readAttribute(entries)) ||
        failed(reader.readAttribute(colPtrs)))
      return {};
    return CompressedMatrixAttr::getChecked(
        [&] { return reader.emitError(); }, getContext(), rows, cols, pes, bits,
        codebook, fixedCodebook, fracBits, entries, colPtrs);
  }

  LogicalResult writeAttribute(Attribute attr,
                               DialectBytecodeWriter &writer) const override {
    auto matrix = dyn_cast<CompressedMatrixAttr>(attr);
    if (!matrix)
      return failure();
    writer.writeVarInt(uint64_t(AttrCode::CompressedMatrix));
    writer.writeSignedVarInt(matrix.getRows());
    writer.writeSignedVarInt(matrix.getCols());
    writer.writeSignedVarInt(matrix.getPes());
    writer.writeSignedVarInt(matrix.getBits());
    writer.writeAttribute(matrix.getCodebook());
    writer.writeAttribute(matrix.getFixedCodebook());
    writer.writeSignedVarInt(matrix.getFracBits());
    writer.writeAttribute(matrix.getEntries());
    writer.writeAttribute(matrix.getColPtrs());
    return success();
  }
};

} // namespace

void EIEDialect::registerBytecodeInterface() {
  addInterfaces<EIEBytecodeInterface>();
}
