#!/usr/bin/env bash
# Configures a build directory with the toolchain every script of utils/ uses (shared/TOOLCHAIN.md),
# unless it is configured already:  utils/configure.sh BUILD_DIR [CMAKE_ARGS...]
# (utils/setup.sh: build/; utils/run-sanitized-tests.sh: -DEIE_ENABLE_SANITIZERS=ON;
# utils/run-fuzzers.sh: -DEIE_ENABLE_FUZZERS=ON).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:?usage: utils/configure.sh BUILD_DIR [CMAKE_ARGS...]}
shift
[ -f "$build/build.ninja" ] && exit 0
exec cmake -G Ninja -S "$root" -B "$build" \
  -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
  -DLLVM_USE_LINKER=lld \
  -DMLIR_DIR=/usr/lib/llvm-22/lib/cmake/mlir \
  -DLLVM_EXTERNAL_LIT=/usr/lib/llvm-22/bin/lit \
  -DPython3_EXECUTABLE=/usr/bin/python3 \
  "$@"
