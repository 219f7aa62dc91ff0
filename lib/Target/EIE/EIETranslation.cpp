//===- EIETranslation.cpp - eie.program <-> EIE binary stream -------------===//

#include "eie/Target/EIE/EIETranslation.h"

#include "eie/Dialect/CNN/IR/CNNDialect.h"
#include "eie/Dialect/EIE/IR/EIEDialect.h"
#include "eie/Dialect/EIE/IR/EIEMachineOps.h"
#include "eie/ISA/BinaryFormat.h"
#include "eie/ISA/Disassembler.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace mlir::eie;

/// The one eie.program of `op`.
static FailureOr<ProgramOp> findProgram(Operation *op) {
  if (auto program = dyn_cast<ProgramOp>(op))
    return program;
  SmallVector<ProgramOp> programs;
  op->walk<WalkOrder::PreOrder>([&](ProgramOp program) {
    programs.push_back(program);
    return WalkResult::skip();
  });
  if (programs.size() != 1)
    return op->emitError("expected one eie.program to translate, found ")
           << programs.size();
  return programs.front();
}

LogicalResult mlir::eie::exportProgram(Operation *op, llvm::raw_ostream &os) {
  FailureOr<ProgramOp> programOp = findProgram(op);
  if (failed(programOp))
    return failure();
  FailureOr<::eie::isa::Program> program = programOp->toProgram();
  if (failed(program))
    return failure();
  llvm::Expected<std::vector<uint8_t>> bytes =
      ::eie::isa::writeProgram(*program);
  if (!bytes)
    return programOp->emitError(llvm::toString(bytes.takeError()));
  os.write(reinterpret_cast<const char *>(bytes->data()), bytes->size());
  return success();
}

OwningOpRef<ModuleOp> mlir::eie::importProgram(llvm::ArrayRef<uint8_t> bytes,
                                               Location loc) {
  llvm::Expected<::eie::isa::Program> program = ::eie::isa::readProgram(bytes);
  if (!program) {
    emitError(loc, llvm::toString(program.takeError()));
    return nullptr;
  }
  loc.getContext()->getOrLoadDialect<EIEDialect>();
  OwningOpRef<ModuleOp> module = ModuleOp::create(loc);
  OpBuilder builder = OpBuilder::atBlockEnd(module->getBody());
  ProgramOp::create(builder, loc, *program);
  return module;
}

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

void mlir::eie::registerEIETranslations() {
  TranslateFromMLIRRegistration toEIE(
      "mlir-to-eie",
      "Write the EIE binary instruction stream of an eie.program",
      [](Operation *op, llvm::raw_ostream &os) {
        return exportProgram(op, os);
      },
      [](DialectRegistry &registry) {
        // The dialects a module may still hold next to its program: the
        // host code of a partitioned network.
        registry.insert<EIEDialect, arith::ArithDialect, cnn::CNNDialect,
                        func::FuncDialect, tensor::TensorDialect>();
      });

  TranslateToMLIRRegistration fromEIE(
      "eie-to-mlir",
      "Read an EIE binary instruction stream into an eie.program",
      [](llvm::SourceMgr &sourceMgr,
         MLIRContext *context) -> OwningOpRef<Operation *> {
        auto [bytes, loc] = getInput(sourceMgr, context);
        return importProgram(bytes, loc);
      },
      [](DialectRegistry &registry) { registry.insert<EIEDialect>(); });

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
