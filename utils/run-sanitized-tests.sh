#!/usr/bin/env bash
# Builds everything with AddressSanitizer + UndefinedBehaviorSanitizer (EIE_ENABLE_SANITIZERS) into
# build-asan/ and runs the test suite under it.
#   utils/run-sanitized-tests.sh          the whole suite (lit + GoogleTest): check-eie
#   utils/run-sanitized-tests.sh fast     the MLIR-free cores' unit tests only (readers, model,
#                                         format, ISA, simulator): a few minutes, run by .ci/run
# The first build takes 30+ minutes on 2 cores; later runs rebuild what changed.
set -euo pipefail

mode=${1:-full}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${EIE_ASAN_BUILD_DIR:-$root/build-asan}

"$root/utils/configure.sh" "$build" -DEIE_ENABLE_SANITIZERS=ON

# libMLIR.so and libLLVM.so are not instrumented and keep global state alive at exit: leaks are
# not reported; every other finding aborts the test that caused it. allow_user_poisoning=0: our
# instrumented inline code of LLVM's BumpPtrAllocator poisons the slabs that the uninstrumented
# libMLIR.so then allocates from without unpoisoning, a false use-after-poison in the MLIR parser
# (utils/run-fuzzers.sh says more). Heap errors are still found.
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1:allow_user_poisoning=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

case "$mode" in
  full)
    cmake --build "$build" --target check-eie
    ;;
  fast)
    cores=(SupportTests NetworkTests BlockingTests FormatTests ISATests SimTests RuntimeTests)
    cmake --build "$build" --target "${cores[@]}"
    # The optimizer-against-brute-force comparisons take minutes under ASan: full mode runs them.
    for t in "${cores[@]}"; do
      "$build/unittests/bin/$t" --gtest_brief=1 --gtest_filter=-BlockingOptimizer.EqualsExhaustive*
    done
    ;;
  *)
    echo "usage: utils/run-sanitized-tests.sh [full|fast]" >&2
    exit 2
    ;;
esac
