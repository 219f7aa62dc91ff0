# ONNX graphs built with onnx.helper, imported and compiled for x86, checked against torch's
# functional ops: convolutions with asymmetric pads, dilations, strides, groups and auto_pad, a
# BatchNormalization folded into its convolution, a graph with a residual Add, Concat, pooling,
# LRN, Reshape, Gemm with alpha/beta/transA, MatMul, Dropout and Identity, and a one-layer LSTM.
# REQUIRES: python-bindings, onnx, torch
# RUN: %PYTHON %s | FileCheck %s

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import TensorProto, helper, numpy_helper

import eie

rng = np.random.default_rng(3)


def randn(*shape):
    return rng.standard_normal(shape).astype(np.float32)


def model(nodes, inputs, outputs, initializers, opset=13):
    graph = helper.make_graph(
        nodes, "test",
        [helper.make_tensor_value_info(n, TensorProto.FLOAT, s) for n, s in inputs],
        [helper.make_tensor_value_info(n, TensorProto.FLOAT, s) for n, s in outputs],
        [numpy_helper.from_array(a, n) for n, a in initializers.items()])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])


def report(name, got, want):
    error = float(np.max(np.abs(got - want)))
    ok = np.allclose(got, want, rtol=1e-4, atol=1e-5)
    print("%s: shape %s, max abs error %.1e: %s" % (name, got.shape, error,
                                                    "ok" if ok else "MISMATCH"))


# Convolution: asymmetric pads, stride, dilation, groups; then a BatchNormalization that folds.
x = randn(2, 4, 11, 9)
w = randn(6, 2, 3, 3)
b = randn(6)
scale, shift, mean, var = randn(6), randn(6), randn(6), np.abs(randn(6)) + 0.5
m = model([helper.make_node("Conv", ["x", "w", "b"], ["c"], name="conv", pads=[2, 1, 0, 3],
                            strides=[2, 1], dilations=[1, 2], group=2),
           helper.make_node("BatchNormalization", ["c", "s", "t", "m", "v"], ["y"], name="bn",
                            epsilon=1e-3)],
          [("x", x.shape)], [("y", (2, 6, 6, 9))], {"w": w, "b": b, "s": scale, "t": shift, "m": mean, "v": var})
module = eie.import_onnx(m)
print("batch norm folded:", "cnn.batch_norm" not in module.text())
# CHECK: batch norm folded: True
ref = F.conv2d(F.pad(torch.from_numpy(x), (1, 3, 2, 0)), torch.from_numpy(w), torch.from_numpy(b),
               stride=(2, 1), dilation=(1, 2), groups=2)
ref = F.batch_norm(ref, torch.from_numpy(mean), torch.from_numpy(var), torch.from_numpy(scale),
                   torch.from_numpy(shift), eps=1e-3).numpy()
report("conv+bn", eie.compile_x86(module)(x), ref)
# CHECK: conv+bn: shape (2, 6, 6, 9), max abs error {{.*}}: ok

# auto_pad SAME_UPPER and SAME_LOWER on an odd total padding.
for mode, pads in (("SAME_UPPER", (0, 1, 0, 1)), ("SAME_LOWER", (1, 0, 1, 0))):
    w2 = randn(3, 4, 2, 2)
    m = model([helper.make_node("Conv", ["x", "w"], ["y"], name="same", auto_pad=mode)],
              [("x", x.shape)], [("y", (2, 3, 11, 9))], {"w": w2})
    ref = F.conv2d(F.pad(torch.from_numpy(x), pads), torch.from_numpy(w2)).numpy()
    report(mode, eie.compile_x86(eie.import_onnx(m))(x), ref)
# CHECK: SAME_UPPER: shape (2, 3, 11, 9), max abs error {{.*}}: ok
# CHECK: SAME_LOWER: shape (2, 3, 11, 9), max abs error {{.*}}: ok

# A graph: two branches from one value, a residual add, concat, pools, LRN, flatten, reshape,
# Gemm (alpha, beta, transA on a computed value), MatMul with constant weights, Dropout, Identity.
x = randn(1, 3, 12, 10)
w1, w2 = randn(8, 3, 3, 3), randn(8, 8, 3, 3)
g = randn(16, 12)
gc = randn(12)
mm = randn(12, 5)
nodes = [
    helper.make_node("Conv", ["x", "w1"], ["a"], name="conv1", pads=[1, 1, 1, 1]),
    helper.make_node("Relu", ["a"], ["ra"], name="relu1"),
    helper.make_node("Conv", ["ra", "w2"], ["bb"], name="conv2", pads=[1, 1, 1, 1]),
    helper.make_node("Add", ["ra", "bb"], ["res"], name="residual"),
    helper.make_node("LRN", ["res"], ["n"], name="lrn", size=3, alpha=1e-2, beta=0.75, bias=2.0),
    helper.make_node("MaxPool", ["n"], ["p1"], name="maxpool", kernel_shape=[3, 3],
                     strides=[2, 2], ceil_mode=1),
    helper.make_node("AveragePool", ["n"], ["p2"], name="avgpool", kernel_shape=[2, 2],
                     strides=[2, 2], pads=[1, 1, 0, 0], count_include_pad=0),
    helper.make_node("Concat", ["p1", "p2"], ["cat"], name="concat", axis=1),
    helper.make_node("GlobalAveragePool", ["cat"], ["gap"], name="gap"),
    helper.make_node("Flatten", ["gap"], ["flat"], name="flatten"),
    helper.make_node("Dropout", ["flat"], ["drop"], name="dropout"),
    helper.make_node("Reshape", ["drop", "shape"], ["col"], name="reshape"),
    helper.make_node("Identity", ["col"], ["col2"], name="identity"),
    helper.make_node("Gemm", ["col2", "g", "gc"], ["gemm"], name="gemm", alpha=0.5, beta=2.0,
                     transA=1),
    helper.make_node("MatMul", ["gemm", "mm"], ["y"], name="matmul"),
]
m = model(nodes, [("x", x.shape)], [("y", (1, 5)), ("cat", (1, 16, 6, 5))],
          {"w1": w1, "w2": w2, "g": g, "gc": gc, "mm": mm,
           "shape": np.array([-1, 1], np.int64)})
