//===- ProgramBuilder.cpp - Compressed layers to an EIE program -----------===//

#include "eie/ISA/ProgramBuilder.h"

#include "llvm/Support/FormatVariadic.h"

#include <algorithm>

using namespace eie;
using namespace eie::isa;
using llvm::Error;
using llvm::formatv;

namespace {

/// A pass: columns [c0, c1) of a row chunk, with its per-PE images.
struct Pass {
  uint32_t c0 = 0, c1 = 0;
  unsigned spmatSection = 0, ptrSection = 0;
  uint32_t spmatSize = 0; ///< largest per-PE image, entries
  uint32_t spmatAddr = 0, ptrAddr = 0;
};

/// Columns [c0, c1) loaded into the source register file at once.
struct Batch {
  uint32_t c0 = 0, c1 = 0;
  std::vector<Pass> passes;
};

/// Rows [r0, r1) accumulated in the destination register file at once.
struct Chunk {
  uint32_t r0 = 0, r1 = 0;
  int biasSection = -1;
  std::vector<Batch> batches;
};

struct LayerPlan {
  unsigned codebookSection = 0;
  std::vector<Chunk> chunks;
  int inputVector = -1;  ///< host vector the input comes from, -1: on chip
  int outputVector = -1; ///< host vector the output goes to, -1: on chip
};

Error layerError(const LayerSpec &l, const llvm::Twine &msg) {
  return llvm::createStringError(
      formatv("layer '{0}': {1}", l.name, msg.str()).str());
}

/// Rows [r0, r1) x columns [c0, c1) of `s`, rebased to (0, 0).
format::SparseCodes tile(const format::SparseCodes &s, uint32_t r0, uint32_t r1,
                         uint32_t c0, uint32_t c1) {
  format::SparseCodes t;
  t.numRows = r1 - r0;
  t.numCols = c1 - c0;
  t.colPtr.push_back(0);
  for (uint32_t j = c0; j < c1; ++j) {
    auto begin = s.rowIdx.begin() + s.colPtr[j];
    auto end = s.rowIdx.begin() + s.colPtr[j + 1];
    auto lo = std::lower_bound(begin, end, r0);
    auto hi = std::lower_bound(lo, end, r1);
    for (auto it = lo; it != hi; ++it) {
      t.rowIdx.push_back(*it - r0);
      t.codes.push_back(s.codes[it - s.rowIdx.begin()]);
    }
    t.colPtr.push_back(t.rowIdx.size());
  }
  return t;
}

class Builder {
public:
  Builder(llvm::ArrayRef<LayerSpec> layers, const MachineParams &machine)
      : layers(layers) {
    program.machine = machine;
  }

  llvm::Expected<Program> build();

private:
  Error check(size_t i) const;
  Error planLayer(size_t i, LayerPlan &plan);
  Error planBatch(const LayerSpec &l, const format::SparseCodes &codes,
                  const Chunk &chunk, Batch &batch);
  /// Lays all passes' images out one after the other and, if they fit the
  /// SRAMs together, loads them; returns whether they stay resident.
  bool loadResidentImages();
  template <typename Fn> void forEachPass(Fn fn) {
    for (LayerPlan &plan : plans)
      for (Chunk &chunk : plan.chunks)
        for (Batch &batch : chunk.batches)
          for (Pass &pass : batch.passes)
            fn(pass);
  }
  void emitLayer(size_t i, const LayerPlan &plan, bool resident);
  void emit(Opcode op, uint8_t flags = 0, uint16_t a = 0,
            std::initializer_list<uint32_t> ops = {}) {
    Instruction inst;
    inst.opcode = op;
    inst.flags = flags;
    inst.a = a;
    std::copy(ops.begin(), ops.end(), inst.ops.begin());
    program.instructions.push_back(inst);
  }
  /// Switches to I/O mode: a sync after runs.
  void enterIO() {
    if (computing)
      emit(Opcode::Sync);
    computing = false;
  }
  unsigned addSection(Section s) {
    program.sections.push_back(std::move(s));
    return program.sections.size() - 1;
  }

