#!/usr/bin/env bash
# VGG-16 compiled ahead of time (docs/AOT.md), too large and slow for CI (553 MB of weights, about a
# minute of compilation and 2-3 GB of memory): the weights go to vgg16.weights, a C program loads
# them with vgg16_init and must reproduce eie-run's output bit for bit; a missing, truncated or
# foreign weights file must be rejected with vgg16_init's error codes.
#   utils/check-aot-vgg16.sh BUILD_DIR
set -euo pipefail

build=${1:?usage: check-aot-vgg16.sh BUILD_DIR}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work="$build/aot-vgg16"
rm -rf "$work" && mkdir -p "$work"
program="$root/test/tools/eie-compile/Inputs/run_network.c"

echo "== VGG-16 module and input"
"$build/bin/eie-netgen" "$root/examples/networks/vgg16.json" --emit-bytecode \
  --dump-input "$work/x.npy" -o "$work/net.mlirbc"
echo "== eie-compile"
"$build/bin/eie-compile" "$work/net.mlirbc" -o "$work/vgg16" | tee "$work/compile.txt"
[ -f "$work/vgg16.weights" ] || { echo "no weights file was written" >&2; exit 1; }
tail -n 1 "$work/compile.txt" | cut -d ' ' -f 2- | xargs cc -std=c99 -O2 -Wall -Werror \
  -I"$work" -DHEADER='"vgg16.h"' -DINIT=vgg16_init -DFUNCTION=forward -DMACROS=VGG16_FORWARD \
  -I"$root/include" "$program" -o "$work/run"
if ldd "$work/run" | grep -E 'MLIR|LLVM|EIE|mlir'; then
  echo "the program loads a library of ours, MLIR's or LLVM's" >&2
  exit 1
fi
echo "== running the program and eie-run"
"$work/run" "$work/vgg16.weights" "$work/x.npy" "$work/y.npy" | grep -x 'init: 0'
"$build/bin/eie-run" "$work/net.mlirbc" -e forward --pipeline=eie-x86-pipeline \
  --input "$work/x.npy" --output "$work/y-jit.npy"
/usr/bin/python3 "$root/utils/same_bits.py" "$work/y-jit.npy" "$work/y.npy"

echo "== rejected weights files"
expect_init() {
  "$work/run" "$1" "$work/x.npy" "$work/y.npy" | grep -x "init: $2" ||
    { echo "vgg16_init($1) did not return $2" >&2; exit 1; }
}
expect_init "$work/missing.weights" 1
expect_init "$work/x.npy" 2
head -c -1 "$work/vgg16.weights" > "$work/truncated.weights"
expect_init "$work/truncated.weights" 4
# Another identity in the header (test/tools/eie-compile/weights-file.test uses real weights of
# another network; compiling VGG-16 twice would double the time).
cp "$work/vgg16.weights" "$work/other.weights"
/usr/bin/python3 -c "
import sys
with open(sys.argv[1], 'r+b') as f:
    f.seek(8); byte = f.read(1)[0]; f.seek(8); f.write(bytes([byte ^ 1]))" "$work/other.weights"
expect_init "$work/other.weights" 3
echo "== VGG-16 AOT: ok"
rm -rf "$work"
