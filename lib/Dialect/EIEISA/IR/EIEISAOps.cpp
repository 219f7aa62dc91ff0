//===- EIEISAOps.cpp - The ops of the eie_isa dialect ---------------------===//
//
// Structural verifiers only: the rules of execution are checked when a program
// is translated to the binary (lib/Target/EIE).
//
//===----------------------------------------------------------------------===//

#include "eie/Dialect/EIEISA/IR/EIEISAOps.h"

// Header-only constants of the instruction set; nothing of the ISA library is linked.
#include "eie/ISA/Program.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;
using namespace mlir::eie_isa;

#include "eie/Dialect/EIEISA/IR/EIEISAEnums.cpp.inc"

#define GET_OP_CLASSES
#include "eie/Dialect/EIEISA/IR/EIEISAOps.cpp.inc"

/// The `a` field of an instruction and the layer table are 16-bit indices.
static constexpr size_t kMaxIndexed = size_t(UINT16_MAX) + 1;

static ProgramOp getProgram(Operation *op) {
  return cast<ProgramOp>(op->getParentOp());
}

//===----------------------------------------------------------------------===//
// ProgramOp
//===----------------------------------------------------------------------===//

bool mlir::eie_isa::isDeclaration(Operation *op) {
  return isa<HostVectorOp, CodebookSectionOp, SpmatSectionOp, PtrSectionOp,
             BiasSectionOp>(op);
}

bool mlir::eie_isa::isInstruction(Operation *op) {
  return isa<LoadCodebookOp, LoadSpmatOp, LoadPtrOp, LoadBiasOp, LoadActOp,
             StoreActOp, RunOp, SwapOp, SyncOp, HaltOp>(op);
}

LogicalResult ProgramOp::verifyRegions() {
  if (getLayers().size() > kMaxIndexed)
    return emitOpError("has ")
           << getLayers().size() << " layers, a program holds at most "
           << kMaxIndexed;
  Block &body = getBody().front();
  size_t vectors = 0, inputs = 0, outputs = 0;
  for (Operation &op : body) {
    if (!isDeclaration(&op) && !isInstruction(&op))
      return op.emitOpError("cannot be part of an eie_isa.program, which holds "
                            "host vectors, sections and instructions only");
    if (auto vector = dyn_cast<HostVectorOp>(op)) {
      ++vectors;
      inputs += vector.getRole() == HostVectorRole::Input;
      outputs += vector.getRole() == HostVectorRole::Output;
    }
    if (isa<HaltOp>(op) && &op != &body.back())
      return op.emitOpError("must be the last op of the program");
  }
  if (vectors > kMaxIndexed)
    return emitOpError("has ")
           << vectors << " host vectors, a program holds at most "
           << kMaxIndexed;
  if (body.empty() || !isa<HaltOp>(body.back()))
    return emitOpError("must end with eie_isa.halt");
  if (inputs != 1 || outputs != 1)
    return emitOpError("has ") << inputs << " input and " << outputs
                               << " output host vectors, expected one of each";
  return success();
}

//===----------------------------------------------------------------------===//
// Sections
//===----------------------------------------------------------------------===//

LogicalResult CodebookSectionOp::verify() {
  if (getValues().size() != ::eie::isa::kCodebookSize)
    return emitOpError("holds ")
           << getValues().size() << " values, a codebook has "
           << ::eie::isa::kCodebookSize;
  return success();
}

template <typename SectionOp>
static LogicalResult verifyPerPESection(SectionOp op) {
  ArrayRef<int32_t> counts = op.getCounts();
  uint64_t pes = getProgram(op).getPes();
  if (counts.size() != pes)
    return op.emitOpError("has ")
           << counts.size() << " images, the program has " << pes << " PEs";
  int64_t total = 0;
  for (auto [pe, count] : llvm::enumerate(counts)) {
    if (count < 0)
      return op.emitOpError("image of PE ")
             << pe << " has a negative size " << count;
    total += count;
  }
  ShapedType type = op.getData().getShapedType();
  unsigned bits = SectionOp::kElementBits;
  if (type.getRank() != 1 || !type.getElementType().isSignlessInteger(bits))
    return op.emitOpError("'data' must be a 1-D tensor of i")
           << bits << " elements, got " << type;
  if (type.getNumElements() != total)
    return op.emitOpError("'data' has ")
           << type.getNumElements() << " " << SectionOp::getContentName()
           << ", the images' counts add up to " << total;
  return success();
}