module = eie.import_onnx(m)
outputs = eie.compile_x86(module)(x)
tx = torch.from_numpy(x)
ra = torch.relu(F.conv2d(tx, torch.from_numpy(w1), padding=1))
res = ra + F.conv2d(ra, torch.from_numpy(w2), padding=1)
n = F.local_response_norm(res, 3, alpha=1e-2, beta=0.75, k=2.0)
# Padding excluded from the average: the sums over the padded input divided by the number of
# real positions in each window.
padded_sum = F.avg_pool2d(F.pad(n, (1, 0, 1, 0)), 2, 2)
counts = F.avg_pool2d(F.pad(torch.ones_like(n), (1, 0, 1, 0)), 2, 2)
cat = torch.cat([F.max_pool2d(n, 3, 2, ceil_mode=True), padded_sum / counts], dim=1)
col = cat.mean(dim=(2, 3)).reshape(16, 1)
gemm = 0.5 * col.T @ torch.from_numpy(g) + 2.0 * torch.from_numpy(gc)
report("graph output y", outputs[0], (gemm @ torch.from_numpy(mm)).numpy())
report("graph output cat", outputs[1], cat.numpy())
# CHECK: graph output y: shape (1, 5), max abs error {{.*}}: ok
# CHECK: graph output cat: shape (1, 16, 6, 5), max abs error {{.*}}: ok
print("outputs:", module.input_names, module.output_names)
# CHECK: outputs: ['x'] ['y', 'cat']

# A one-layer LSTM over 3 steps with initial states, against torch.nn.LSTM.
lstm = torch.nn.LSTM(5, 4)
with torch.no_grad():
    for p in lstm.parameters():
        p.uniform_(-0.5, 0.5)
seq = randn(3, 2, 5)
h0, c0 = randn(1, 2, 4), randn(1, 2, 4)
with torch.no_grad():
    ref_y, (ref_h, ref_c) = lstm(torch.from_numpy(seq), (torch.from_numpy(h0), torch.from_numpy(c0)))


def onnx_gates(weight):  # torch's i, f, g, o to ONNX's i, o, f, c
    i, f, gg, o = np.split(weight.detach().numpy(), 4)
    return np.concatenate([i, o, f, gg])


W = onnx_gates(lstm.weight_ih_l0)[None]
R = onnx_gates(lstm.weight_hh_l0)[None]
B = np.concatenate([onnx_gates(lstm.bias_ih_l0), onnx_gates(lstm.bias_hh_l0)])[None]
m = model([helper.make_node("LSTM", ["x", "W", "R", "B", "", "h0", "c0"], ["y", "yh", "yc"],
                            name="lstm", hidden_size=4)],
          [("x", seq.shape), ("h0", h0.shape), ("c0", c0.shape)],
          [("y", (3, 1, 2, 4)), ("yh", (1, 2, 4)), ("yc", (1, 2, 4))],
          {"W": W, "R": R, "B": B})
y, yh, yc = eie.compile_x86(eie.import_onnx(m))(seq, h0, c0)
report("lstm y", y[:, 0], ref_y.numpy())
report("lstm h", yh, ref_h.numpy())
report("lstm c", yc, ref_c.numpy())
# CHECK: lstm y: shape (3, 2, 4), max abs error {{.*}}: ok
# CHECK: lstm h: shape (1, 2, 4), max abs error {{.*}}: ok
# CHECK: lstm c: shape (1, 2, 4), max abs error {{.*}}: ok

# MatMul with constant weights on a 3-D input, then an Add of a constant vector: one cnn.fc with
# that vector as its bias.
seq = randn(2, 3, 6)
w = randn(6, 4)
bias = randn(4)
m = model([helper.make_node("MatMul", ["x", "w"], ["h"], name="linear"),
           helper.make_node("Add", ["bias", "h"], ["y"], name="linear_bias")],
          [("x", seq.shape)], [("y", (2, 3, 4))], {"w": w, "bias": bias})
module = eie.import_onnx(m)
print("bias folded into cnn.fc:", "cnn.add" not in module.text(), module.text().count("cnn.fc"))
# CHECK: bias folded into cnn.fc: True 1
report("linear", eie.compile_x86(module)(seq), seq @ w + bias)
# CHECK: linear: shape (2, 3, 4), max abs error {{.*}}: ok
