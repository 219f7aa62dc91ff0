//===- HandProgram.h - A small program written out by hand ------*- C++ -*-===//
//
// 2 PEs, 4 rows x 2 columns: W = [[1,0],[0,3],[0,2],[0,0]] with codebook
// value(code) = code, so y = [a0, 3 a1, 2 a1, 0] with all formats Q0.
// PE 0 holds rows 0 and 2, PE 1 rows 1 and 3.
//
//===----------------------------------------------------------------------===//

#ifndef EIE_UNITTESTS_ISA_HANDPROGRAM_H
#define EIE_UNITTESTS_ISA_HANDPROGRAM_H

#include "eie/ISA/Program.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/CRC.h"
#include "llvm/Support/Endian.h"

namespace eie::isa::testing {

inline Instruction inst(Opcode op, uint8_t flags = 0, uint16_t a = 0,
                        std::initializer_list<uint32_t> ops = {}) {
  Instruction i;
  i.opcode = op;
  i.flags = flags;
  i.a = a;
  std::copy(ops.begin(), ops.end(), i.ops.begin());
  return i;
}

inline Program handProgram() {
  Program p;
  p.machine = {2, 4, 64, 16};
  p.hostVectors = {{2, HostVectorRole::Input, 0},
                   {4, HostVectorRole::Output, 0}};
  p.layerNames = {"hand"};
  Section cb;
  cb.kind = SectionKind::Codebook;
  cb.words.emplace_back();
  for (uint16_t v = 0; v < 16; ++v)
    cb.words[0].push_back(v);
  Section spmat;
  spmat.kind = SectionKind::SparseMatrix;
  // PE 0: column 0 (v=1, z=0) row 0; column 1 (v=2, z=1) local row 1 = row 2.
  // PE 1: column 0 empty; column 1 (v=3, z=0) local row 0 = row 1.
  spmat.bytes = {{0x01, 0x12}, {0x03}};
  Section ptr;
  ptr.kind = SectionKind::Pointers;
  ptr.words = {{0, 1, 2}, {0, 0, 1}};
  p.sections = {cb, spmat, ptr};
  p.instructions = {inst(Opcode::LoadCodebook, 0, 0, {0}),
                    inst(Opcode::LoadSpmat, 0, 0, {1, 0}),
                    inst(Opcode::LoadPtr, 0, 0, {2, 0}),
                    inst(Opcode::LoadAct, 0, 0, {0, 2}),
                    inst(Opcode::Run, RunClear | RunWriteBack, 0,
                         {2, 0, 4, 0, 0, packFormats(0, 0, 0)}),
                    inst(Opcode::Sync),
                    inst(Opcode::StoreAct, 0, 1, {0, 4}),
                    inst(Opcode::Halt)};
  return p;
}

/// Recomputes the container's CRC after a test edited its bytes.
inline void fixChecksum(std::vector<uint8_t> &bytes) {
  llvm::support::endian::write32le(
      bytes.data() + 20,
      llvm::crc32(llvm::ArrayRef<uint8_t>(bytes).drop_front(96)));
}

} // namespace eie::isa::testing

#endif // EIE_UNITTESTS_ISA_HANDPROGRAM_H
