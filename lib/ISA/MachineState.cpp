//===- MachineState.cpp - Functional state of an EIE machine --------------===//

#include "eie/ISA/MachineState.h"

#include "llvm/Support/FormatVariadic.h"

using namespace eie;
using namespace eie::isa;
using llvm::Error;
using llvm::formatv;

MachineState::MachineState(const Program &program) : program(program) {
  const MachineParams &m = program.machine;
  pes.resize(m.numPEs);
  for (PE &pe : pes) {
    pe.spmat.assign(m.spmatBytes, 0);
    pe.spmatDefined.resize(m.spmatBytes);
    pe.ptr.assign(m.ptrEntries, 0);
    pe.ptrDefined.resize(m.ptrEntries);
    pe.bias.assign(m.regFileEntries, 0);
    pe.rf[0].assign(m.regFileEntries, 0);
    pe.rf[1].assign(m.regFileEntries, 0);
    pe.acc.assign(m.regFileEntries, 0);
  }
  for (const HostVector &v : program.hostVectors) {
    host.emplace_back(v.length, 0);
    hostDefined.emplace_back(v.length, v.role == HostVectorRole::Input);
  }
}

void MachineState::setInput(llvm::ArrayRef<int16_t> values) {
  int in = program.findHostVector(HostVectorRole::Input);
  if (in < 0)
    return;
  std::vector<int16_t> &v = host[in];
  std::copy_n(values.begin(), std::min(values.size(), v.size()), v.begin());
}

Error MachineState::fail(size_t index, const llvm::Twine &msg) const {
  const Instruction &inst = program.instructions[index];
  return llvm::createStringError(
      formatv("instruction {0} ({1}): ", index, getOpcodeName(inst.opcode))
          .str() +
      msg.str());
}

llvm::StringRef MachineState::layerName(unsigned layer) const {
  if (layer < program.layerNames.size())
    return program.layerNames[layer];
  return "?";
}

Error MachineState::checkSection(size_t index, uint32_t section,
                                 SectionKind kind) const {
  if (section >= program.sections.size())
    return fail(index, formatv("section {0} is not defined (the stream has "
                               "{1} sections)",
                               section, program.sections.size()));
  SectionKind got = program.sections[section].kind;
  if (got != kind)
    return fail(index,
                formatv("section {0} is a {1} section, expected {2}", section,
                        getSectionKindName(got), getSectionKindName(kind)));
  return Error::success();
}

