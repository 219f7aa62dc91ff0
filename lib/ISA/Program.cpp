//===- Program.cpp - An EIE program: machine, sections, instructions ------===//

#include "eie/ISA/Program.h"

using namespace eie::isa;

llvm::StringRef eie::isa::getSectionKindName(SectionKind kind) {
  switch (kind) {
  case SectionKind::Codebook:
    return "codebook";
  case SectionKind::SparseMatrix:
    return "spmat";
  case SectionKind::Pointers:
    return "pointers";
  case SectionKind::Bias:
    return "bias";
  }
  return "unknown";
}

size_t Section::imageSize(unsigned pe) const {
  if (kind == SectionKind::SparseMatrix)
    return bytes[pe].size();
  return words[isPerPE() ? pe : 0].size();
}

llvm::StringRef eie::isa::getOpcodeName(Opcode op) {
  switch (op) {
  case Opcode::LoadCodebook:
    return "load.codebook";
  case Opcode::LoadSpmat:
    return "load.spmat";
  case Opcode::LoadPtr:
    return "load.ptr";
  case Opcode::LoadBias:
    return "load.bias";
  case Opcode::LoadAct:
    return "load.act";
  case Opcode::StoreAct:
    return "store.act";
  case Opcode::Run:
    return "run";
  case Opcode::Swap:
    return "swap";
  case Opcode::Sync:
    return "sync";
  case Opcode::Halt:
    return "halt";
  }
  return "";
}

int Program::findHostVector(HostVectorRole role) const {
  for (size_t i = 0; i < hostVectors.size(); ++i)
    if (hostVectors[i].role == role)
      return i;
  return -1;
}
