/*===- RuntimeCAPI.h - C entry points of the sparse layer kernels -*- C -*-===*\
|*                                                                            *|
|* For JIT-compiled or AOT-compiled code (the MLIR lowering of eie.sparse_fc) *|
|* and other languages: an opaque matrix handle built once from the EIE      *|
|* format's arrays, and the two kernels. Failing calls return null / non-zero *|
|* and leave a message for eieRtLastError().                                  *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef EIE_RUNTIME_RUNTIMECAPI_H
#define EIE_RUNTIME_RUNTIMECAPI_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct EieRtMatrix EieRtMatrix;

/// Builds a matrix from the EIE format (docs/CompressedFormat.md): a
/// rows x cols matrix on numPEs PEs with a 2^bits-entry fp32 codebook (code 0
/// must be 0; its Q(fw) copy is derived per docs/NUMERICS.md). entries holds
/// every PE's packed entries, PE 0 first; colPtrs holds numPEs arrays of
/// cols + 1 pointers, each counting entries from its PE's start. numSlices
/// is the most threads the kernels will use; expectedActivationDensity the
/// fraction of non-zero inputs the caller expects, and fixedPoint whether it
/// will call eieRtMultiplyQ16 (else eieRtMultiplyF32): the kernel variant is
/// the fastest at that density, in that mode, on this CPU (PackOptions).
/// variant, unless null or empty, names the variant to use instead
/// ("panels-avx512"; docs/CompressedFormat.md, "Variants"), a Panels one
/// optionally with its panel width or whole shape ("panels-avx512:64x6":
/// packed without calibration) and where its leftover goes ("/walk" or
/// "/rows"); a malformed name, or a variant this CPU
/// cannot run, is an error. Verifies everything; returns null on error.
EieRtMatrix *eieRtMatrixCreate(uint32_t rows, uint32_t cols, uint32_t numPEs,
                               uint32_t bits, const float *codebook,
                               const uint8_t *entries, uint64_t entryBytes,
                               const uint32_t *colPtrs, uint32_t numSlices,
                               double expectedActivationDensity,
                               int32_t fixedPoint, const char *variant);
void eieRtMatrixDestroy(EieRtMatrix *m);
/// The codebook's fractional width fw, for choosing fo (-1 for null).
int32_t eieRtMatrixWeightFrac(const EieRtMatrix *m);
/// The matrix's kernel variant ("" for null), with its panel shape and
/// leftover for Panels ("panels-avx512:64x6/walk", which
/// eieRtMatrixCreate's variant takes),
/// and how it was chosen: forced, or the calibration's times. Both strings
/// live as long as the matrix.
const char *eieRtMatrixVariant(const EieRtMatrix *m);
const char *eieRtMatrixVariantReason(const EieRtMatrix *m);

/// Float mode; bias may be null. Returns 0 on success, non-zero (and a
/// message) for a null matrix, input or output.
int32_t eieRtMultiplyF32(const EieRtMatrix *m, const float *x,
                         const float *bias, float *y, int32_t relu,
                         uint32_t numThreads);
/// Fixed mode with x in Q(actFrac), y and bias (may be null) in Q(outFrac).
/// Returns 0 on success.
int32_t eieRtMultiplyQ16(const EieRtMatrix *m, const int16_t *x,
                         const int16_t *bias, int16_t *y, int32_t actFrac,
                         int32_t outFrac, int32_t relu, uint32_t numThreads);

/// The message of this thread's last failed call ("" if none).
const char *eieRtLastError(void);

/*===-- Entry points of compiled eie.sparse_fc layers ---------------------===*\
|* The calls --convert-eie-to-runtime emits, with buffers as MLIR memref     *|
|* descriptors (the `_mlir_ciface_` convention of func.func declarations     *|
|* with `llvm.emit_c_interface`). A failing call prints its reason on stderr *|
|* and returns non-zero.                                                     *|
\*===----------------------------------------------------------------------===*/

/// A 1-D memref descriptor of any element type.
typedef struct {
  void *allocated;
  void *aligned;
  int64_t offset;
  int64_t sizes[1];
  int64_t strides[1];
} EieRtMemRef1D;

/// A 2-D memref descriptor of any element type.
typedef struct {
  void *allocated;
  void *aligned;
  int64_t offset;
  int64_t sizes[2];
  int64_t strides[2];
} EieRtMemRef2D;

/// Builds the layer's matrix on the first call: `handle` (memref<1xi64>, 0
/// until then) receives it, later calls find it there (calls from several
/// threads at once build it once). `codebook` (f32),
/// `entries` (i8) and `colPtrs` (i32) are the contiguous arrays of
/// eieRtMatrixCreate, `fixedPoint` whether the layer calls
/// _mlir_ciface_eieRtSparseFCQ16, and `variant` (i8) the name of the kernel
/// variant to force, empty for the automatic choice. `x` is the layer's
/// input (N x cols f32, unit inner stride): an expectedActivationDensity of
/// 0 takes its fraction of non-zero values instead (1 when it has none).
/// Returns 0 on success.
int32_t _mlir_ciface_eieRtSparseFCInit(
    EieRtMemRef1D *handle, const EieRtMemRef1D *codebook,
    const EieRtMemRef1D *entries, const EieRtMemRef1D *colPtrs, uint32_t rows,
    uint32_t cols, uint32_t numPEs, uint32_t bits, uint32_t numSlices,
    double expectedActivationDensity, int32_t fixedPoint,
    const EieRtMemRef1D *variant, const EieRtMemRef2D *x);

/// Float mode on a batch: every row of `x` (N x cols f32, unit inner stride)
/// through the matrix of `handle` into the same row of `y` (N x rows f32).
/// `bias` is rows f32 values, or none when empty. Returns 0 on success.
int32_t _mlir_ciface_eieRtSparseFCF32(const EieRtMemRef1D *handle,
                                      const EieRtMemRef2D *x,
                                      const EieRtMemRef1D *bias,
                                      EieRtMemRef2D *y, int32_t relu,
                                      uint32_t numThreads);

/// Fixed mode on a batch, as _mlir_ciface_eieRtSparseFCF32 with x in
/// Q(actFrac), y and bias in Q(outFrac) (int16).
int32_t _mlir_ciface_eieRtSparseFCQ16(const EieRtMemRef1D *handle,
                                      const EieRtMemRef2D *x,
                                      const EieRtMemRef1D *bias,
                                      EieRtMemRef2D *y, int32_t actFrac,
                                      int32_t outFrac, int32_t relu,
                                      uint32_t numThreads);

#ifdef __cplusplus
}
#endif

#endif /* EIE_RUNTIME_RUNTIMECAPI_H */