Error MachineState::step(size_t index, RunCallback onRun) {
  const Instruction &inst = program.instructions[index];
  const MachineParams &m = program.machine;
  const auto &ops = inst.ops;
  if (getOpcodeName(inst.opcode).empty())
    return fail(index, formatv("unknown opcode {0:x}", unsigned(inst.opcode)));
  if (halted)
    return fail(index, "follows halt");
  if (inst.opcode != Opcode::Run && inst.flags)
    return fail(index, formatv("flags {0:x} on an instruction without flags",
                               inst.flags));
  // Operand slots an opcode does not use must be zero, so that a later
  // version can give them a meaning.
  unsigned usedOps = 0;
  bool usesA = false;
  switch (inst.opcode) {
  case Opcode::LoadCodebook:
  case Opcode::LoadBias:
    usedOps = 1;
    break;
  case Opcode::LoadSpmat:
  case Opcode::LoadPtr:
    usedOps = 2;
    break;
  case Opcode::LoadAct:
  case Opcode::StoreAct:
    usedOps = 2;
    usesA = true;
    break;
  case Opcode::Run:
    usedOps = 6;
    usesA = true;
    break;
  default:
    break;
  }
  if (!usesA && inst.a)
    return fail(index, formatv("field a = {0} must be 0", inst.a));
  for (unsigned i = usedOps; i < kNumOperands; ++i)
    if (ops[i])
      return fail(index, formatv("operand {0} = {1} must be 0", i, ops[i]));
  bool ioInstruction =
      inst.opcode != Opcode::Run && inst.opcode != Opcode::Sync;
  if (ioInstruction && computing)
    return fail(index, "needs I/O mode, but a run is in progress: a sync "
                       "must come first");

  switch (inst.opcode) {
  case Opcode::LoadCodebook: {
    if (Error e = checkSection(index, ops[0], SectionKind::Codebook))
      return e;
    const std::vector<uint16_t> &w = program.sections[ops[0]].words[0];
    codebookValues.assign(w.begin(), w.end());
    return Error::success();
  }
  case Opcode::LoadSpmat:
  case Opcode::LoadPtr: {
    bool isSpmat = inst.opcode == Opcode::LoadSpmat;
    if (Error e = checkSection(index, ops[0],
                               isSpmat ? SectionKind::SparseMatrix
                                       : SectionKind::Pointers))
      return e;
    const Section &s = program.sections[ops[0]];
    uint64_t capacity = isSpmat ? m.spmatBytes : m.ptrEntries;
    for (unsigned p = 0; p < m.numPEs; ++p) {
      uint64_t n = s.imageSize(p);
      if (uint64_t(ops[1]) + n > capacity)
        return fail(index,
                    formatv("section {0} overflows the {1} SRAM of PE {2}: "
                            "address {3} + {4} entries > capacity {5}",
                            ops[0], isSpmat ? "sparse-matrix" : "pointer", p,
                            ops[1], n, capacity));
    }
    for (unsigned p = 0; p < m.numPEs; ++p) {
      PE &pe = pes[p];
      size_t n = s.imageSize(p);
      if (n == 0)
        continue;
      if (isSpmat) {
        std::copy(s.bytes[p].begin(), s.bytes[p].end(),
                  pe.spmat.begin() + ops[1]);
        pe.spmatDefined.set(ops[1], ops[1] + n);
      } else {
        std::copy(s.words[p].begin(), s.words[p].end(),
                  pe.ptr.begin() + ops[1]);
        pe.ptrDefined.set(ops[1], ops[1] + n);
      }
    }
    return Error::success();
  }
  case Opcode::LoadBias: {
    if (Error e = checkSection(index, ops[0], SectionKind::Bias))
      return e;
    const Section &s = program.sections[ops[0]];
    for (unsigned p = 0; p < m.numPEs; ++p)
      if (s.imageSize(p) > m.regFileEntries)
        return fail(index,
                    formatv("section {0} holds {1} biases for PE {2}, "
                            "its bias file has {3} entries",
                            ops[0], s.imageSize(p), p, m.regFileEntries));
    for (unsigned p = 0; p < m.numPEs; ++p) {
      const std::vector<uint16_t> &w = s.words[p];
      std::copy(w.begin(), w.end(), pes[p].bias.begin());
      pes[p].biasCount = w.size();
    }
    return Error::success();
  }
  case Opcode::LoadAct:
  case Opcode::StoreAct: {
    bool load = inst.opcode == Opcode::LoadAct;
    if (inst.a >= program.hostVectors.size())
      return fail(index, formatv("host vector {0} is not defined (the stream "
                                 "has {1})",
                                 inst.a, program.hostVectors.size()));
    uint64_t offset = ops[0], count = ops[1];
    uint32_t length = program.hostVectors[inst.a].length;
    if (count == 0)
      return fail(index, "moves no activations");
    if (offset + count > length)
      return fail(index, formatv("elements [{0}, {1}) are outside host vector "
                                 "{2} of length {3}",
                                 offset, offset + count, inst.a, length));
    if (count > m.activationsPerFile())
      return fail(index, formatv("{0} activations exceed a register file "
                                 "({1} PEs x {2} entries)",
                                 count, m.numPEs, m.regFileEntries));
    unsigned file = load ? src : 1 - src;
    if (load) {
      int undefinedAt =
          hostDefined[inst.a].find_first_unset_in(offset, offset + count);
      if (undefinedAt >= 0)
        return fail(index, formatv("reads element {0} of host vector {1}, "
                                   "which was never written",
                                   undefinedAt, inst.a));
      for (uint64_t k = 0; k < count; ++k)
        pes[k % m.numPEs].rf[file][k / m.numPEs] = host[inst.a][offset + k];
      defined[file] = count;
      return Error::success();
    }
    if (count > defined[file])
      return fail(index, formatv("reads {0} destination activations but only "
                                 "{1} were written back",
                                 count, defined[file]));
    for (uint64_t k = 0; k < count; ++k)
      host[inst.a][offset + k] = pes[k % m.numPEs].rf[file][k / m.numPEs];
    hostDefined[inst.a].set(offset, offset + count);
    return Error::success();
  }
  case Opcode::Run:
    return stepRun(index, onRun);
  case Opcode::Swap:
    src = 1 - src;
    return Error::success();
  case Opcode::Sync:
    computing = false;
    return Error::success();
  case Opcode::Halt: {
    if (openRows)
      return fail(index, formatv("partial sums of layer '{0}' were never "
                                 "written back",
                                 layerName(openLayer)));
    int out = program.findHostVector(HostVectorRole::Output);
    int undefinedAt = hostDefined[out].find_first_unset();
    if (undefinedAt >= 0)
      return fail(index, formatv("element {0} of the output host vector was "
                                 "never written",
                                 undefinedAt));
    halted = true;
    return Error::success();
  }
  }
  return fail(index, formatv("unknown opcode {0:x}", unsigned(inst.opcode)));
}

