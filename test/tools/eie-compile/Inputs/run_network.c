/* A program linking an eie-compile object, compiled as C99 and as C++: calls one function of one
 * float32 input and one float32 output on .npy files.
 *   run_network [WEIGHTS] INPUT.npy OUTPUT.npy
 * Macros: HEADER (the generated header), FUNCTION, MACROS (the prefix of its shape macros,
 * NAME_FUNCTION), and INIT (NAME_init) for an object whose weights are in a file; the program
 * then prints what INIT returned and stops there if it is not 0. */
#include HEADER

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PASTE_(a, b) a##b
#define PASTE(a, b) PASTE_(a, b)
#define IN_SIZE PASTE(MACROS, _IN0_SIZE)
#define OUT_RANK PASTE(MACROS, _OUT0_RANK)
#define OUT_SHAPE PASTE(MACROS, _OUT0_SHAPE)
#define OUT_SIZE PASTE(MACROS, _OUT0_SIZE)

/* Reads the data of a little-endian float32 .npy file (format 1.0 or 2.0) of `size` elements. */
static int read_npy(const char *path, float *data, long size) {
  unsigned char prefix[12];
  unsigned long header_size;
  size_t prefix_size;
  int ok;
  FILE *file = fopen(path, "rb");
  if (!file)
    return 0;
  if (fread(prefix, 1, 12, file) != 12 || memcmp(prefix, "\x93NUMPY", 6) != 0) {
    fclose(file);
    return 0;
  }
  if (prefix[6] == 1) {
    header_size = prefix[8] | (unsigned long)prefix[9] << 8;
    prefix_size = 10;
  } else {
    header_size = prefix[8] | (unsigned long)prefix[9] << 8 | (unsigned long)prefix[10] << 16 |
                  (unsigned long)prefix[11] << 24;
    prefix_size = 12;
  }
  ok = fseek(file, (long)(prefix_size + header_size), SEEK_SET) == 0 &&
       fread(data, sizeof(float), (size_t)size, file) == (size_t)size && fgetc(file) == EOF;
  fclose(file);
  return ok;
}

/* Writes a float32 .npy file (format 1.0) of the given shape. */
static int write_npy(const char *path, const float *data, const long *shape, int rank,
                     long size) {
  char header[256];
  int length, i, ok;
  FILE *file;
  length = sprintf(header, "{'descr': '<f4', 'fortran_order': False, 'shape': (");
  for (i = 0; i < rank; ++i)
    length += sprintf(header + length, "%ld,%s", shape[i], i + 1 < rank ? " " : "");
  length += sprintf(header + length, "), }");
  /* Pad with spaces and a newline so that the data starts at a multiple of 64 bytes. */
  while ((10 + length + 1) % 64 != 0)
    header[length++] = ' ';
  header[length++] = '\n';
  file = fopen(path, "wb");
  if (!file)
    return 0;
  ok = fwrite("\x93NUMPY\x01\x00", 1, 8, file) == 8 && fputc(length & 0xff, file) != EOF &&
       fputc(length >> 8, file) != EOF && fwrite(header, 1, (size_t)length, file) == (size_t)length &&
       fwrite(data, sizeof(float), (size_t)size, file) == (size_t)size;
  return fclose(file) == 0 && ok;
}

int main(int argc, char **argv) {
  static const long out_shape[] = OUT_SHAPE;
  float *input, *output;
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
  if (!input || !output || !read_npy(argv[next], input, IN_SIZE)) {
    fprintf(stderr, "cannot read %s\n", argv[next]);
    return 1;
  }
  FUNCTION(input, output);
  if (!write_npy(argv[next + 1], output, out_shape, OUT_RANK, OUT_SIZE)) {
    fprintf(stderr, "cannot write %s\n", argv[next + 1]);
    return 1;
  }
  free(input);
  free(output);
  return 0;
}
