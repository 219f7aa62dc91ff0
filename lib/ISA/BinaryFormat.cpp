//===- BinaryFormat.cpp - The EIE instruction-stream container ------------===//

#include "eie/ISA/BinaryFormat.h"
#include "eie/ISA/MachineState.h"

#include "llvm/Support/CRC.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"

#include <cstring>

using namespace eie::isa;
using llvm::Error;
using llvm::formatv;
namespace endian = llvm::support::endian;

namespace {
// Header field offsets (docs/ISA.md, "Header").
enum HeaderField : uint32_t {
  HVersion = 8,
  HHeaderBytes = 12,
  HFileBytes = 16,
  HCrc = 20,
  HNumPEs = 24,
  HRegFile = 28,
  HSpmatBytes = 32,
  HPtrEntries = 36,
  HHostVecOffset = 40,
  HNumHostVecs = 44,
  HLayerOffset = 48,
  HNumLayers = 52,
  HStringsOffset = 56,
  HStringsBytes = 60,
  HSectionOffset = 64,
  HNumSections = 68,
  HProgramOffset = 72,
  HNumInstructions = 76,
  HReserved = 80,
};
constexpr uint32_t kHostVecBytes = 8, kLayerBytes = 8, kSectionEntryBytes = 16;

uint64_t alignTo8(uint64_t n) { return (n + 7) & ~uint64_t(7); }

unsigned elementBytes(SectionKind kind) {
  return kind == SectionKind::SparseMatrix ? 1 : 2;
}

/// Appends little-endian fields to a growing byte vector.
class Writer {
public:
  std::vector<uint8_t> bytes;
  void u8(uint8_t v) { bytes.push_back(v); }
  void u16(uint16_t v) {
    u8(v & 0xff);
    u8(v >> 8);
  }
  void u32(uint32_t v) {
    u16(v & 0xffff);
    u16(v >> 16);
  }
  void pad() { bytes.resize(alignTo8(bytes.size()), 0); }
  void put32(uint32_t at, uint32_t v) {
    endian::write32le(bytes.data() + at, v);
  }
};
} // namespace

static uint64_t sectionPayloadBytes(const Section &s, unsigned numPEs) {
  if (!s.isPerPE())
    return 2 * kCodebookSize;
  uint64_t n = 4 * uint64_t(numPEs);
  for (unsigned p = 0; p < numPEs; ++p)
    n += s.imageSize(p) * elementBytes(s.kind);
  return n;
}

llvm::Expected<std::vector<uint8_t>>
eie::isa::writeProgram(const Program &program) {
  if (Error e = verifyProgram(program))
    return std::move(e);
  const MachineParams &m = program.machine;
  Writer w;
  w.bytes.assign(kHeaderBytes, 0);
  std::memcpy(w.bytes.data(), kMagic, sizeof(kMagic));
  w.put32(HVersion, kVersion);
  w.put32(HHeaderBytes, kHeaderBytes);
  w.put32(HNumPEs, m.numPEs);
  w.put32(HRegFile, m.regFileEntries);
  w.put32(HSpmatBytes, m.spmatBytes);
  w.put32(HPtrEntries, m.ptrEntries);

  w.put32(HHostVecOffset, w.bytes.size());
  w.put32(HNumHostVecs, program.hostVectors.size());
  for (const HostVector &v : program.hostVectors) {
    w.u32(v.length);
    w.u8(uint8_t(v.role));
    w.u8(v.fracBits);
    w.u16(0);
  }
  w.put32(HLayerOffset, w.bytes.size());
  w.put32(HNumLayers, program.layerNames.size());
  uint32_t nameOffset = 0;
  for (const std::string &name : program.layerNames) {
    w.u32(nameOffset);
    w.u32(name.size());
    nameOffset += name.size();
  }
  w.put32(HStringsOffset, w.bytes.size());
  w.put32(HStringsBytes, nameOffset);
  for (const std::string &name : program.layerNames)
    w.bytes.insert(w.bytes.end(), name.begin(), name.end());
  w.pad();

  w.put32(HSectionOffset, w.bytes.size());
  w.put32(HNumSections, program.sections.size());
  uint64_t payload =
      alignTo8(w.bytes.size() + kSectionEntryBytes * program.sections.size());
  for (const Section &s : program.sections) {
    uint64_t size = sectionPayloadBytes(s, m.numPEs);
    if (payload + size > UINT32_MAX)
      return llvm::createStringError("the program exceeds 4 GiB");
    w.u32(uint32_t(s.kind));
    w.u32(payload);
    w.u32(size);
    w.u32(0);
    payload = alignTo8(payload + size);
  }
  w.pad();
  for (const Section &s : program.sections) {
    if (!s.isPerPE()) {
      for (uint16_t v : s.words[0])
        w.u16(v);
    } else {
      for (unsigned p = 0; p < m.numPEs; ++p)
        w.u32(s.imageSize(p));
      for (unsigned p = 0; p < m.numPEs; ++p) {
        if (s.kind == SectionKind::SparseMatrix)
          w.bytes.insert(w.bytes.end(), s.bytes[p].begin(), s.bytes[p].end());
        else
          for (uint16_t v : s.words[p])
            w.u16(v);
      }
    }
    w.pad();
  }
  w.put32(HProgramOffset, w.bytes.size());
  w.put32(HNumInstructions, program.instructions.size());
  for (const Instruction &inst : program.instructions) {
    w.u8(uint8_t(inst.opcode));
    w.u8(inst.flags);
    w.u16(inst.a);
    for (uint32_t op : inst.ops)
      w.u32(op);
  }
  if (w.bytes.size() > UINT32_MAX)
    return llvm::createStringError("the program exceeds 4 GiB");
  w.put32(HFileBytes, w.bytes.size());
  w.put32(HCrc, llvm::crc32(llvm::ArrayRef(w.bytes).drop_front(kHeaderBytes)));
  return std::move(w.bytes);
}

