/* A program linking an eie-compile object, compiled as C99 and as C++: calls one function of one
 * float32 input and one float32 output on .npy files.
 *   run_network [WEIGHTS] INPUT.npy OUTPUT.npy
 * Macros: HEADER (the generated header), FUNCTION, MACROS (the prefix of its shape macros,
 * NAME_FUNCTION), and INIT (NAME_init) for an object whose weights are in a file; the program
 * then prints what INIT returned and stops there if it is not 0. */
#include HEADER

#include "eie/Support/NpyFloat32.h"

#include <stdio.h>
#include <stdlib.h>

#define PASTE_(a, b) a##b
#define PASTE(a, b) PASTE_(a, b)
#define IN_RANK PASTE(MACROS, _IN0_RANK)
#define IN_SHAPE PASTE(MACROS, _IN0_SHAPE)
#define IN_SIZE PASTE(MACROS, _IN0_SIZE)
#define OUT_RANK PASTE(MACROS, _OUT0_RANK)
#define OUT_SHAPE PASTE(MACROS, _OUT0_SHAPE)
#define OUT_SIZE PASTE(MACROS, _OUT0_SIZE)

int main(int argc, char **argv) {
  static const long in_shape[] = IN_SHAPE;
  static const long out_shape[] = OUT_SHAPE;
  float *input, *output;
  const char *error;
  int next = 1;
#ifdef INIT
  int status;
  if (argc != 4) {
    fprintf(stderr, "usage: %s WEIGHTS INPUT.npy OUTPUT.npy\n", argv[0]);
    return 2;
  }
  status = INIT(argv[next++]);
  printf("init: %d\n", status);
  if (status != 0)
    return 0;
#else
  if (argc != 3) {
    fprintf(stderr, "usage: %s INPUT.npy OUTPUT.npy\n", argv[0]);
    return 2;
  }
#endif
  input = (float *)malloc(sizeof(float) * IN_SIZE);
  output = (float *)malloc(sizeof(float) * OUT_SIZE);
  if (!input || !output) {
    fprintf(stderr, "out of memory\n");
    return 1;
  }
  error = eie_npy_read_float32(argv[next], input, in_shape, IN_RANK);
  if (error) {
    fprintf(stderr, "%s: %s\n", argv[next], error);
    return 1;
  }
  FUNCTION(input, output);
  error = eie_npy_write_float32(argv[next + 1], output, out_shape, OUT_RANK, OUT_SIZE);
  if (error) {
    fprintf(stderr, "%s: %s\n", argv[next + 1], error);
    return 1;
  }
  free(input);
  free(output);
  return 0;
}
