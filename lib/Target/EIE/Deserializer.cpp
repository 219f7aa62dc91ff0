//===- Deserializer.cpp - The EIE binary to eie_isa.program ---------------===//
//
// Like upstream SPIR-V's Deserializer: the container is read by the ISA
// library, and each host vector, section and instruction becomes its op.
//
//===----------------------------------------------------------------------===//

#include "eie/Target/EIE/Deserialization.h"

#include "eie/ISA/BinaryFormat.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/DialectResourceBlobManager.h"

using namespace mlir;
using namespace mlir::eie_isa;
// llvm::isa<> keeps its name; the ISA library is `eisa` here.
namespace eisa = ::eie::isa;

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

ProgramOp mlir::eie_isa::deserialize(OpBuilder &b, Location loc,
                                     const eisa::Program &program) {
  const eisa::MachineParams &m = program.machine;
  SmallVector<StringRef> layerNames(program.layerNames.begin(),
                                    program.layerNames.end());
  auto programOp =
      ProgramOp::create(b, loc, m.numPEs, m.regFileEntries, m.spmatBytes,
                        m.ptrEntries, b.getStrArrayAttr(layerNames));
  Block *body = &programOp.getBody().emplaceBlock();
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToEnd(body);

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
  return programOp;
}

OwningOpRef<ModuleOp> mlir::eie_isa::readBinary(ArrayRef<uint8_t> bytes,
                                                Location loc) {
  llvm::Expected<eisa::Program> program = eisa::readProgram(bytes);
  if (!program) {
    emitError(loc, llvm::toString(program.takeError()));
    return nullptr;
  }
  loc.getContext()->getOrLoadDialect<EIEISADialect>();
  OwningOpRef<ModuleOp> module = ModuleOp::create(loc);
  OpBuilder builder = OpBuilder::atBlockEnd(module->getBody());
  deserialize(builder, loc, *program);
  return module;
}
