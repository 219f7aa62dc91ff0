//===- Disassembler.cpp - Text form of an EIE program ---------------------===//

#include "eie/ISA/Disassembler.h"
#include "eie/ISA/BinaryFormat.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

using namespace eie::isa;
using llvm::formatv;

static llvm::StringRef roleName(HostVectorRole role) {
  switch (role) {
  case HostVectorRole::Input:
    return "input";
  case HostVectorRole::Output:
    return "output";
  case HostVectorRole::Scratch:
    return "scratch";
  }
  return "unknown";
}

void eie::isa::printInstruction(const Program &program, const Instruction &inst,
                                llvm::raw_ostream &os) {
  const auto &ops = inst.ops;
  os << getOpcodeName(inst.opcode);
  switch (inst.opcode) {
  case Opcode::LoadCodebook:
  case Opcode::LoadBias:
    os << formatv(" section={0}", ops[0]);
    break;
  case Opcode::LoadSpmat:
  case Opcode::LoadPtr:
    os << formatv(" section={0} addr={1}", ops[0], ops[1]);
    break;
  case Opcode::LoadAct:
  case Opcode::StoreAct:
    os << formatv(" host={0} offset={1} count={2}", inst.a, ops[0], ops[1]);
    break;
  case Opcode::Run: {
    os << formatv(" layer={0}", inst.a);
    if (inst.a < program.layerNames.size())
      os << " \"" << program.layerNames[inst.a] << '"';
    uint32_t f = ops[RunFormats];
    os << formatv(" cols={0} colbase={1} rows={2} spmat={3} ptr={4} fa={5} "
                  "fw={6} fo={7}",
                  ops[RunNumCols], ops[RunColBase], ops[RunNumRows],
                  ops[RunSpmatAddr], ops[RunPtrAddr], f & 0xff, (f >> 8) & 0xff,
                  (f >> 16) & 0xff);
    static const std::pair<RunFlags, const char *> names[] = {
        {RunClear, "clear"},
        {RunBias, "bias"},
        {RunWriteBack, "writeback"},
        {RunRelu, "relu"}};
    for (const auto &[flag, name] : names)
      if (inst.flags & flag)
        os << ' ' << name;
    break;
  }
  default:
    break;
  }
}

void eie::isa::disassemble(const Program &program, llvm::raw_ostream &os) {
  const MachineParams &m = program.machine;
  os << formatv("; EIE program, container version {0}\n", kVersion);
  os << formatv("machine pes={0} regfile={1} spmat={2} ptr={3}\n", m.numPEs,
                m.regFileEntries, m.spmatBytes, m.ptrEntries);
  for (const auto &[i, v] : llvm::enumerate(program.hostVectors))
    os << formatv("host {0} {1} length={2} frac={3}\n", i, roleName(v.role),
                  v.length, v.fracBits);
  for (const auto &[i, name] : llvm::enumerate(program.layerNames))
    os << formatv("layer {0} \"{1}\"\n", i, name);
  for (const auto &[i, s] : llvm::enumerate(program.sections)) {
    os << formatv("section {0} {1}", i, getSectionKindName(s.kind));
    if (!s.isPerPE()) {
      os << " values=[";
      llvm::interleaveComma(s.words[0], os,
                            [&](uint16_t v) { os << int16_t(v); });
      os << "]\n";
      continue;
    }
    size_t total = 0, lo = SIZE_MAX, hi = 0;
    for (unsigned p = 0; p < m.numPEs; ++p) {
      total += s.imageSize(p);
      lo = std::min(lo, s.imageSize(p));
      hi = std::max(hi, s.imageSize(p));
    }
    os << formatv(" total={0} per-pe-min={1} per-pe-max={2}\n", total, lo, hi);
  }
  for (const auto &[i, inst] : llvm::enumerate(program.instructions)) {
    os << formatv("{0,6}: ", i);
    printInstruction(program, inst, os);
    os << '\n';
  }
}
