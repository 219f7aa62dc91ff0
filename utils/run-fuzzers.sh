#!/usr/bin/env bash
# Runs every libFuzzer target of fuzz/ for SECONDS each (default 60), one after the other, on a copy
# of its seed corpus (fuzz/corpus/<target>, never modified: new inputs go to build-fuzz/fuzz/work).
#   utils/run-fuzzers.sh [SECONDS] [TARGET...]
# Configures and builds build-fuzz/ (EIE_ENABLE_FUZZERS) first. Prints, per target, the executions
# and whether it found a crash; crashing inputs land in build-fuzz/fuzz/findings/<target>/ and the
# script exits non-zero. Every input a target takes is bounded (cycle and work limits), and
# -timeout=10 turns a slow input into a finding.
set -euo pipefail

seconds=${1:-60}
shift || true
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${EIE_FUZZ_BUILD_DIR:-$root/build-fuzz}
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz-mlir fuzz-program fuzz-network fuzz-arch fuzz-machine fuzz-npy)

"$root/utils/configure.sh" "$build" -DEIE_ENABLE_FUZZERS=ON
cmake --build "$build" --target "${targets[@]}"

# allow_user_poisoning=0: LLVM's BumpPtrAllocator poisons the slabs it allocates when its inline
# code is compiled with ASan (ours) and unpoisons each allocation, but libMLIR.so, which is not
# instrumented, allocates from such slabs without unpoisoning: a false "use-after-poison" in the
# MLIR parser (valgrind's memcheck finds no error on the same input). Heap errors are still found.
export ASAN_OPTIONS=detect_leaks=0:allow_user_poisoning=0
status=0
for target in "${targets[@]}"; do
  name=${target#fuzz-}
  work="$build/fuzz/work/$name"
  findings="$build/fuzz/findings/$name"
  mkdir -p "$work" "$findings"
  log="$build/fuzz/$name.log"
  result=0
  "$build/fuzz/bin/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 \
    -max_len=65536 -print_final_stats=1 -artifact_prefix="$findings/" "$work" "$root/fuzz/corpus/$name" \
    > "$log" 2>&1 || result=$?
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || true)
  [ -n "$runs" ] || runs=$(grep -o '#[0-9]*' "$log" | tail -1 | tr -d '#')
  if [ "$result" -eq 0 ]; then
    echo "$target: ${runs:-0} executions in ${seconds}s, no finding"
  else
    echo "$target: ${runs:-0} executions, FINDING (exit $result): $(ls "$findings" | head -3 | tr '\n' ' ')see $log"
    status=1
  fi
done
exit "$status"
