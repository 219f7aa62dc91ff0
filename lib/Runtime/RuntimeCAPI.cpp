//===- RuntimeCAPI.cpp - C entry points of the sparse layer kernels -------===//

#include "eie/Runtime/RuntimeCAPI.h"
#include "eie/Runtime/SparseKernel.h"

#include <string>

using namespace eie;

struct EieRtMatrix {
  runtime::PackedMatrix packed;
};

static thread_local std::string lastError;

/// Records a failure; returns whether there was one.
static bool failed(llvm::Error e) {
  if (!e)
    return false;
  lastError = llvm::toString(std::move(e));
  return true;
}

static llvm::Expected<format::CompressedMatrix>
buildFormat(uint32_t rows, uint32_t cols, uint32_t numPEs, uint32_t bits,
            const float *codebook, const uint8_t *entries, uint64_t entryBytes,
            const uint32_t *colPtrs) {
  if (!codebook || !entries || !colPtrs)
    return llvm::createStringError("eieRtMatrixCreate: null array");
  if (auto e = format::checkCodeBits(bits))
    return std::move(e);
  auto cb = format::Codebook::create(
      bits, llvm::ArrayRef<float>(codebook, size_t(1) << bits));
  if (!cb)
    return cb.takeError();
  format::CompressedMatrix m;
  m.numRows = rows;
  m.numCols = cols;
  m.numPEs = numPEs;
  m.codebook = std::move(*cb);
  m.pes.resize(numPEs);
  unsigned eb = m.entryBytes();
  uint64_t offset = 0;
  for (uint32_t pe = 0; pe < numPEs; ++pe) {
    const uint32_t *ptr = colPtrs + size_t(pe) * (size_t(cols) + 1);
    uint64_t bytes = uint64_t(ptr[cols]) * eb;
    if (offset + bytes > entryBytes)
      return llvm::createStringError(
          "eieRtMatrixCreate: PE %u ends at byte %llu, past the %llu entry "
          "bytes",
          pe, (unsigned long long)(offset + bytes),
          (unsigned long long)entryBytes);
    m.pes[pe].colPtr.assign(ptr, ptr + cols + 1);
    m.pes[pe].entries.assign(entries + offset, entries + offset + bytes);
    offset += bytes;
  }
  if (offset != entryBytes)
    return llvm::createStringError(
        "eieRtMatrixCreate: the PEs hold %llu entry bytes, %llu given",
        (unsigned long long)offset, (unsigned long long)entryBytes);
  return m;
}

EieRtMatrix *eieRtMatrixCreate(uint32_t rows, uint32_t cols, uint32_t numPEs,
                               uint32_t bits, const float *codebook,
                               const uint8_t *entries, uint64_t entryBytes,
                               const uint32_t *colPtrs, uint32_t numSlices,
                               double expectedActivationDensity) {
  lastError.clear();
  auto m = buildFormat(rows, cols, numPEs, bits, codebook, entries, entryBytes,
                       colPtrs);
  if (!m) {
    failed(m.takeError());
    return nullptr;
  }
  runtime::PackOptions o;
  o.numSlices = numSlices;
  o.expectedActivationDensity = expectedActivationDensity;
  auto packed = runtime::PackedMatrix::create(*m, o);
  if (!packed) {
    failed(packed.takeError());
    return nullptr;
  }
  return new EieRtMatrix{std::move(*packed)};
}

void eieRtMatrixDestroy(EieRtMatrix *m) { delete m; }

int32_t eieRtMatrixWeightFrac(const EieRtMatrix *m) {
  return m ? m->packed.getCodebook().fracBits : -1;
}

/// Checks the arrays a multiply needs.
static llvm::Error checkCall(const EieRtMatrix *m, const void *x,
                             const void *y) {
  if (!m || !x || !y)
    return llvm::createStringError("eieRt: null matrix, input or output");
  return llvm::Error::success();
}

int32_t eieRtMultiplyF32(const EieRtMatrix *m, const float *x,
                         const float *bias, float *y, int32_t relu,
                         uint32_t numThreads) {
  lastError.clear();
  if (failed(checkCall(m, x, y)))
    return 1;
  runtime::KernelOptions o;
  o.numThreads = numThreads;
  return failed(runtime::multiplyFloat(m->packed, x, bias, y, relu != 0, o))
             ? 1
             : 0;
}

int32_t eieRtMultiplyQ16(const EieRtMatrix *m, const int16_t *x,
                         const int16_t *bias, int16_t *y, int32_t actFrac,
                         int32_t outFrac, int32_t relu, uint32_t numThreads) {
  lastError.clear();
  if (failed(checkCall(m, x, y)))
    return 1;
  runtime::KernelOptions o;
  o.numThreads = numThreads;
  format::FixedPointParams p{actFrac, eieRtMatrixWeightFrac(m), outFrac};
  return failed(runtime::multiplyFixed(m->packed, x, bias, y, p, relu != 0, o))
             ? 1
             : 0;
}

const char *eieRtLastError(void) { return lastError.c_str(); }