  llvm::ArrayRef<LayerSpec> layers;
  Program program;
  std::vector<LayerPlan> plans;
  bool computing = false;
};

} // namespace

Error Builder::check(size_t i) const {
  const LayerSpec &l = layers[i];
  if (!l.weights)
    return layerError(l, "no weights");
  const format::CompressedMatrix &w = *l.weights;
  if (Error e = format::verify(w))
    return layerError(l, llvm::toString(std::move(e)));
  if (w.codebook.bits > 4)
    return layerError(l, formatv("a {0}-bit codebook; the EIE machine decodes "
                                 "4-bit codes",
                                 w.codebook.bits));
  if (Error e = l.formats.validate())
    return layerError(l, llvm::toString(std::move(e)));
  if (l.formats.weightFrac != w.codebook.fracBits)
    return layerError(l, formatv("weight format Q{0} differs from the "
                                 "codebook's Q{1}",
                                 l.formats.weightFrac, w.codebook.fracBits));
  if (!l.bias.empty() && l.bias.size() != w.numRows)
    return layerError(
        l, formatv("{0} biases for {1} rows", l.bias.size(), w.numRows));
  if (i > 0) {
    const LayerSpec &prev = layers[i - 1];
    if (w.numCols != prev.weights->numRows)
      return layerError(l,
                        formatv("{0} inputs, but layer '{1}' has {2} "
                                "outputs",
                                w.numCols, prev.name, prev.weights->numRows));
    if (l.formats.actFrac != prev.formats.outFrac)
      return layerError(l, formatv("input format Q{0}, but layer '{1}' "
                                   "writes Q{2}",
                                   l.formats.actFrac, prev.name,
                                   prev.formats.outFrac));
  }
  return Error::success();
}

Error Builder::planBatch(const LayerSpec &l, const format::SparseCodes &codes,
                         const Chunk &chunk, Batch &batch) {
  const MachineParams &m = program.machine;
  auto encoded =
      format::encode(tile(codes, chunk.r0, chunk.r1, batch.c0, batch.c1),
                     m.numPEs, l.weights->codebook);
  if (!encoded)
    return layerError(l, llvm::toString(encoded.takeError()));
  // A pass's pointers are 16-bit offsets from its SRAM base and its images
  // must fit the SRAMs: cut the batch's columns greedily where they would not.
  uint64_t maxEntries = std::min<uint64_t>(UINT16_MAX, m.spmatBytes);
  uint64_t maxCols = m.ptrEntries - 1;
  uint32_t numCols = batch.c1 - batch.c0;
  uint32_t a = 0;
  while (a < numCols) {
    uint32_t b = a;
    while (b < numCols && b - a < maxCols) {
      bool fits = true;
      for (const format::PESlice &s : encoded->pes)
        fits &= s.colPtr[b + 1] - s.colPtr[a] <= maxEntries;
      if (!fits)
        break;
      ++b;
    }
    if (b == a) {
      for (unsigned p = 0; p < m.numPEs; ++p) {
        uint32_t n = encoded->pes[p].colPtr[a + 1] - encoded->pes[p].colPtr[a];
        if (n > maxEntries)
          return layerError(l, formatv("column {0} needs {1} entries in PE "
                                       "{2}, a pass holds at most {3}",
                                       batch.c0 + a, n, p, maxEntries));
      }
    }
    Section spmat, ptrs;
    spmat.kind = SectionKind::SparseMatrix;
    ptrs.kind = SectionKind::Pointers;
    Pass pass;
    pass.c0 = batch.c0 + a;
    pass.c1 = batch.c0 + b;
    for (const format::PESlice &s : encoded->pes) {
      spmat.bytes.emplace_back(s.entries.begin() + s.colPtr[a],
                               s.entries.begin() + s.colPtr[b]);
      std::vector<uint16_t> &p = ptrs.words.emplace_back();
      for (uint32_t j = a; j <= b; ++j)
        p.push_back(s.colPtr[j] - s.colPtr[a]);
      pass.spmatSize =
          std::max<uint32_t>(pass.spmatSize, s.colPtr[b] - s.colPtr[a]);
    }
    pass.spmatSection = addSection(std::move(spmat));
    pass.ptrSection = addSection(std::move(ptrs));
    batch.passes.push_back(pass);
    a = b;
  }
  return Error::success();
}

