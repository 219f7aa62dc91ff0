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
/// fraction of non-zero inputs the caller expects (the kernel variant is the
/// fastest at that density on this CPU, PackOptions). Verifies everything;
/// returns null on error.
EieRtMatrix *eieRtMatrixCreate(uint32_t rows, uint32_t cols, uint32_t numPEs,
                               uint32_t bits, const float *codebook,
                               const uint8_t *entries, uint64_t entryBytes,
                               const uint32_t *colPtrs, uint32_t numSlices,
                               double expectedActivationDensity);
void eieRtMatrixDestroy(EieRtMatrix *m);
/// The codebook's fractional width fw, for choosing fo (-1 for null).
int32_t eieRtMatrixWeightFrac(const EieRtMatrix *m);

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

#ifdef __cplusplus
}
#endif

#endif /* EIE_RUNTIME_RUNTIMECAPI_H */