Error MachineState::checkPassPE(const RunPass &pass, unsigned p) const {
  const MachineParams &m = program.machine;
  const PE &pe = pes[p];
  uint64_t first = pass.ptrAddr, last = uint64_t(pass.ptrAddr) + pass.numCols;
  if (last >= m.ptrEntries)
    return fail(pass.index, formatv("pointers [{0}, {1}] are outside the "
                                    "pointer SRAM ({2} entries)",
                                    first, last, m.ptrEntries));
  int undefinedAt = pe.ptrDefined.find_first_unset_in(first, last + 1);
  if (undefinedAt >= 0)
    return fail(pass.index, formatv("PE {0} reads pointer {1}, which was "
                                    "never loaded",
                                    p, undefinedAt));
  const uint16_t *ptr = pe.ptr.data() + first;
  for (uint32_t j = 0; j < pass.numCols; ++j)
    if (ptr[j + 1] < ptr[j])
      return fail(pass.index, formatv("PE {0}: pointer of column {1} ({2}) "
                                      "is below that of column {3} ({4})",
                                      p, j + 1, ptr[j + 1], j, ptr[j]));
  uint64_t lo = uint64_t(pass.spmatAddr) + ptr[0];
  uint64_t hi = uint64_t(pass.spmatAddr) + ptr[pass.numCols];
  if (hi > m.spmatBytes)
    return fail(pass.index, formatv("PE {0} reads entries [{1}, {2}) past the "
                                    "sparse-matrix SRAM ({3} bytes)",
                                    p, lo, hi, m.spmatBytes));
  if (lo == hi)
    return Error::success();
  undefinedAt = pe.spmatDefined.find_first_unset_in(lo, hi);
  if (undefinedAt >= 0)
    return fail(pass.index, formatv("PE {0} reads sparse-matrix entry {1}, "
                                    "which was never loaded",
                                    p, undefinedAt));
  // Every entry, padding included, must land on one of the PE's rows: the
  // simulator indexes the accumulators with it.
  int64_t rows = pass.localRows(p, m.numPEs);
  const uint8_t *entries = pe.spmat.data() + pass.spmatAddr;
  for (uint32_t j = 0; j < pass.numCols; ++j) {
    int64_t row = -1;
    for (uint32_t k = ptr[j]; k < ptr[j + 1]; ++k) {
      row += (entries[k] >> 4) + 1;
      if (row >= rows)
        return fail(pass.index,
                    formatv("PE {0} column {1} entry {2} reaches local row "
                            "{3}, the pass has {4} rows in this PE",
                            p, j, k - ptr[j], row, rows));
    }
  }
  return Error::success();
}