namespace {
/// Bounds-checked little-endian reads; every block is checked against the
/// stream before its fields are read.
class Reader {
public:
  explicit Reader(llvm::ArrayRef<uint8_t> bytes) : bytes(bytes) {}
  uint8_t u8(uint64_t at) const { return bytes[at]; }
  uint16_t u16(uint64_t at) const {
    return endian::read16le(bytes.data() + at);
  }
  uint32_t u32(uint64_t at) const {
    return endian::read32le(bytes.data() + at);
  }

  /// Checks that `count` records of `size` bytes at `offset` lie inside the
  /// stream after the header and are aligned.
  Error checkBlock(llvm::StringRef what, uint32_t field, uint64_t offset,
                   uint64_t count, uint64_t size) const {
    uint64_t end = offset + count * size;
    if (offset % 8)
      return error(formatv("{0} at byte {1} (offset at byte {2}) is not 8-byte "
                           "aligned",
                           what, offset, field));
    if (offset < kHeaderBytes || end > bytes.size())
      return error(formatv("{0} [{1}, {2}) (offset at byte {3}) is outside the "
                           "stream [{4}, {5})",
                           what, offset, end, field, kHeaderBytes,
                           bytes.size()));
    return Error::success();
  }
  static Error error(const llvm::Twine &msg) {
    return llvm::createStringError(msg.str());
  }

  llvm::ArrayRef<uint8_t> bytes;
};
} // namespace

