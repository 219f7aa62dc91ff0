/*===- SimulatorCAPI.h - C entry point of the EIE simulator -------*- C -*-===*\
|*                                                                            *|
|* For JIT-compiled code (--convert-eie-to-simulator): runs a binary          *|
|* instruction stream on the cycle-level simulator, with the input and       *|
|* output as MLIR memref descriptors (`_mlir_ciface_` calling convention).   *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef EIE_SIM_SIMULATORCAPI_H
#define EIE_SIM_SIMULATORCAPI_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// A memref<?xi8> descriptor.
typedef struct {
  const uint8_t *allocated;
  const uint8_t *aligned;
  int64_t offset;
  int64_t sizes[1];
  int64_t strides[1];
} EieSimBytes;

/// A memref<?x?xf32> descriptor.
typedef struct {
  float *allocated;
  float *aligned;
  int64_t offset;
  int64_t sizes[2];
  int64_t strides[2];
} EieSimMatrixF32;

/// Runs the instruction stream `program` (docs/ISA.md) on the machine of its
/// header with the default timing and energy parameters: `input` (1 x the
/// program's input length, f32) is quantized to the program's input format,
/// `output` (1 x its output length) receives the dequantized output. Returns
/// 0, or non-zero after printing the reason on stderr.
int32_t _mlir_ciface_eieSimRunProgram(const EieSimBytes *program,
                                      const EieSimMatrixF32 *input,
                                      EieSimMatrixF32 *output);

#ifdef __cplusplus
}
#endif

#endif /* EIE_SIM_SIMULATORCAPI_H */
