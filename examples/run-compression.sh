#!/usr/bin/env bash
# The compression walk-through on a whole network (docs/Compression.md, "The whole network"):
# Deep Compression's pruning and weight sharing (conv 8 bits, FC 4 bits), the FC layers encoded in
# EIE's format and outlined for the EIE machine (--eie-partition), then the whole network run twice
# with eie-run: the accelerator part on the x86 fixed-point kernel and on the cycle-level
# simulator, whose outputs must agree bit for bit. The accelerator part's instruction stream is
# written too (eie-translate).
set -euo pipefail

build=${1:?usage: run-compression.sh <build dir> [alexnet|vgg16] [work dir]}
network=${2:-alexnet}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=${3:-$build/example/$network-eie}
bin="$build/bin"

# Deep Compression's densities (Han et al., ICLR 2016, Tables 4 and 5).
case "$network" in
  alexnet)
    densities="conv1:0.84,conv2:0.38,conv3:0.35,conv4:0.37,conv5:0.37,fc6:0.09,fc7:0.09,fc8:0.25" ;;
  vgg16)
    densities="conv1_1:0.58,conv1_2:0.22,conv2_1:0.34,conv2_2:0.36,conv3_1:0.53,conv3_2:0.24"
    densities+=",conv3_3:0.42,conv4_1:0.32,conv4_2:0.27,conv4_3:0.34,conv5_1:0.35,conv5_2:0.29"
    densities+=",conv5_3:0.36,fc6:0.04,fc7:0.04,fc8:0.23" ;;
  *)
    echo "run-compression.sh: unknown network '$network', expected alexnet or vgg16" >&2
    exit 1 ;;
esac
mkdir -p "$work"

echo "== $network: writing the cnn module ($work/net.mlirbc)"
"$bin/eie-netgen" "$root/examples/networks/$network.json" --emit-bytecode \
  --dump-input "$work/input.npy" -o "$work/net.mlirbc"

echo "== pruning, weight sharing, EIE encoding, partitioning (remarks in $work/compress.log)"
"$bin/eie-opt" "$work/net.mlirbc" --eie-prune="layer-density=$densities" --eie-share-weights \
  --eie-encode="pes=64 act-frac=10" --eie-partition --eie-compression-report \
  --emit-bytecode -o "$work/eie.mlirbc" 2> "$work/compress.log"
grep -E "shared layer|run on the EIE machine" "$work/compress.log" | sed 's/.*remark: //; s/^loc([^)]*): //'

echo "== the accelerator part as an EIE instruction stream ($work/net.eie)"
"$bin/eie-opt" "$work/eie.mlirbc" --convert-eie-to-machine --emit-bytecode \
  | "$bin/eie-translate" --mlir-to-eie -o "$work/net.eie"
echo "$(wc -c < "$work/net.eie") bytes"

echo "== running the network, accelerator part on the x86 fixed-point kernel"
"$bin/eie-run" "$work/eie.mlirbc" -e forward --pipeline="eie-sparse-to-llvm{mode=fixed}" \
  --input "$work/input.npy" --output "$work/x86.npy" --print-timing
echo "== running the network, accelerator part on the EIE simulator"
"$bin/eie-run" "$work/eie.mlirbc" -e forward \
  --pipeline="eie-sparse-to-llvm{mode=fixed accelerator=simulator}" \
  --input "$work/input.npy" --output "$work/sim.npy" --print-timing

echo "== simulator against x86"
/usr/bin/python3 "$root/utils/same_bits.py" "$work/sim.npy" "$work/x86.npy"
