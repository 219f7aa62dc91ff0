//===- RuntimeCAPI.cpp - C entry points of the sparse layer kernels -------===//

#include "eie/Runtime/RuntimeCAPI.h"
#include "eie/Runtime/SparseKernel.h"

#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <mutex>
#include <string>

using namespace eie;

struct EieRtMatrix {
  runtime::PackedMatrix packed;
  /// What eieRtMatrixVariant returns.
  std::string variantName = runtime::kernelSpecName(packed.kernelSpec());
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
                               double expectedActivationDensity,
                               int32_t fixedPoint, const char *variant) {
  lastError.clear();
  auto m = buildFormat(rows, cols, numPEs, bits, codebook, entries, entryBytes,
                       colPtrs);
  if (!m) {
    failed(m.takeError());
    return nullptr;
  }
  runtime::PackOptions o;
  if (variant && *variant) {
    llvm::Expected<runtime::KernelSpec> spec =
        runtime::parseKernelSpec(variant);
    if (!spec) {
      failed(llvm::createStringError("eieRtMatrixCreate: " +
                                     llvm::toString(spec.takeError())));
      return nullptr;
    }
    o.force(*spec);
  }
  o.numSlices = numSlices;
  o.expectedActivationDensity = expectedActivationDensity;
  o.mode =
      fixedPoint ? runtime::NumericMode::Fixed : runtime::NumericMode::Float;
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

const char *eieRtMatrixVariant(const EieRtMatrix *m) {
  return m ? m->variantName.c_str() : "";
}

const char *eieRtMatrixVariantReason(const EieRtMatrix *m) {
  return m ? m->packed.variantReason().c_str() : "";
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

//===----------------------------------------------------------------------===//
// Entry points of compiled eie.sparse_fc layers
//===----------------------------------------------------------------------===//

/// Reports a failed layer call on stderr (compiled code has no other way to
/// show it); returns the call's status.
static int32_t reportFailure(llvm::Error e) {
  if (!failed(std::move(e)))
    return 0;
  llvm::errs() << "eie.sparse_fc runtime: " << lastError << "\n";
  return 1;
}

template <typename T> static T *firstElement(const EieRtMemRef1D &m) {
  return static_cast<T *>(m.aligned) + m.offset;
}

/// Checks that `m` is `size` contiguous elements (any size if `size` < 0).
static llvm::Error checkVector(const EieRtMemRef1D &m, int64_t size,
                               const char *what) {
  if (size >= 0 && m.sizes[0] != size)
    return llvm::createStringError("%s has %lld elements, expected %lld", what,
                                   (long long)m.sizes[0], (long long)size);
  if (m.sizes[0] > 1 && m.strides[0] != 1)
    return llvm::createStringError("%s is not contiguous (stride %lld)", what,
                                   (long long)m.strides[0]);
  return llvm::Error::success();
}

/// Checks that `m` is `rows` rows of `cols` contiguous elements.
static llvm::Error checkRows(const EieRtMemRef2D &m, int64_t rows, int64_t cols,
                             const char *what) {
  if (m.sizes[0] != rows || m.sizes[1] != cols)
    return llvm::createStringError(
        "%s is %lld x %lld, expected %lld x %lld", what, (long long)m.sizes[0],
        (long long)m.sizes[1], (long long)rows, (long long)cols);
  if (m.sizes[1] > 1 && m.strides[1] != 1)
    return llvm::createStringError(
        "%s's rows are not contiguous (inner stride %lld)", what,
        (long long)m.strides[1]);
  return llvm::Error::success();
}

/// Every failure of the checks, joined (success when there is none).
template <typename... Errors> static llvm::Error allOf(Errors... errors) {
  llvm::Error all = llvm::Error::success();
  ((all = llvm::joinErrors(std::move(all), std::move(errors))), ...);
  return all;
}

/// The fraction of non-zero values in the rows of x (f32), which the
/// calibration takes as the layer's expected activation density; 1 when
/// there are none (an all-zero first input says nothing about the others).
static double measuredDensity(const EieRtMemRef2D &x) {
  uint64_t nonZeros = 0, count = uint64_t(x.sizes[0]) * uint64_t(x.sizes[1]);
  for (int64_t n = 0; n < x.sizes[0]; ++n) {
    const float *row =
        static_cast<const float *>(x.aligned) + x.offset + n * x.strides[0];
    nonZeros += uint64_t(std::count_if(row, row + x.sizes[1],
                                       [](float v) { return v != 0.0f; }));
  }
  return nonZeros ? double(nonZeros) / double(count) : 1.0;
}

int32_t _mlir_ciface_eieRtSparseFCInit(
    EieRtMemRef1D *handle, const EieRtMemRef1D *codebook,
    const EieRtMemRef1D *entries, const EieRtMemRef1D *colPtrs, uint32_t rows,
    uint32_t cols, uint32_t numPEs, uint32_t bits, uint32_t numSlices,
    double expectedActivationDensity, int32_t fixedPoint,
    const EieRtMemRef1D *variant, const EieRtMemRef2D *x) {
  lastError.clear();
  if (auto e = checkVector(*handle, 1, "the matrix handle"))
    return reportFailure(std::move(e));
  // A compiled function may run on several threads at once: the first
  // calls of a layer build its matrix once, one after the other (a build
  // calibrates, which other work on the CPUs would skew), and every other
  // call finds it.
  int64_t *slot = firstElement<int64_t>(*handle);
  if (__atomic_load_n(slot, __ATOMIC_ACQUIRE) != 0)
    return 0;
  static std::mutex buildMutex;
  std::lock_guard<std::mutex> lock(buildMutex);
  if (__atomic_load_n(slot, __ATOMIC_RELAXED) != 0)
    return 0;
  if (bits > 8)
    return reportFailure(
        llvm::createStringError("%u-bit codes are not supported", bits));
  if (auto e =
          allOf(checkVector(*codebook, int64_t(1) << bits, "the codebook"),
                checkVector(*entries, -1, "the entries"),
                checkVector(*colPtrs, int64_t(numPEs) * (int64_t(cols) + 1),
                            "the column pointers"),
                checkVector(*variant, -1, "the kernel variant's name"),
                checkRows(*x, x->sizes[0], cols, "the input")))
    return reportFailure(std::move(e));
  if (expectedActivationDensity <= 0)
    expectedActivationDensity = measuredDensity(*x);
  std::string variantName(firstElement<const char>(*variant),
                          size_t(variant->sizes[0]));
  EieRtMatrix *m = eieRtMatrixCreate(
      rows, cols, numPEs, bits, firstElement<float>(*codebook),
      firstElement<uint8_t>(*entries), uint64_t(entries->sizes[0]),
      firstElement<uint32_t>(*colPtrs), numSlices, expectedActivationDensity,
      fixedPoint, variantName.c_str());
  if (!m)
    return reportFailure(llvm::createStringError(lastError));
  __atomic_store_n(slot, reinterpret_cast<intptr_t>(m), __ATOMIC_RELEASE);
  return 0;
}

/// Runs `multiplyRow(matrix, x row, bias or null, y row)` on every row of a
/// batch after checking the buffers against the matrix.
template <typename T, typename MultiplyRow>
static int32_t multiplyBatch(const EieRtMemRef1D &handle,
                             const EieRtMemRef2D &x, const EieRtMemRef1D &bias,
                             EieRtMemRef2D &y, MultiplyRow multiplyRow) {
  lastError.clear();
  if (auto e = checkVector(handle, 1, "the matrix handle"))
    return reportFailure(std::move(e));
  auto *m = reinterpret_cast<const EieRtMatrix *>(
      *firstElement<const int64_t>(handle));
  if (!m)
    return reportFailure(
        llvm::createStringError("the layer's matrix was not built"));
  int64_t rows = m->packed.numRows(), cols = m->packed.numCols();
  int64_t batch = x.sizes[0];
  if (auto e = allOf(checkRows(x, batch, cols, "the input"),
                     checkRows(y, batch, rows, "the output"),
                     bias.sizes[0] == 0 ? llvm::Error::success()
                                        : checkVector(bias, rows, "the bias")))
    return reportFailure(std::move(e));
  const T *biasData = bias.sizes[0] == 0 ? nullptr : firstElement<T>(bias);
  for (int64_t n = 0; n < batch; ++n) {
    const T *xRow =
        static_cast<const T *>(x.aligned) + x.offset + n * x.strides[0];
    T *yRow = static_cast<T *>(y.aligned) + y.offset + n * y.strides[0];
    if (multiplyRow(m, xRow, biasData, yRow) != 0)
      return reportFailure(llvm::createStringError(lastError));
  }
  return 0;
}

int32_t _mlir_ciface_eieRtSparseFCF32(const EieRtMemRef1D *handle,
                                      const EieRtMemRef2D *x,
                                      const EieRtMemRef1D *bias,
                                      EieRtMemRef2D *y, int32_t relu,
                                      uint32_t numThreads) {
  return multiplyBatch<float>(*handle, *x, *bias, *y,
                              [&](const EieRtMatrix *m, const float *xRow,
                                  const float *b, float *yRow) {
                                return eieRtMultiplyF32(m, xRow, b, yRow, relu,
                                                        numThreads);
                              });
}

int32_t _mlir_ciface_eieRtSparseFCQ16(const EieRtMemRef1D *handle,
                                      const EieRtMemRef2D *x,
                                      const EieRtMemRef1D *bias,
                                      EieRtMemRef2D *y, int32_t actFrac,
                                      int32_t outFrac, int32_t relu,
                                      uint32_t numThreads) {
  return multiplyBatch<int16_t>(*handle, *x, *bias, *y,
                                [&](const EieRtMatrix *m, const int16_t *xRow,
                                    const int16_t *b, int16_t *yRow) {
                                  return eieRtMultiplyQ16(m, xRow, b, yRow,
                                                          actFrac, outFrac,
                                                          relu, numThreads);
                                });
}
