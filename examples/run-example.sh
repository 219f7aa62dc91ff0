#!/usr/bin/env bash
# The main job (`utils/setup.sh example`), in two parts:
# 1. the compiler on a big network: AlexNet (examples/networks/alexnet.json) with deterministic
#    random weights is written as a cnn module, compiled to x86 through --eie-x86-pipeline (the
#    model's optimal blockings as tiled, vectorized code), run on a random input and checked
#    against the independent NumPy reference;
# 2. Deep Compression on networks that were really trained (examples/deep-compression-demo.py,
#    docs/DeepCompressionDemo.md): an MLP and a CNN learn the bundled 8x8 digits, are pruned and
#    shared with retraining, compiled for x86 and EIE, and run on the test split; it prints the
#    table, writes summary.json and the pictures, and ends with summary.json's path.
set -euo pipefail

build=${1:?usage: run-example.sh <build dir>}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
network=${EIE_EXAMPLE_NETWORK:-alexnet}
work="$build/example/$network"
mkdir -p "$work"

if ! ls "$build"/python_packages/eie/_eie*.so > /dev/null 2>&1; then
  echo "run-example.sh: the eie Python package is not built in $build/python_packages" \
       "(it needs pybind11-dev and python3-dev; utils/setup.sh installs them)" >&2
  exit 1
fi

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
echo

PYTHONPATH="$build/python_packages${PYTHONPATH:+:$PYTHONPATH}" \
  /usr/bin/python3 "$root/examples/deep-compression-demo.py" -o "$build/example/deep-compression"
