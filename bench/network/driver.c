/* The timing program of bench/network (network_bench.py): links one eie-compile object of a
 * network whose function takes one float32 tensor and returns one, reads the input .npy, loads
 * the weights file if the object has one, calls the function once (the warm-up: page faults,
 * and the compressed layers build their matrices on their first call), times more calls, and
 * writes the last call's output as .npy.
 *
 *   driver [--weights NAME.weights] [--repeat N] INPUT.npy OUTPUT.npy
 *     times N calls (default 3) after the warm-up and prints
 *       first_ms <the warm-up call's time>
 *       best_ms <the best of the N calls>
 *   driver [--weights NAME.weights] --serve INPUT.npy OUTPUT.npy
 *     prints "ready <the warm-up call's time>", then for each line N read from stdin times N
 *     calls and prints "best_ms <the best of them>"; at the end of stdin (or a line "quit")
 *     writes the output and exits. network_bench.py times its rounds this way, alternating
 *     with PyTorch.
 *
 * Times are in milliseconds, CLOCK_MONOTONIC around each call. Macros (network_bench.py sets
 * them): HEADER (the generated header, a string), FUNCTION (the function's C name), MACROS (the
 * prefix of its shape macros, NAME_FUNCTION), and INIT (NAME_init) when the object's weights are
 * in a file. Errors are one line on stderr, "driver: error: ...", exit code 1.
 *
 * The allocator is set as eie-run sets it (docs/X86CodeGeneration.md): the compiled code
 * allocates its intermediate buffers per call, and glibc would otherwise map and unmap each large
 * one every call. */
#define _POSIX_C_SOURCE 200112L
#include HEADER

#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PASTE_(a, b) a##b
#define PASTE(a, b) PASTE_(a, b)
#define IN_RANK PASTE(MACROS, _IN0_RANK)
#define IN_SHAPE PASTE(MACROS, _IN0_SHAPE)
#define IN_SIZE PASTE(MACROS, _IN0_SIZE)
#define OUT_RANK PASTE(MACROS, _OUT0_RANK)
#define OUT_SHAPE PASTE(MACROS, _OUT0_SHAPE)
#define OUT_SIZE PASTE(MACROS, _OUT0_SIZE)