static Error readSection(const Reader &r, unsigned index, uint64_t entryAt,
                         unsigned numPEs, Section &s) {
  uint32_t kind = r.u32(entryAt), offset = r.u32(entryAt + 4),
           size = r.u32(entryAt + 8);
  if (r.u32(entryAt + 12))
    return r.error(formatv("section {0}: reserved word at byte {1} is not 0",
                           index, entryAt + 12));
  if (kind < uint32_t(SectionKind::Codebook) ||
      kind > uint32_t(SectionKind::Bias))
    return r.error(formatv("section {0}: unknown kind {1} at byte {2}", index,
                           kind, entryAt));
  s.kind = SectionKind(kind);
  std::string what = formatv("section {0}", index).str();
  if (Error e = r.checkBlock(what, entryAt + 4, offset, 1, size))
    return e;
  if (!s.isPerPE()) {
    if (size != 2 * kCodebookSize)
      return r.error(formatv("section {0} (codebook) at byte {1} has {2} "
                             "bytes, expected {3}",
                             index, offset, size, 2 * kCodebookSize));
    s.words.emplace_back(kCodebookSize);
    for (unsigned i = 0; i < kCodebookSize; ++i)
      s.words[0][i] = r.u16(offset + 2 * i);
    return Error::success();
  }
  uint64_t table = 4 * uint64_t(numPEs);
  if (size < table)
    return r.error(formatv("section {0} at byte {1}: {2} bytes cannot hold "
                           "the {3} per-PE counts",
                           index, offset, size, numPEs));
  unsigned eb = elementBytes(s.kind);
  uint64_t total = table;
  for (unsigned p = 0; p < numPEs; ++p)
    total += uint64_t(r.u32(offset + 4 * p)) * eb;
  if (total != size)
    return r.error(formatv("section {0} at byte {1}: per-PE counts need {2} "
                           "bytes, the section has {3}",
                           index, offset, total, size));
  uint64_t at = offset + table;
  for (unsigned p = 0; p < numPEs; ++p) {
    uint32_t n = r.u32(offset + 4 * p);
    if (s.kind == SectionKind::SparseMatrix) {
      s.bytes.emplace_back(r.bytes.begin() + at, r.bytes.begin() + at + n);
    } else {
      std::vector<uint16_t> &img = s.words.emplace_back(n);
      for (uint32_t k = 0; k < n; ++k)
        img[k] = r.u16(at + 2 * k);
    }
    at += uint64_t(n) * eb;
  }
  return Error::success();
}