LogicalResult SpmatSectionOp::verify() { return verifyPerPESection(*this); }
LogicalResult PtrSectionOp::verify() { return verifyPerPESection(*this); }
LogicalResult BiasSectionOp::verify() { return verifyPerPESection(*this); }

//===----------------------------------------------------------------------===//
// Instructions
//===----------------------------------------------------------------------===//

/// The op `symbol` names in the program, if it is an `OpTy`; else an error at
/// `user` naming `what` was expected.
template <typename OpTy>
static FailureOr<OpTy> lookupDeclaration(Operation *user,
                                         SymbolTableCollection &symbols,
                                         FlatSymbolRefAttr symbol) {
  Operation *target = symbols.lookupSymbolIn(getProgram(user), symbol);
  if (!target)
    return user->emitOpError("refers to ")
           << symbol << ", which the program does not declare";
  auto typed = dyn_cast<OpTy>(target);
  if (!typed)
    return user->emitOpError("refers to ")
           << symbol << ", a '" << target->getName() << "', expected a '"
           << OpTy::getOperationName() << "'";
  return typed;
}

LogicalResult LoadCodebookOp::verifySymbolUses(SymbolTableCollection &symbols) {
  return lookupDeclaration<CodebookSectionOp>(*this, symbols, getSectionAttr());
}
LogicalResult LoadBiasOp::verifySymbolUses(SymbolTableCollection &symbols) {
  return lookupDeclaration<BiasSectionOp>(*this, symbols, getSectionAttr());
}
LogicalResult LoadSpmatOp::verifySymbolUses(SymbolTableCollection &symbols) {
  return lookupDeclaration<SpmatSectionOp>(*this, symbols, getSectionAttr());
}
LogicalResult LoadPtrOp::verifySymbolUses(SymbolTableCollection &symbols) {
  return lookupDeclaration<PtrSectionOp>(*this, symbols, getSectionAttr());
}

template <typename MoveOp>
static LogicalResult verifyMoveAct(MoveOp op, SymbolTableCollection &symbols) {
  FailureOr<HostVectorOp> vector =
      lookupDeclaration<HostVectorOp>(op, symbols, op.getVectorAttr());
  if (failed(vector))
    return failure();
  uint64_t end = op.getOffset() + op.getCount();
  if (end > vector->getLength())
    return op.emitOpError("moves elements [")
           << op.getOffset() << ", " << end << ") of " << op.getVectorAttr()
           << ", which has " << vector->getLength();
  return success();
}

LogicalResult LoadActOp::verifySymbolUses(SymbolTableCollection &symbols) {
  return verifyMoveAct(*this, symbols);
}
LogicalResult StoreActOp::verifySymbolUses(SymbolTableCollection &symbols) {
  return verifyMoveAct(*this, symbols);
}

LogicalResult RunOp::verify() {
  size_t layers = getProgram(*this).getLayers().size();
  if (getLayer() >= layers)
    return emitOpError("runs layer ")
           << getLayer() << ", the program names " << layers << " layers";
  if (getFo() > getFa() + getFw())
    return emitOpError("output format Q")
           << getFo() << " exceeds the product format Q" << getFa() + getFw()
           << " (fo <= fa + fw)";
  if (getBias() && !getClear())
    return emitOpError("the bias flag needs the clear flag");
  if (getRelu() && !getWriteback())
    return emitOpError("the relu flag needs the writeback flag");
  return success();
}
