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

#include "eie/Support/NpyFloat32.h"

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
  const char *weights = NULL, *paths[2], *error;
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
  error = eie_npy_read_float32(paths[0], input, in_shape, IN_RANK);
  if (error)
    fail(error, paths[0]);

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
  error = eie_npy_write_float32(paths[1], output, out_shape, OUT_RANK, OUT_SIZE);
  if (error)
    fail(error, paths[1]);
  free(input);
  free(output);
  return 0;
}
