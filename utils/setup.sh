#!/usr/bin/env bash
# One entry point for users and CI: installs what is missing (Debian packages), configures, builds,
# then runs the example (`utils/setup.sh example`) or the whole test suite (`utils/setup.sh test`).
# Re-running it is cheap: packages already present are not reinstalled and ninja rebuilds only what
# changed.
set -euo pipefail

mode=${1:-example}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${EIE_BUILD_DIR:-$root/build}

packages=(
  cmake ninja-build clang-22 lld-22 libclang-rt-22-dev llvm-22-dev llvm-22-tools libmlir-22-dev
  mlir-22-tools libomp-22-dev libgtest-dev libgmock-dev libbenchmark-dev libopenblas-dev libeigen3-dev
  libdnnl-dev valgrind
  pybind11-dev python3 python3-dev python3-numpy python3-matplotlib
  python3-onnx python3-torch python3-torchvision python3-sklearn
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

"$root/utils/configure.sh" "$build"
cmake --build "$build"

case "$mode" in
  example)
    "$root/examples/run-example.sh" "$build"
    ;;
  test)
    # lit prints its totals as "Passed: N" / "Failed: N"; end with the one-line summary CI reads.
    log="$build/check-eie.log"
    status=0
    cmake --build "$build" --target check-eie 2>&1 | tee "$log" || status=$?
    count() { awk -v key="$1:" '$1 == key { n = $2 } END { print n + 0 }' "$log"; }
    echo "check-eie: $(count Passed) passed, $(count Failed) failed"
    exit "$status"
    ;;
  build)
    ;;
  *)
    echo "usage: utils/setup.sh [example|test|build]" >&2
    exit 2
    ;;
esac
