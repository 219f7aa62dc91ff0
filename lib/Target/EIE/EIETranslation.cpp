//===- EIETranslation.cpp - eie-translate's translations ------------------===//

#include "eie/Target/EIE/EIETranslation.h"

#include "eie/Dialect/CNN/IR/CNNDialect.h"
#include "eie/Dialect/EIE/IR/EIEDialect.h"
#include "eie/ISA/BinaryFormat.h"
#include "eie/ISA/Disassembler.h"
#include "eie/Target/EIE/Deserialization.h"
#include "eie/Target/EIE/Serialization.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace mlir::eie_isa;

/// The main buffer of `sourceMgr` as bytes, and a location naming its file.
static std::pair<ArrayRef<uint8_t>, Location>
getInput(llvm::SourceMgr &sourceMgr, MLIRContext *context) {
  const llvm::MemoryBuffer *buffer =
      sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID());
  ArrayRef<uint8_t> bytes(
      reinterpret_cast<const uint8_t *>(buffer->getBufferStart()),
      buffer->getBufferSize());
  return {bytes, FileLineColLoc::get(context, buffer->getBufferIdentifier(),
                                     /*line=*/0, /*column=*/0)};
}

void mlir::eie_isa::registerEIETranslations() {
  TranslateFromMLIRRegistration toEIE(
      "mlir-to-eie",
      "Write the EIE binary instruction stream of an eie_isa.program",
      [](Operation *op, llvm::raw_ostream &os) { return writeBinary(op, os); },
      [](DialectRegistry &registry) {
        // The dialects a module may still hold next to its program: the
        // host code of a partitioned network.
        registry.insert<EIEISADialect, eie::EIEDialect, arith::ArithDialect,
                        cnn::CNNDialect, func::FuncDialect,
                        tensor::TensorDialect>();
      });

  TranslateToMLIRRegistration fromEIE(
      "eie-to-mlir",
      "Read an EIE binary instruction stream into an eie_isa.program",
      [](llvm::SourceMgr &sourceMgr,
         MLIRContext *context) -> OwningOpRef<Operation *> {
        auto [bytes, loc] = getInput(sourceMgr, context);
        return readBinary(bytes, loc);
      },
      [](DialectRegistry &registry) { registry.insert<EIEISADialect>(); });

  TranslateRegistration disassemble(
      "eie-disassemble", "Print an EIE binary instruction stream as text",
      [](const std::shared_ptr<llvm::SourceMgr> &sourceMgr,
         llvm::raw_ostream &os, MLIRContext *context) -> LogicalResult {
        auto [bytes, loc] = getInput(*sourceMgr, context);
        llvm::Expected<::eie::isa::Program> program =
            ::eie::isa::readProgram(bytes);
        if (!program)
          return emitError(loc, llvm::toString(program.takeError()));
        ::eie::isa::disassemble(*program, os);
        return success();
      });
}