Error MachineState::checkPass(const RunPass &pass) const {
  const MachineParams &m = program.machine;
  if (codebookValues.empty())
    return fail(pass.index, "no codebook was loaded");
  if (Error e = pass.formats.validate())
    return fail(pass.index, llvm::toString(std::move(e)));
  if (pass.numCols == 0 || pass.numRows == 0)
    return fail(pass.index, formatv("empty pass ({0} columns, {1} rows)",
                                    pass.numCols, pass.numRows));
  if (uint64_t(pass.colBase) + pass.numCols > defined[src])
    return fail(pass.index,
                formatv("reads source activations [{0}, {1}) but "
                        "only {2} are defined",
                        pass.colBase, uint64_t(pass.colBase) + pass.numCols,
                        defined[src]));
  if (pass.numRows > m.activationsPerFile())
    return fail(pass.index, formatv("{0} rows exceed a register file ({1} "
                                    "PEs x {2} entries)",
                                    pass.numRows, m.numPEs, m.regFileEntries));
  if ((pass.flags & RunBias) && !(pass.flags & RunClear))
    return fail(pass.index, "the bias flag needs the clear flag");
  if ((pass.flags & RunRelu) && !(pass.flags & RunWriteBack))
    return fail(pass.index, "the relu flag needs the write-back flag");
  if (pass.flags & RunClear) {
    if (openRows)
      return fail(pass.index, formatv("clears the partial sums of layer "
                                      "'{0}' before they were written back",
                                      layerName(openLayer)));
  } else if (!openRows) {
    return fail(pass.index, "accumulates into partial sums that no pass "
                            "cleared");
  } else if (openRows != pass.numRows || openLayer != pass.layer) {
    return fail(pass.index,
                formatv("continues layer {0} with {1} rows, the "
                        "open partial sums are layer {2} with {3}",
                        pass.layer, pass.numRows, openLayer, openRows));
  }
  for (unsigned p = 0; p < m.numPEs; ++p) {
    if ((pass.flags & RunBias) &&
        pes[p].biasCount < pass.localRows(p, m.numPEs))
      return fail(pass.index,
                  formatv("PE {0} needs {1} biases, {2} were "
                          "loaded",
                          p, pass.localRows(p, m.numPEs), pes[p].biasCount));
    if (Error e = checkPassPE(pass, p))
      return e;
  }
  return Error::success();
}

Error MachineState::stepRun(size_t index, RunCallback onRun) {
  const Instruction &inst = program.instructions[index];
  if (inst.flags & ~RunAllFlags)
    return fail(index, formatv("unknown flags {0:x}", inst.flags));
  uint32_t formats = inst.ops[RunFormats];
  if (formats >> 24)
    return fail(index,
                formatv("formats word {0:x} has bits above 24 set", formats));
  RunPass pass;
  pass.index = index;
  pass.layer = inst.a;
  pass.flags = inst.flags;
  pass.numCols = inst.ops[RunNumCols];
  pass.colBase = inst.ops[RunColBase];
  pass.numRows = inst.ops[RunNumRows];
  pass.spmatAddr = inst.ops[RunSpmatAddr];
  pass.ptrAddr = inst.ops[RunPtrAddr];
  pass.formats.actFrac = formats & 0xff;
  pass.formats.weightFrac = (formats >> 8) & 0xff;
  pass.formats.outFrac = (formats >> 16) & 0xff;
  if (inst.a >= program.layerNames.size())
    return fail(index, formatv("layer {0} is not defined (the stream names "
                               "{1})",
                               inst.a, program.layerNames.size()));
  if (Error e = checkPass(pass))
    return e;

  unsigned n = numPEs();
  computing = true;
  if (pass.has(RunClear)) {
    for (unsigned p = 0; p < n; ++p) {
      PE &pe = pes[p];
      uint32_t rows = pass.localRows(p, n);
      for (uint32_t r = 0; r < rows; ++r)
        pe.acc[r] = pass.has(RunBias)
                        ? format::biasToAccumulator(pe.bias[r], pass.formats)
                        : 0;
    }
    openRows = pass.numRows;
    openLayer = pass.layer;
  }
  if (onRun)
    onRun(pass);
  if (pass.has(RunWriteBack)) {
    unsigned dst = 1 - src;
    for (unsigned p = 0; p < n; ++p) {
      PE &pe = pes[p];
      uint32_t rows = pass.localRows(p, n);
      for (uint32_t r = 0; r < rows; ++r)
        pe.rf[dst][r] = format::writeBack(pe.acc[r], pass.formats.shift(),
                                          pass.has(RunRelu));
    }
    defined[dst] = pass.numRows;
    openRows = 0;
  }
  return Error::success();
}

Error MachineState::run(RunCallback onRun, StepCheck afterStep) {
  for (size_t i = 0; i < program.instructions.size(); ++i) {
    if (Error e = step(i, onRun))
      return e;
    if (afterStep)
      if (Error e = afterStep())
        return e;
  }
  if (!halted)
    return llvm::createStringError(
        formatv("the program ends after {0} instructions without halt",
                program.instructions.size())
            .str());
  return Error::success();
}

// Limits far above any real layer (VGG-16's largest FC layer has 25088
// inputs; the published PE 128 KB) that bound what a stream can make the
// verifier and the simulator allocate.
static constexpr uint32_t kMaxSpmatBytes = 1u << 24;
static constexpr uint32_t kMaxPtrEntries = 1u << 22;
static constexpr uint64_t kMaxMachineBytes = uint64_t(1) << 30;
static constexpr uint64_t kMaxHostElements = uint64_t(1) << 26;

