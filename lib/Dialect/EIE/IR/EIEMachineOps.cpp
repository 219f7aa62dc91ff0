//===- EIEMachineOps.cpp - Machine-level ops of the eie dialect -----------===//

#include "eie/Dialect/EIE/IR/EIEMachineOps.h"

#include "eie/ISA/MachineState.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cstring>

using namespace mlir;
using namespace mlir::eie;
// llvm::isa<> keeps its name; the ISA library is `eisa` here.
namespace eisa = ::eie::isa;

#include "eie/Dialect/EIE/IR/EIEMachineEnums.cpp.inc"

#define GET_OP_CLASSES
#include "eie/Dialect/EIE/IR/EIEMachineOps.cpp.inc"

void EIEDialect::registerMachineOps() {
  addOperations<
#define GET_OP_LIST
#include "eie/Dialect/EIE/IR/EIEMachineOps.cpp.inc"
      >();
}

/// The `a` field of an instruction and the layer table are 16-bit indices.
static constexpr size_t kMaxIndexed = size_t(UINT16_MAX) + 1;

static ProgramOp getProgram(Operation *op) {
  return cast<ProgramOp>(op->getParentOp());
}

//===----------------------------------------------------------------------===//
// ProgramOp
//===----------------------------------------------------------------------===//

eisa::MachineParams ProgramOp::getMachineParams() {
  eisa::MachineParams m;
  m.numPEs = getPes();
  m.regFileEntries = getRegfile();
  m.spmatBytes = getSpmat();
  m.ptrEntries = getPtr();
  return m;
}

static bool isDeclaration(Operation *op) {
  return isa<HostVectorOp, CodebookSectionOp, SpmatSectionOp, PtrSectionOp,
             BiasSectionOp>(op);
}