llvm::Expected<Program> eie::isa::readProgram(llvm::ArrayRef<uint8_t> bytes) {
  Reader r(bytes);
  if (bytes.size() < kHeaderBytes)
    return r.error(formatv("truncated stream: {0} bytes, the header alone "
                           "has {1}",
                           bytes.size(), kHeaderBytes));
  if (std::memcmp(bytes.data(), kMagic, sizeof(kMagic)))
    return r.error("bad magic at byte 0: not an EIE program");
  if (uint32_t v = r.u32(HVersion); v != kVersion)
    return r.error(formatv("unsupported container version {0} at byte {1}: "
                           "this build reads version {2} only",
                           v, unsigned(HVersion), kVersion));
  if (uint32_t h = r.u32(HHeaderBytes); h != kHeaderBytes)
    return r.error(formatv("header size {0} at byte {1}, expected {2}", h,
                           unsigned(HHeaderBytes), kHeaderBytes));
  if (uint32_t n = r.u32(HFileBytes); n != bytes.size())
    return r.error(formatv("the header (byte {0}) gives {1} bytes, the stream "
                           "has {2}{3}",
                           unsigned(HFileBytes), n, bytes.size(),
                           n > bytes.size() ? " (truncated)" : ""));
  for (uint32_t at = HReserved; at < kHeaderBytes; at += 4)
    if (r.u32(at))
      return r.error(formatv("reserved header word at byte {0} is not 0", at));
  uint32_t crc = llvm::crc32(bytes.drop_front(kHeaderBytes));
  if (crc != r.u32(HCrc))
    return r.error(formatv("checksum mismatch: the header (byte {0}) says "
                           "{1:x8}, the contents give {2:x8} (corrupted "
                           "stream)",
                           unsigned(HCrc), r.u32(HCrc), crc));

  Program program;
  MachineParams &m = program.machine;
  m.numPEs = r.u32(HNumPEs);
  m.regFileEntries = r.u32(HRegFile);
  m.spmatBytes = r.u32(HSpmatBytes);
  m.ptrEntries = r.u32(HPtrEntries);
  if (m.numPEs == 0 || m.numPEs > 4096)
    return r.error(formatv("{0} PEs at byte {1}, expected 1..4096", m.numPEs,
                           unsigned(HNumPEs)));

  uint32_t hostAt = r.u32(HHostVecOffset), numHost = r.u32(HNumHostVecs);
  if (Error e = r.checkBlock("the host-vector table", HHostVecOffset, hostAt,
                             numHost, kHostVecBytes))
    return std::move(e);
  for (uint32_t i = 0; i < numHost; ++i) {
    uint64_t at = hostAt + uint64_t(i) * kHostVecBytes;
    if (r.u16(at + 6))
      return r.error(formatv("host vector {0}: reserved bytes at {1} are not "
                             "0",
                             i, at + 6));
    HostVector v;
    v.length = r.u32(at);
    v.role = HostVectorRole(r.u8(at + 4));
    v.fracBits = r.u8(at + 5);
    program.hostVectors.push_back(v);
  }

  uint32_t stringsAt = r.u32(HStringsOffset),
           stringsBytes = r.u32(HStringsBytes);
  if (Error e = r.checkBlock("the string table", HStringsOffset, stringsAt,
                             stringsBytes, 1))
    return std::move(e);
  uint32_t layerAt = r.u32(HLayerOffset), numLayers = r.u32(HNumLayers);
  if (Error e = r.checkBlock("the layer table", HLayerOffset, layerAt,
                             numLayers, kLayerBytes))
    return std::move(e);
  for (uint32_t i = 0; i < numLayers; ++i) {
    uint64_t at = layerAt + uint64_t(i) * kLayerBytes;
    uint64_t off = r.u32(at), len = r.u32(at + 4);
    if (off + len > stringsBytes)
      return r.error(formatv("layer {0} (byte {1}): name [{2}, {3}) is outside "
                             "the string table of {4} bytes",
                             i, at, off, off + len, stringsBytes));
    program.layerNames.emplace_back(
        reinterpret_cast<const char *>(bytes.data()) + stringsAt + off, len);
  }

  uint32_t sectionAt = r.u32(HSectionOffset), numSections = r.u32(HNumSections);
  if (Error e = r.checkBlock("the section table", HSectionOffset, sectionAt,
                             numSections, kSectionEntryBytes))
    return std::move(e);
  program.sections.resize(numSections);
  for (uint32_t i = 0; i < numSections; ++i)
    if (Error e = readSection(r, i, sectionAt + uint64_t(i) * 16, m.numPEs,
                              program.sections[i]))
      return std::move(e);

  uint32_t programAt = r.u32(HProgramOffset),
           numInsts = r.u32(HNumInstructions);
  if (Error e = r.checkBlock("the program", HProgramOffset, programAt, numInsts,
                             kInstructionBytes))
    return std::move(e);
  for (uint32_t i = 0; i < numInsts; ++i) {
    uint64_t at = programAt + uint64_t(i) * kInstructionBytes;
    Instruction inst;
    inst.opcode = Opcode(r.u8(at));
    if (getOpcodeName(inst.opcode).empty())
      return r.error(formatv("instruction {0} (byte {1}): unknown opcode "
                             "{2:x2}",
                             i, at, r.u8(at)));
    inst.flags = r.u8(at + 1);
    inst.a = r.u16(at + 2);
    for (unsigned k = 0; k < kNumOperands; ++k)
      inst.ops[k] = r.u32(at + 4 + 4 * k);
    program.instructions.push_back(inst);
  }
  // writeProgram verifies the program (docs/ISA.md's rules), and only the
  // canonical layout is accepted: every padding byte zero and every block where
  // writeProgram puts it, so that a stream round-trips to itself.
  llvm::Expected<std::vector<uint8_t>> canonical = writeProgram(program);
  if (!canonical)
    return canonical.takeError();
  // The checksum was checked above, over the bytes as they are.
  std::copy_n(bytes.begin() + HCrc, 4, canonical->begin() + HCrc);
  auto mismatch = std::mismatch(canonical->begin(), canonical->end(),
                                bytes.begin(), bytes.end());
  if (mismatch.first != canonical->end() || mismatch.second != bytes.end())
    return r.error(
        formatv("byte {0} is {1:x-2}, the format puts {2:x-2} there "
                "(non-zero padding or a block out of place)",
                mismatch.second - bytes.begin(),
                mismatch.second == bytes.end() ? 0 : *mismatch.second,
                mismatch.first == canonical->end() ? 0 : *mismatch.first));
  return std::move(program);
}

llvm::Expected<Program> eie::isa::readProgramFile(llvm::StringRef path) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!buffer)
    return llvm::createStringError(
        formatv("{0}: {1}", path, buffer.getError().message()).str());
  auto program = readProgram(llvm::ArrayRef(
      reinterpret_cast<const uint8_t *>((*buffer)->getBufferStart()),
      (*buffer)->getBufferSize()));
  if (!program)
    return llvm::createStringError(
        formatv("{0}: {1}", path, llvm::toString(program.takeError())).str());
  return program;
}
