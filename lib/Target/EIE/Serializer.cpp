//===- Serializer.cpp - eie_isa.program to the EIE binary -----------------===//
//
// Like upstream SPIR-V's Serializer: the IR knows nothing of the binary; this
// file collects the declarations of a program, encodes its instructions
// against their indices and checks the result by stepping the machine state.
//
//===----------------------------------------------------------------------===//

#include "eie/Target/EIE/Serialization.h"

#include "eie/ISA/BinaryFormat.h"
#include "eie/ISA/MachineState.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>

using namespace mlir;
using namespace mlir::eie_isa;
// llvm::isa<> keeps its name; the ISA library is `eisa` here.
namespace eisa = ::eie::isa;

/// The machine parameters of `op`.
static eisa::MachineParams getMachineParams(ProgramOp op) {
  eisa::MachineParams m;
  m.numPEs = op.getPes();
  m.regFileEntries = op.getRegfile();
  m.spmatBytes = op.getSpmat();
  m.ptrEntries = op.getPtr();
  return m;
}

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
  program.machine = getMachineParams(op);
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

FailureOr<eisa::Program> mlir::eie_isa::serialize(ProgramOp op) {
  return ProgramEncoder(op).encode();
}

/// The one eie_isa.program of `op`.
static FailureOr<ProgramOp> findProgram(Operation *op) {
  if (auto program = dyn_cast<ProgramOp>(op))
    return program;
  SmallVector<ProgramOp> programs;
  op->walk<WalkOrder::PreOrder>([&](ProgramOp program) {
    programs.push_back(program);
    return WalkResult::skip();
  });
  if (programs.size() != 1)
    return op->emitError("expected one eie_isa.program to translate, found ")
           << programs.size();
  return programs.front();
}

LogicalResult mlir::eie_isa::writeBinary(Operation *op, llvm::raw_ostream &os) {
  FailureOr<ProgramOp> programOp = findProgram(op);
  if (failed(programOp))
    return failure();
  FailureOr<eisa::Program> program = serialize(*programOp);
  if (failed(program))
    return failure();
  llvm::Expected<std::vector<uint8_t>> bytes = eisa::writeProgram(*program);
  if (!bytes)
    return programOp->emitError(llvm::toString(bytes.takeError()));
  os.write(reinterpret_cast<const char *>(bytes->data()), bytes->size());
  return success();
}
