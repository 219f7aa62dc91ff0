"""Independent NumPy reference of a chain of eie.sparse_fc layers.

Reads an MLIR text module whose function applies eie.sparse_fc layers one after the other (the
output of --eie-encode), decodes each #eie.compressed_matrix from its dense_resource blobs following
docs/CompressedFormat.md, and computes the layers on an input .npy in the float or the fixed mode
of docs/NUMERICS.md. Shares no code with the C++ implementation.
"""
import argparse
import re
import sys

import numpy as np


def fail(message):
    sys.exit("eie_reference.py: error: " + message)


def read_blobs(text):
    """Resource key -> bytes (without the 4-byte alignment prefix)."""
    blobs = {}
    for key, data in re.findall(r'^\s*([\w.$-]+): "0x([0-9A-Fa-f]*)"', text, re.M):
        blobs[key] = bytes.fromhex(data)[4:]
    return blobs


MATRIX = re.compile(
    r"rows = (\d+), cols = (\d+), pes = (\d+), bits = (\d+), "
    r"codebook = array<f32: ([^>]*)>, fixed_codebook = array<i16: ([^>]*)>, "
    r"frac_bits = (\d+), entries = dense_resource<([^>]+)> : tensor<\d+xi8>, "
    r"col_ptrs = dense_resource<([^>]+)> : tensor<\d+xi32>>")
LAYER = re.compile(
    r"(%\S+) = eie.sparse_fc (%\S+)(?: bias\((%\S+) : tensor<\d+xf32>\))? \{(.*)\} : ")


def decode_codes(rows, cols, pes, bits, entries, col_ptrs):
    """The rows x cols code matrix of an EIE-format matrix."""
    codes = np.zeros((rows, cols), dtype=np.int64)
    entry_size = 1 if bits <= 4 else 2
    pointers = np.frombuffer(col_ptrs, dtype="<u4").reshape(pes, cols + 1)
    start = 0
    for pe in range(pes):
        for j in range(cols):
            local = -1
            for k in range(pointers[pe][j], pointers[pe][j + 1]):
                at = start + k * entry_size
                if entry_size == 1:
                    v, z = entries[at] & 15, entries[at] >> 4
                else:
                    v, z = entries[at], entries[at + 1] >> 4
                local += z + 1
                if v != 0:
                    codes[local * pes + pe][j] = v
        start += int(pointers[pe][cols]) * entry_size
    return codes


def quantize(x, frac):
    """Round half away from zero, saturate to int16, NaN to 0."""
    scaled = np.asarray(x, dtype=np.float64) * 2.0 ** frac
    rounded = np.sign(scaled) * np.floor(np.abs(scaled) + 0.5)
    rounded = np.nan_to_num(rounded, nan=0.0)
    return np.clip(rounded, -32768, 32767).astype(np.int64)


def run_layer(layer, x, mode):
    codes, codebook, fixed, fw, bias, relu, fa, fo = layer
    if mode == "float":
        w = codebook[codes].astype(np.float64)
        y = x.astype(np.float64) @ w.T
        if bias is not None:
            y += bias
        return np.maximum(y, 0) if relu else y
    shift = fa + fw - fo
    acc = quantize(x, fa) @ fixed[codes].T
    if bias is not None:
        acc += quantize(bias, fo) << shift
    if shift > 0:
        acc = (acc + (1 << (shift - 1))) >> shift
    if relu:
        acc = np.maximum(acc, 0)
    return np.clip(acc, -32768, 32767).astype(np.float64) / 2.0 ** fo


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("module")
    parser.add_argument("--input", required=True)
    parser.add_argument("--mode", choices=["float", "fixed"], required=True)
    parser.add_argument("-o", "--output", required=True)
    args = parser.parse_args()

    text = open(args.module).read()
    blobs = read_blobs(text)
    values = {"%arg0": np.load(args.input)}
    for name, key in re.findall(r"(%\S+) = arith.constant dense_resource<([^>]+)> : tensor<\d+xf32>", text):
        values[name] = np.frombuffer(blobs[key], dtype="<f4").astype(np.float64)
    layers = 0
    for result, operand, bias, attrs in LAYER.findall(text):
        matrix = MATRIX.search(attrs)
        if not matrix:
            fail("cannot read the matrix of " + result)
        rows, cols, pes, bits = (int(matrix.group(i)) for i in range(1, 5))
        codebook = np.array([float(v) for v in matrix.group(5).split(",")])
        fixed = np.array([int(v) for v in matrix.group(6).split(",")], dtype=np.int64)
        codes = decode_codes(rows, cols, pes, bits, blobs[matrix.group(8)], blobs[matrix.group(9)])
        fa = re.search(r"act_frac = (\d+)", attrs)
        fo = re.search(r"out_frac = (\d+)", attrs)
        relu = re.search(r"(^|, )relu(,|$)", attrs) is not None
        layer = (codes, codebook, fixed, int(matrix.group(7)), values[bias] if bias else None,
                 relu, int(fa.group(1)) if fa else 0, int(fo.group(1)) if fo else 0)
        values[result] = run_layer(layer, values[operand], args.mode)
        layers += 1
    returned = re.search(r"return (%\S+) :", text)
    if not layers or not returned:
        fail(args.module + " holds no chain of eie.sparse_fc layers")
    np.save(args.output, values[returned.group(1)].astype(np.float32))


if __name__ == "__main__":
    main()
