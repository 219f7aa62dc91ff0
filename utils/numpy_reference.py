#!/usr/bin/env python3
"""An independent NumPy reference for the networks of examples/networks/.

Reads a network description (the JSON that eie-netgen reads), the weights eie-netgen wrote with
--dump-weights and an input .npy, and computes the network's output in float64 with plain NumPy
(sliding windows and tensordot), sharing no code with the compiler. End-to-end tests compare the
compiled network's output with this one.

    numpy_reference.py examples/networks/alexnet.json --weights DIR --input x.npy -o ref.npy
"""

import argparse
import json
import os
import sys

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def windows(x, kernel, stride, dilation=(1, 1)):
    """(N, C, OH, OW, KH, KW) windows of an NCHW array, with strides and dilations."""
    span = [(k - 1) * d + 1 for k, d in zip(kernel, dilation)]
    view = sliding_window_view(x, span, axis=(2, 3))
    return view[:, :, :: stride[0], :: stride[1], :: dilation[0], :: dilation[1]]


def pad_spatial(x, padding, value):
    top, left, bottom, right = padding
    return np.pad(x, ((0, 0), (0, 0), (top, bottom), (left, right)), constant_values=value)


def conv2d(x, layer, w, b):
    groups = layer.get("groups", 1)
    x = pad_spatial(x, layer.get("padding", [0, 0, 0, 0]), 0.0)
    win = windows(x, layer["kernel"], layer.get("stride", [1, 1]), layer.get("dilation", [1, 1]))
    cin = x.shape[1] // groups
    kout = w.shape[0] // groups
    outs = []
    for g in range(groups):
        part = win[:, g * cin:(g + 1) * cin]
        # (N, C, OH, OW, R, S) x (K, C, R, S) -> (N, OH, OW, K)
        y = np.tensordot(part, w[g * kout:(g + 1) * kout], axes=([1, 4, 5], [1, 2, 3]))
        outs.append(y.transpose(0, 3, 1, 2))
    y = np.concatenate(outs, axis=1)
    if b is not None:
        y = y + b[None, :, None, None]
    return y


def pool(x, layer, reduce_max):
    kernel = layer["kernel"]
    stride = layer.get("stride", kernel)
    padding = layer.get("padding", [0, 0, 0, 0])
    if reduce_max:
        return windows(pad_spatial(x, padding, -np.inf), kernel, stride).max(axis=(4, 5))
    sums = windows(pad_spatial(x, padding, 0.0), kernel, stride).sum(axis=(4, 5))
    if layer.get("count_include_pad", False):
        return sums / (kernel[0] * kernel[1])
    ones = pad_spatial(np.ones((1, 1) + x.shape[2:]), padding, 0.0)
    counts = windows(ones, kernel, stride).sum(axis=(4, 5))
    return sums / counts


def lrn(x, layer):
    size = layer.get("size", 5)
    alpha, beta, k = layer.get("alpha", 1e-4), layer.get("beta", 0.75), layer.get("k", 1.0)
    half = size // 2
    squares = np.pad(x * x, ((0, 0), (half, half), (0, 0), (0, 0)))
    sums = sum(squares[:, j:j + x.shape[1]] for j in range(size))
    return x / (k + alpha / size * sums) ** beta


def softmax(x, axis):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def run(network, weights_dir, x):
    for index, layer in enumerate(network["layers"]):
        kind = layer["type"]
        name = layer.get("name", "%s%d" % (kind, index))

        def load(part):
            path = os.path.join(weights_dir, "%s.%s.npy" % (name, part))
            return np.load(path).astype(np.float64) if os.path.exists(path) else None

        if kind == "conv2d":
            x = conv2d(x, layer, load("weight"), load("bias"))
        elif kind == "fc":
            w, b = load("weight"), load("bias")
            x = x @ w.T + (b if b is not None else 0.0)
        elif kind == "relu":
            x = np.maximum(x, 0.0)
        elif kind == "max_pool2d":
            x = pool(x, layer, True)
        elif kind == "avg_pool2d":
            x = pool(x, layer, False)
        elif kind == "lrn":
            x = lrn(x, layer)
        elif kind == "flatten":
            x = x.reshape(x.shape[0], -1)
        elif kind == "softmax":
            x = softmax(x, x.ndim - 1)
        else:
            sys.exit("numpy_reference.py: unknown layer type '%s'" % kind)
    return x


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("network", help="network description (.json)")
    parser.add_argument("--weights", required=True, help="directory of <layer>.weight.npy files")
    parser.add_argument("--input", required=True, help="input .npy")
    parser.add_argument("-o", "--output", required=True, help="output .npy (float32)")
    args = parser.parse_args()
    with open(args.network) as f:
        network = json.load(f)
    x = np.load(args.input).astype(np.float64)
    y = run(network, args.weights, x)
    np.save(args.output, y.astype(np.float32))


if __name__ == "__main__":
    main()