static void fail(const char *what, const char *detail) {
  fprintf(stderr, "driver: error: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
  exit(1);
}

/* The shape tuple of a .npy header, "(8, 3, 227, 227)": parses it into `shape` and returns the
 * rank, or -1. */
static int parse_shape(const char *text, long *shape, int capacity) {
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

/* Reads a C-order little-endian float32 .npy file (format 1.0 to 3.0) whose shape must be
 * `expected` (of `rank` dims) into `data`; fails with the reason. */
static void read_npy(const char *path, float *data, const long *expected, int rank) {
  unsigned char prefix[12];
  unsigned long header_size;
  size_t prefix_size;
  long shape[16], size = 1;
  char *header;
  int i, got;
  FILE *file = fopen(path, "rb");
  if (!file)
    fail("cannot open", path);
  if (fread(prefix, 1, 12, file) != 12 || memcmp(prefix, "\x93NUMPY", 6) != 0)
    fail("not a .npy file", path);
  if (prefix[6] == 1) {
    header_size = prefix[8] | (unsigned long)prefix[9] << 8;
    prefix_size = 10;
  } else {
    header_size = prefix[8] | (unsigned long)prefix[9] << 8 | (unsigned long)prefix[10] << 16 |
                  (unsigned long)prefix[11] << 24;
    prefix_size = 12;
  }
  header = (char *)malloc(header_size + 1);
  if (!header || fseek(file, (long)prefix_size, SEEK_SET) != 0 ||
      fread(header, 1, header_size, file) != header_size)
    fail("truncated .npy header", path);
  header[header_size] = '\0';
  if (!strstr(header, "'descr': '<f4'") || !strstr(header, "'fortran_order': False"))
    fail("not a C-order little-endian float32 .npy file", path);
  got = parse_shape(strstr(header, "'shape':") ? strstr(header, "'shape':") : "", shape, 16);
  if (got != rank)
    fail("the input's rank is not the function's", path);
  for (i = 0; i < rank; ++i) {
    if (shape[i] != expected[i])
      fail("the input's shape is not the function's", path);
    size *= shape[i];
  }
  free(header);
  if (fread(data, sizeof(float), (size_t)size, file) != (size_t)size || fgetc(file) != EOF)
    fail("the .npy data is not exactly the input's size", path);
  fclose(file);
}

/* Writes a float32 .npy file (format 1.0) of the given shape. */
static void write_npy(const char *path, const float *data, const long *shape, int rank,
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
    fail("cannot create", path);
  ok = fwrite("\x93NUMPY\x01\x00", 1, 8, file) == 8 && fputc(length & 0xff, file) != EOF &&
       fputc(length >> 8, file) != EOF &&
       fwrite(header, 1, (size_t)length, file) == (size_t)length &&
       fwrite(data, sizeof(float), (size_t)size, file) == (size_t)size;
  if (fclose(file) != 0 || !ok)
    fail("cannot write", path);
}

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec * 1e-6;
}

static void *allocate(long count) {
  void *p = NULL;
  if (posix_memalign(&p, 64, sizeof(float) * (size_t)count) != 0)
    fail("out of memory", NULL);
  return p;
}

/* The best time of `count` calls. */
static double best_of(long count, const float *input, float *output) {
  double best = -1;
  long i;
  for (i = 0; i < count; ++i) {
    double start = now_ms(), t;
    FUNCTION(input, output);
    t = now_ms() - start;
    if (best < 0 || t < best)
      best = t;
  }
  return best;
}

static long parse_count(const char *text) {
  char *end;
  long count = strtol(text, &end, 10);
  while (*end == '\n' || *end == '\r' || *end == ' ')
    ++end;
  if (end == text || *end != '\0' || count < 1)
    fail("expected a positive number of calls, got", text);
  return count;
}

int main(int argc, char **argv) {
  static const long in_shape[] = IN_SHAPE;
  static const long out_shape[] = OUT_SHAPE;
  static const char usage[] =
      "usage: driver [--weights NAME.weights] [--repeat N | --serve] INPUT.npy OUTPUT.npy";
  const char *weights = NULL, *paths[2];
  long repeat = 3;
  int i, npaths = 0, serve = 0;
  float *input, *output;
  double start, first;

  for (i = 1; i < argc; ++i) {
    if (strcmp(argv[i], "--weights") == 0 && i + 1 < argc)
      weights = argv[++i];
    else if (strcmp(argv[i], "--repeat") == 0 && i + 1 < argc)
      repeat = parse_count(argv[++i]);
    else if (strcmp(argv[i], "--serve") == 0)
      serve = 1;
    else if (npaths < 2 && argv[i][0] != '-')
      paths[npaths++] = argv[i];
    else
      fail(usage, NULL);
  }
  if (npaths != 2)
    fail(usage, NULL);

  mallopt(M_MMAP_MAX, 0);
  mallopt(M_TRIM_THRESHOLD, -1);

#ifdef INIT
  if (!weights)
    fail("the object's weights are in a file: give --weights NAME.weights", NULL);
  {
    int status = INIT(weights);
    if (status != 0) {
      char code[16];
      sprintf(code, "%d", status);
      fail("loading the weights failed with code", code);
    }
  }
#else
  if (weights)
    fail("the object has its weights inside: no --weights", NULL);
#endif

  input = (float *)allocate(IN_SIZE);
  output = (float *)allocate(OUT_SIZE);
  read_npy(paths[0], input, in_shape, IN_RANK);

  start = now_ms();
  FUNCTION(input, output);
  first = now_ms() - start;
  if (serve) {
    char line[64];
    printf("ready %.3f\n", first);
    fflush(stdout);
    while (fgets(line, sizeof line, stdin) && strncmp(line, "quit", 4) != 0) {
      printf("best_ms %.3f\n", best_of(parse_count(line), input, output));
      fflush(stdout);
    }
  } else {
    printf("first_ms %.3f\nbest_ms %.3f\n", first, best_of(repeat, input, output));
  }
  write_npy(paths[1], output, out_shape, OUT_RANK, OUT_SIZE);
  free(input);
  free(output);
  return 0;
}