static bool isInstruction(Operation *op) {
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
      return op.emitOpError("cannot be part of an eie.program, which holds "
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
    return emitOpError("must end with eie.halt");
  if (inputs != 1 || outputs != 1)
    return emitOpError("has ") << inputs << " input and " << outputs
                               << " output host vectors, expected one of each";
  return success();
}

//===----------------------------------------------------------------------===//
// Sections
//===----------------------------------------------------------------------===//

LogicalResult CodebookSectionOp::verify() {
  if (getValues().size() != eisa::kCodebookSize)
    return emitOpError("holds ")
           << getValues().size() << " values, a codebook has "
           << eisa::kCodebookSize;
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

/// The elements of a section's `data` in memory order (little-endian, as the
/// blobs and the container store them), or an error at `op` when a
/// dense_resource has no blob.
template <typename T>
static FailureOr<std::vector<T>> readData(Operation *op, ElementsAttr data) {
  size_t count = data.getShapedType().getNumElements();
  std::vector<T> values(count);
  ArrayRef<char> bytes;
  if (auto dense = dyn_cast<DenseIntElementsAttr>(data)) {
    if (dense.isSplat()) {
      std::fill(values.begin(), values.end(), dense.getSplatValue<T>());
      return values;
    }
    bytes = dense.getRawData();
  } else if (auto resource = dyn_cast<DenseResourceElementsAttr>(data)) {
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob)
      return op->emitOpError("'data' is dense_resource '")
             << resource.getRawHandle().getKey() << "' without a blob";
    bytes = blob->getData();
  } else {
    return op->emitOpError("'data' must be dense or dense_resource elements");
  }
  if (bytes.size() != count * sizeof(T))
    return op->emitOpError("'data' holds ")
           << bytes.size() << " bytes, expected " << count * sizeof(T);
  if (count)
    std::memcpy(values.data(), bytes.data(), bytes.size());
  return values;
}

/// Splits `data` into one image per PE, `counts[p]` elements each.
template <typename T>
static std::vector<std::vector<T>> splitImages(const std::vector<T> &data,
                                               ArrayRef<int32_t> counts) {
  std::vector<std::vector<T>> images;
  auto begin = data.begin();
  for (int32_t count : counts) {
    images.emplace_back(begin, begin + count);
    begin += count;
  }
  return images;
}

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

//===----------------------------------------------------------------------===//
// eisa::Program -> ProgramOp
//===----------------------------------------------------------------------===//

/// A dense_resource tensor holding a copy of `data` (a `dense` one when empty,
/// since a blob needs bytes).
template <typename T>
static ElementsAttr makeData(OpBuilder &b, ArrayRef<T> data, StringRef name) {
  auto type = RankedTensorType::get({static_cast<int64_t>(data.size())},
                                    b.getIntegerType(sizeof(T) * 8));
  if (data.empty())
    return DenseElementsAttr::get(type, ArrayRef<Attribute>());
  return DenseResourceElementsAttr::get(
      type, name, HeapAsmResourceBlob::allocateAndCopyInferAlign(data));
}

/// The images of all PEs, concatenated, and their sizes.
template <typename T>
static std::pair<std::vector<T>, SmallVector<int32_t>>
concatImages(const std::vector<std::vector<T>> &images) {
  std::pair<std::vector<T>, SmallVector<int32_t>> result;
  for (const std::vector<T> &image : images) {
    result.first.insert(result.first.end(), image.begin(), image.end());
    result.second.push_back(static_cast<int32_t>(image.size()));
  }
  return result;
}

static std::string getHostVectorName(const eisa::HostVector &vector,
                                     size_t index) {
  switch (vector.role) {
  case eisa::HostVectorRole::Input:
    return "input";
  case eisa::HostVectorRole::Output:
    return "output";
  default:
    return "scratch" + std::to_string(index);
  }
}

static std::string getSectionName(const eisa::Section &section, size_t index) {
  const char *prefix = "codebook";
  if (section.kind == eisa::SectionKind::SparseMatrix)
    prefix = "spmat";
  else if (section.kind == eisa::SectionKind::Pointers)
    prefix = "ptr";
  else if (section.kind == eisa::SectionKind::Bias)
    prefix = "bias";
  return prefix + std::to_string(index);
}

void ProgramOp::build(OpBuilder &b, OperationState &state,
                      const eisa::Program &program) {
  const eisa::MachineParams &m = program.machine;
  SmallVector<StringRef> layerNames(program.layerNames.begin(),
                                    program.layerNames.end());
  build(b, state, m.numPEs, m.regFileEntries, m.spmatBytes, m.ptrEntries,
        b.getStrArrayAttr(layerNames));
  Block *body = new Block();
  state.regions.front()->push_back(body);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToEnd(body);
  Location loc = state.location;

  // Instructions name the declarations by symbol.
  std::vector<std::string> vectorRefs, sectionRefs;
  for (auto [i, vector] : llvm::enumerate(program.hostVectors)) {
    std::string name = getHostVectorName(vector, i);
    HostVectorOp::create(b, loc, name, static_cast<HostVectorRole>(vector.role),
                         vector.length, vector.fracBits);
    vectorRefs.push_back(name);
  }
  for (auto [i, section] : llvm::enumerate(program.sections)) {
    std::string name = getSectionName(section, i);
    switch (section.kind) {
    case eisa::SectionKind::Codebook: {
      const std::vector<uint16_t> &words = section.words.front();
      SmallVector<int16_t> values(words.begin(), words.end());
      CodebookSectionOp::create(b, loc, name, values);
      break;
    }
    case eisa::SectionKind::SparseMatrix: {
      auto [data, counts] = concatImages(section.bytes);
      SpmatSectionOp::create(b, loc, name, counts,
                             makeData<uint8_t>(b, data, name));
      break;
    }
    case eisa::SectionKind::Pointers: {
      auto [data, counts] = concatImages(section.words);
      PtrSectionOp::create(b, loc, name, counts,
                           makeData<uint16_t>(b, data, name));
      break;
    }
    case eisa::SectionKind::Bias: {
      auto [data, counts] = concatImages(section.words);
      BiasSectionOp::create(b, loc, name, counts,
                            makeData<uint16_t>(b, data, name));
      break;
    }
    }
    sectionRefs.push_back(name);
  }

  for (const eisa::Instruction &inst : program.instructions) {
    const auto &ops = inst.ops;
    switch (inst.opcode) {
    case eisa::Opcode::LoadCodebook:
      LoadCodebookOp::create(b, loc, sectionRefs[ops[0]]);
      break;
    case eisa::Opcode::LoadSpmat:
      LoadSpmatOp::create(b, loc, sectionRefs[ops[0]], ops[1]);
      break;
    case eisa::Opcode::LoadPtr:
      LoadPtrOp::create(b, loc, sectionRefs[ops[0]], ops[1]);
      break;
    case eisa::Opcode::LoadBias:
      LoadBiasOp::create(b, loc, sectionRefs[ops[0]]);
      break;
    case eisa::Opcode::LoadAct:
      LoadActOp::create(b, loc, vectorRefs[inst.a], ops[0], ops[1]);
      break;
    case eisa::Opcode::StoreAct:
      StoreActOp::create(b, loc, vectorRefs[inst.a], ops[0], ops[1]);
      break;
    case eisa::Opcode::Run: {
      uint32_t formats = ops[eisa::RunFormats];
      auto flag = [&](eisa::RunFlags f) { return (inst.flags & f) != 0; };
      RunOp::create(
          b, loc, inst.a, ops[eisa::RunNumCols], ops[eisa::RunColBase],
          ops[eisa::RunNumRows], ops[eisa::RunSpmatAddr], ops[eisa::RunPtrAddr],
          formats & 0xff, (formats >> 8) & 0xff, (formats >> 16) & 0xff,
          flag(eisa::RunClear), flag(eisa::RunBias), flag(eisa::RunWriteBack),
          flag(eisa::RunRelu));
      break;
    }
    case eisa::Opcode::Swap:
      SwapOp::create(b, loc);
      break;
    case eisa::Opcode::Sync:
      SyncOp::create(b, loc);
      break;
    case eisa::Opcode::Halt:
      HaltOp::create(b, loc);
      break;
    }
  }
}

//===----------------------------------------------------------------------===//
// ProgramOp -> eisa::Program
//===----------------------------------------------------------------------===//

namespace {
/// Collects the declarations of a verified ProgramOp, then encodes its
/// instructions against their indices.
class ProgramEncoder {
public:
  explicit ProgramEncoder(ProgramOp op) : op(op) {}

  FailureOr<eisa::Program> encode();

private:
  LogicalResult addDeclaration(Operation *decl);
  template <typename SectionOp, typename T>
  LogicalResult addPerPESection(SectionOp section, eisa::SectionKind kind,
                                std::vector<std::vector<T>> eisa::Section::*);
  eisa::Instruction encodeInstruction(Operation *inst);
  uint32_t indexOf(FlatSymbolRefAttr symbol) {
    return indices.lookup(symbolTable.lookup(symbol.getValue()));
  }

  ProgramOp op;
  SymbolTable symbolTable{op};
  eisa::Program program;
  /// Index of each host vector and section in its table.
  DenseMap<Operation *, uint32_t> indices;
};
} // namespace

template <typename SectionOp, typename T>
LogicalResult ProgramEncoder::addPerPESection(
    SectionOp section, eisa::SectionKind kind,
    std::vector<std::vector<T>> eisa::Section::*images) {
  FailureOr<std::vector<T>> data = readData<T>(section, section.getData());
  if (failed(data))
    return failure();
  indices[section] = program.sections.size();
  eisa::Section &s = program.sections.emplace_back();
  s.kind = kind;
  s.*images = splitImages(*data, section.getCounts());
  return success();
}

LogicalResult ProgramEncoder::addDeclaration(Operation *decl) {
  return TypeSwitch<Operation *, LogicalResult>(decl)
      .Case([&](HostVectorOp vector) {
        indices[vector] = program.hostVectors.size();
        program.hostVectors.push_back(
            {static_cast<uint32_t>(vector.getLength()),
             static_cast<eisa::HostVectorRole>(vector.getRole()),
             static_cast<uint8_t>(vector.getFrac())});
        return success();
      })
      .Case([&](CodebookSectionOp codebook) {
        indices[codebook] = program.sections.size();
        eisa::Section &s = program.sections.emplace_back();
        s.kind = eisa::SectionKind::Codebook;
        ArrayRef<int16_t> values = codebook.getValues();
        s.words.emplace_back(values.begin(), values.end());
        return success();
      })
      .Case([&](SpmatSectionOp s) {
        return addPerPESection<SpmatSectionOp, uint8_t>(
            s, eisa::SectionKind::SparseMatrix, &eisa::Section::bytes);
      })
      .Case([&](PtrSectionOp s) {
        return addPerPESection<PtrSectionOp, uint16_t>(
            s, eisa::SectionKind::Pointers, &eisa::Section::words);
      })
      .Case([&](BiasSectionOp s) {
        return addPerPESection<BiasSectionOp, uint16_t>(
            s, eisa::SectionKind::Bias, &eisa::Section::words);
      });
}

eisa::Instruction ProgramEncoder::encodeInstruction(Operation *instOp) {
  eisa::Instruction inst;
  auto &ops = inst.ops;
  TypeSwitch<Operation *>(instOp)
      .Case([&](LoadCodebookOp load) {
        inst.opcode = eisa::Opcode::LoadCodebook;
        ops[0] = indexOf(load.getSectionAttr());
      })
      .Case([&](LoadSpmatOp load) {
        inst.opcode = eisa::Opcode::LoadSpmat;
        ops[0] = indexOf(load.getSectionAttr());
        ops[1] = load.getAddress();
      })
      .Case([&](LoadPtrOp load) {
        inst.opcode = eisa::Opcode::LoadPtr;
        ops[0] = indexOf(load.getSectionAttr());
        ops[1] = load.getAddress();
      })
      .Case([&](LoadBiasOp load) {
        inst.opcode = eisa::Opcode::LoadBias;
        ops[0] = indexOf(load.getSectionAttr());
      })
      .Case([&](LoadActOp load) {
        inst.opcode = eisa::Opcode::LoadAct;
        inst.a = indexOf(load.getVectorAttr());
        ops[0] = load.getOffset();
        ops[1] = load.getCount();
      })
      .Case([&](StoreActOp store) {
        inst.opcode = eisa::Opcode::StoreAct;
        inst.a = indexOf(store.getVectorAttr());
        ops[0] = store.getOffset();
        ops[1] = store.getCount();
      })
      .Case([&](RunOp run) {
        inst.opcode = eisa::Opcode::Run;
        inst.a = run.getLayer();
        inst.flags = (run.getClear() ? eisa::RunClear : 0) |
                     (run.getBias() ? eisa::RunBias : 0) |
                     (run.getWriteback() ? eisa::RunWriteBack : 0) |
                     (run.getRelu() ? eisa::RunRelu : 0);
        ops[eisa::RunNumCols] = run.getCols();
        ops[eisa::RunColBase] = run.getColbase();
        ops[eisa::RunNumRows] = run.getRows();
        ops[eisa::RunSpmatAddr] = run.getSpmatBase();
        ops[eisa::RunPtrAddr] = run.getPtrBase();
        ops[eisa::RunFormats] =
            eisa::packFormats(run.getFa(), run.getFw(), run.getFo());
      })
      .Case([&](SwapOp) { inst.opcode = eisa::Opcode::Swap; })
      .Case([&](SyncOp) { inst.opcode = eisa::Opcode::Sync; })
      .Case([&](HaltOp) { inst.opcode = eisa::Opcode::Halt; });
  return inst;
}

FailureOr<eisa::Program> ProgramEncoder::encode() {
  program.machine = op.getMachineParams();
  for (Attribute name : op.getLayers())
    program.layerNames.push_back(cast<StringAttr>(name).str());
  SmallVector<Operation *> instructionOps;
  for (Operation &child : op.getBody().front()) {
    if (isInstruction(&child))
      instructionOps.push_back(&child);
    else if (failed(addDeclaration(&child)))
      return failure();
  }
  for (Operation *inst : instructionOps)
    program.instructions.push_back(encodeInstruction(inst));

  if (llvm::Error error = eisa::verifyStructure(program))
    return op.emitOpError("is not a valid EIE program: ")
           << llvm::toString(std::move(error));
  // Execute the data movement instruction by instruction so that a broken
  // rule is reported at its op.
  eisa::MachineState state(program);
  for (auto [i, inst] : llvm::enumerate(instructionOps))
    if (llvm::Error error = state.step(i))
      return inst->emitError(llvm::toString(std::move(error)));
  return std::move(program);
}

FailureOr<eisa::Program> ProgramOp::toProgram() {
  return ProgramEncoder(*this).encode();
}