Error Builder::planLayer(size_t i, LayerPlan &plan) {
  const LayerSpec &l = layers[i];
  const format::CompressedMatrix &w = *l.weights;
  const MachineParams &m = program.machine;
  uint64_t perFile = m.activationsPerFile();

  Section cb;
  cb.kind = SectionKind::Codebook;
  cb.words.emplace_back(kCodebookSize, 0);
  std::copy(w.codebook.fixedValues.begin(), w.codebook.fixedValues.end(),
            cb.words[0].begin());
  plan.codebookSection = addSection(std::move(cb));

  format::SparseCodes codes = format::decodeSparse(w);
  for (uint64_t r0 = 0; r0 < w.numRows; r0 += perFile) {
    Chunk &chunk = plan.chunks.emplace_back();
    chunk.r0 = r0;
    chunk.r1 = std::min<uint64_t>(w.numRows, r0 + perFile);
    if (!l.bias.empty()) {
      Section bias;
      bias.kind = SectionKind::Bias;
      bias.words.resize(m.numPEs);
      for (uint32_t r = chunk.r0; r < chunk.r1; ++r)
        bias.words[r % m.numPEs].push_back(uint16_t(l.bias[r]));
      chunk.biasSection = addSection(std::move(bias));
    }
    for (uint64_t c0 = 0; c0 < w.numCols; c0 += perFile) {
      Batch &batch = chunk.batches.emplace_back();
      batch.c0 = c0;
      batch.c1 = std::min<uint64_t>(w.numCols, c0 + perFile);
      if (Error e = planBatch(l, codes, chunk, batch))
        return e;
    }
  }
  return Error::success();
}

bool Builder::loadResidentImages() {
  // Images start on an 8-entry SRAM word so that a pass's first read is its
  // own.
  auto layOut = [&](bool assign) {
    uint64_t spmatEnd = 0, ptrEnd = 0;
    forEachPass([&](Pass &pass) {
      uint64_t at = (spmatEnd + 7) & ~uint64_t(7);
      if (assign) {
        pass.spmatAddr = at;
        pass.ptrAddr = ptrEnd;
      }
      spmatEnd = at + pass.spmatSize;
      ptrEnd += pass.c1 - pass.c0 + 1;
    });
    return std::pair(spmatEnd, ptrEnd);
  };
  const MachineParams &m = program.machine;
  // The weights stay resident when all of them fit (the EIE premise);
  // otherwise every pass loads its images at address 0 before it runs.
  auto [spmatEnd, ptrEnd] = layOut(false);
  if (spmatEnd > m.spmatBytes || ptrEnd > m.ptrEntries)
    return false;
  layOut(true);
  forEachPass([&](Pass &pass) {
    emit(Opcode::LoadSpmat, 0, 0, {pass.spmatSection, pass.spmatAddr});
    emit(Opcode::LoadPtr, 0, 0, {pass.ptrSection, pass.ptrAddr});
  });
  return true;
}

