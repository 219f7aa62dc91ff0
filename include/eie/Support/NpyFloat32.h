/*===- NpyFloat32.h - float32 .npy files from C, header only -----*- C -*-===*
 *
 * Reads and writes C-ordered little-endian float32 .npy files (read: format
 * 1.0 to 3.0; write: 1.0) for the C programs that link eie-compile objects
 * (bench/network/driver.c, the eie-compile tests' run_network.c): C99 and
 * C++, no library, no allocation the caller must free. Npy.h is the C++
 * reader and writer of every dtype the tools take.
 *
 * Each function returns NULL on success, else what is wrong ("cannot open",
 * "not a .npy file", ...), for the caller to print with the path.
 *
 *===----------------------------------------------------------------------===*/

#ifndef EIE_SUPPORT_NPYFLOAT32_H
#define EIE_SUPPORT_NPYFLOAT32_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The shape tuple of a .npy header, "(8, 3, 227, 227)": parses it into
 * `shape` and returns the rank, or -1. */
static inline int eie_npy_parse_shape(const char *text, long *shape,
                                      int capacity) {
  int rank = 0;
  const char *p = strchr(text, '(');
  if (!p)
    return -1;
  ++p;
  for (;;) {
    char *end;
    long value;
    while (*p == ' ' || *p == ',')
      ++p;
    if (*p == ')')
      return rank;
    errno = 0;
    value = strtol(p, &end, 10);
    if (end == p || errno != 0 || value < 0 || rank == capacity)
      return -1;
    shape[rank++] = value;
    p = end;
  }
}

/* Reads the file at `path`, whose shape must be `expected` (`rank`
 * dimensions), into `data`. */
static inline const char *eie_npy_read_float32(const char *path, float *data,
                                               const long *expected,
                                               int rank) {
  unsigned char prefix[12];
  unsigned long header_size;
  size_t prefix_size;
  long shape[16], size = 1;
  char *header;
  const char *error = NULL;
  int i;
  FILE *file = fopen(path, "rb");
  if (!file)
    return "cannot open";
  if (fread(prefix, 1, 12, file) != 12 || memcmp(prefix, "\x93NUMPY", 6) != 0) {
    fclose(file);
    return "not a .npy file";
  }
  if (prefix[6] == 1) {
    header_size = prefix[8] | (unsigned long)prefix[9] << 8;
    prefix_size = 10;
  } else {
    header_size = prefix[8] | (unsigned long)prefix[9] << 8 |
                  (unsigned long)prefix[10] << 16 |
                  (unsigned long)prefix[11] << 24;
    prefix_size = 12;
  }
  header = (char *)malloc(header_size + 1);
  if (!header || fseek(file, (long)prefix_size, SEEK_SET) != 0 ||
      fread(header, 1, header_size, file) != header_size) {
    error = "truncated .npy header";
  } else {
    header[header_size] = '\0';
    if (!strstr(header, "'descr': '<f4'") ||
        !strstr(header, "'fortran_order': False"))
      error = "not a C-order little-endian float32 .npy file";
    else if (eie_npy_parse_shape(strstr(header, "'shape':")
                                     ? strstr(header, "'shape':")
                                     : "",
                                 shape, 16) != rank)
      error = "the array's rank is not the expected one";
    for (i = 0; !error && i < rank; ++i) {
      if (shape[i] != expected[i])
        error = "the array's shape is not the expected one";
      size *= shape[i];
    }
  }
  free(header);
  if (!error &&
      (fread(data, sizeof(float), (size_t)size, file) != (size_t)size ||
       fgetc(file) != EOF))
    error = "the .npy data is not exactly the array's size";
  fclose(file);
  return error;
}

/* Writes `size` floats of the given shape to `path` (format 1.0). */
static inline const char *eie_npy_write_float32(const char *path,
                                                const float *data,
                                                const long *shape, int rank,
                                                long size) {
  char header[256];
  int length, i, ok;
  FILE *file;
  length = sprintf(header, "{'descr': '<f4', 'fortran_order': False, 'shape': (");
  for (i = 0; i < rank; ++i)
    length += sprintf(header + length, "%ld,%s", shape[i], i + 1 < rank ? " " : "");
  length += sprintf(header + length, "), }");
  /* Spaces and a newline, so that the data starts at a multiple of 64 bytes. */
  while ((10 + length + 1) % 64 != 0)
    header[length++] = ' ';
  header[length++] = '\n';
  file = fopen(path, "wb");
  if (!file)
    return "cannot create";
  ok = fwrite("\x93NUMPY\x01\x00", 1, 8, file) == 8 &&
       fputc(length & 0xff, file) != EOF && fputc(length >> 8, file) != EOF &&
       fwrite(header, 1, (size_t)length, file) == (size_t)length &&
       fwrite(data, sizeof(float), (size_t)size, file) == (size_t)size;
  if (fclose(file) != 0 || !ok)
    return "cannot write";
  return NULL;
}

#endif /* EIE_SUPPORT_NPYFLOAT32_H */
