#!/usr/bin/env bash
# The main job on a bundled example: AlexNet (examples/networks/alexnet.json) with deterministic
# random weights is written as a cnn module, compiled to x86 through --eie-x86-pipeline (the
# model's optimal blockings as tiled, vectorized code), run on a random input, and checked against
# the independent NumPy reference.
set -euo pipefail

build=${1:?usage: run-example.sh <build dir>}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
network=${EIE_EXAMPLE_NETWORK:-alexnet}
work="$build/example/$network"
mkdir -p "$work"

echo "== $network: writing the cnn module ($work/$network.mlirbc) and its weights"
"$build/bin/eie-netgen" "$root/examples/networks/$network.json" --emit-bytecode \
  --dump-weights "$work/weights" --dump-input "$work/input.npy" -o "$work/$network.mlirbc"
echo "== NumPy reference"
/usr/bin/python3 "$root/utils/numpy_reference.py" "$root/examples/networks/$network.json" \
  --weights "$work/weights" --input "$work/input.npy" -o "$work/reference.npy"
echo "== compiling to x86 (--eie-x86-pipeline: blockings for this CPU, tiled and vectorized) and running"
"$build/bin/eie-run" "$work/$network.mlirbc" -e forward --pipeline=eie-x86-pipeline \
  --input "$work/input.npy" \
  --output "$work/output.npy" --compare-to "$work/reference.npy" --rtol 1e-4 --atol 1e-6 \
  --repeat 3 --print-timing
echo "== output: $work/output.npy"