void Builder::emitLayer(size_t i, const LayerPlan &plan, bool resident) {
  const LayerSpec &l = layers[i];
  enterIO();
  emit(Opcode::LoadCodebook, 0, 0, {plan.codebookSection});
  for (const auto &[ci, chunk] : llvm::enumerate(plan.chunks)) {
    if (chunk.biasSection >= 0) {
      enterIO();
      emit(Opcode::LoadBias, 0, 0, {uint32_t(chunk.biasSection)});
    }
    for (const Batch &batch : chunk.batches) {
      // One batch stays in the source file for every chunk.
      if (plan.inputVector >= 0 && (ci == 0 || chunk.batches.size() > 1)) {
        enterIO();
        emit(Opcode::LoadAct, 0, plan.inputVector,
             {batch.c0, batch.c1 - batch.c0});
      }
      for (const Pass &pass : batch.passes) {
        if (!resident) {
          enterIO();
          emit(Opcode::LoadSpmat, 0, 0, {pass.spmatSection, 0});
          emit(Opcode::LoadPtr, 0, 0, {pass.ptrSection, 0});
        }
        uint8_t flags = 0;
        if (&batch == &chunk.batches.front() && &pass == &batch.passes.front())
          flags |= RunClear | (l.bias.empty() ? 0 : RunBias);
        if (&batch == &chunk.batches.back() && &pass == &batch.passes.back())
          flags |= RunWriteBack | (l.relu ? RunRelu : 0);
        emit(Opcode::Run, flags, i,
             {pass.c1 - pass.c0, pass.c0 - batch.c0, chunk.r1 - chunk.r0,
              pass.spmatAddr, pass.ptrAddr,
              packFormats(l.formats.actFrac, l.formats.weightFrac,
                          l.formats.outFrac)});
        computing = true;
      }
    }
    if (plan.outputVector >= 0) {
      enterIO();
      emit(Opcode::StoreAct, 0, plan.outputVector,
           {chunk.r0, chunk.r1 - chunk.r0});
    }
  }
  if (plan.outputVector < 0) {
    enterIO();
    emit(Opcode::Swap);
  }
}

llvm::Expected<Program> Builder::build() {
  const MachineParams &m = program.machine;
  if (layers.empty())
    return llvm::createStringError("no layers to compile");
  if (layers.size() > UINT16_MAX + 1u)
    return llvm::createStringError(
        formatv("{0} layers, a program holds at most 65536", layers.size())
            .str());
  for (size_t i = 0; i < layers.size(); ++i)
    if (Error e = check(i))
      return std::move(e);

  const LayerSpec &first = layers.front(), &last = layers.back();
  program.hostVectors.push_back({first.weights->numCols, HostVectorRole::Input,
                                 uint8_t(first.formats.actFrac)});
  program.hostVectors.push_back({last.weights->numRows, HostVectorRole::Output,
                                 uint8_t(last.formats.outFrac)});
  plans.resize(layers.size());
  for (size_t i = 0; i < layers.size(); ++i) {
    program.layerNames.push_back(layers[i].name);
    LayerPlan &plan = plans[i];
    if (Error e = planLayer(i, plan))
      return std::move(e);
    if (i == 0)
      plan.inputVector = 0;
    if (i + 1 == layers.size()) {
      plan.outputVector = 1;
    } else if (layers[i].weights->numRows > m.activationsPerFile()) {
      // The output does not fit one register file: it goes through host
      // memory to the next layer.
      plan.outputVector = program.hostVectors.size();
      program.hostVectors.push_back({layers[i].weights->numRows,
                                     HostVectorRole::Scratch,
                                     uint8_t(layers[i].formats.outFrac)});
    }
    if (i > 0)
      plan.inputVector = plans[i - 1].outputVector;
  }

  bool resident = loadResidentImages();
  for (size_t i = 0; i < layers.size(); ++i)
    emitLayer(i, plans[i], resident);
  enterIO();
  emit(Opcode::Halt);
  return std::move(program);
}

llvm::Expected<Program> eie::isa::buildProgram(llvm::ArrayRef<LayerSpec> layers,
                                               const MachineParams &machine) {
  return Builder(layers, machine).build();
}

llvm::Expected<Program>
eie::isa::buildLSTMGateProgram(const LayerSpec &gates,
                               const MachineParams &machine) {
  if (gates.weights && gates.weights->numRows % 4)
    return layerError(gates, formatv("{0} rows do not stack four gates",
                                     gates.weights->numRows));
  if (gates.relu)
    return layerError(gates, "LSTM gate pre-activations take no ReLU");
  return buildProgram(gates, machine);
}