Error eie::isa::verifyStructure(const Program &program) {
  const MachineParams &m = program.machine;
  auto error = [](const llvm::Twine &msg) {
    return llvm::createStringError(msg.str());
  };
  if (m.numPEs == 0 || m.numPEs > 4096)
    return error(formatv("machine: {0} PEs, expected 1..4096", m.numPEs));
  if (m.regFileEntries == 0 || m.regFileEntries > 65536)
    return error(formatv("machine: {0} register-file entries, expected "
                         "1..65536",
                         m.regFileEntries));
  if (m.spmatBytes == 0 || m.spmatBytes > kMaxSpmatBytes)
    return error(formatv("machine: sparse-matrix SRAM of {0} bytes, expected "
                         "1..{1}",
                         m.spmatBytes, kMaxSpmatBytes));
  if (m.ptrEntries < 2 || m.ptrEntries > kMaxPtrEntries)
    return error(formatv("machine: pointer SRAM of {0} entries, expected "
                         "2..{1}",
                         m.ptrEntries, kMaxPtrEntries));
  // MachineState holds every PE's memories: refuse machines it cannot hold
  // rather than exhaust memory on a corrupted header.
  uint64_t bytesPerPE = uint64_t(m.spmatBytes) + 2 * uint64_t(m.ptrEntries) +
                        16 * uint64_t(m.regFileEntries);
  if (bytesPerPE * m.numPEs > kMaxMachineBytes)
    return error(formatv("machine: {0} PEs with {1} bytes of memories each "
                         "exceed the {2} bytes a machine may have",
                         m.numPEs, bytesPerPE, kMaxMachineBytes));
  uint64_t hostElements = 0;
  for (const HostVector &v : program.hostVectors)
    hostElements += v.length;
  if (hostElements > kMaxHostElements)
    return error(formatv("host vectors of {0} elements in all, at most {1}",
                         hostElements, kMaxHostElements));
  int inputs = 0, outputs = 0;
  for (const auto &[i, v] : llvm::enumerate(program.hostVectors)) {
    if (v.role > HostVectorRole::Scratch)
      return error(
          formatv("host vector {0}: unknown role {1}", i, unsigned(v.role)));
    if (v.fracBits > format::kMaxFracBits)
      return error(formatv("host vector {0}: {1} fractional bits, at most {2}",
                           i, v.fracBits, format::kMaxFracBits));
    if (v.length == 0)
      return error(formatv("host vector {0} is empty", i));
    inputs += v.role == HostVectorRole::Input;
    outputs += v.role == HostVectorRole::Output;
  }
  if (inputs != 1 || outputs != 1)
    return error(formatv("{0} input and {1} output host vectors, expected one "
                         "of each",
                         inputs, outputs));
  for (const auto &[i, s] : llvm::enumerate(program.sections)) {
    if (getSectionKindName(s.kind) == "unknown")
      return error(
          formatv("section {0}: unknown kind {1}", i, unsigned(s.kind)));
    switch (s.kind) {
    case SectionKind::Codebook:
      if (!s.bytes.empty() || s.words.size() != 1 ||
          s.words[0].size() != kCodebookSize)
        return error(formatv("section {0}: a codebook holds {1} values", i,
                             kCodebookSize));
      break;
    case SectionKind::SparseMatrix:
      if (s.bytes.size() != m.numPEs || !s.words.empty())
        return error(formatv("section {0}: {1} sparse-matrix images for {2} "
                             "PEs",
                             i, s.bytes.size(), m.numPEs));
      break;
    case SectionKind::Pointers:
    case SectionKind::Bias:
      if (s.words.size() != m.numPEs || !s.bytes.empty())
        return error(formatv("section {0}: {1} {2} images for {3} PEs", i,
                             s.words.size(), getSectionKindName(s.kind),
                             m.numPEs));
      break;
    }
  }
  if (program.instructions.empty() ||
      program.instructions.back().opcode != Opcode::Halt)
    return error("the program does not end with halt");
  return Error::success();
}

Error eie::isa::verifyProgram(const Program &program) {
  if (Error e = verifyStructure(program))
    return e;
  MachineState state(program);
  return state.run();
}
