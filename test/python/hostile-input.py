# Hundreds of corrupted ONNX files and MLIR sources: every call returns or raises an exception,
# none aborts the interpreter (the test would die with it). The models that still import are
# compiled and run.
# REQUIRES: python-bindings, onnx
# RUN: %PYTHON %s | FileCheck %s

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

import eie

rng = np.random.default_rng(1)
w = numpy_helper.from_array(rng.standard_normal((4, 3, 3, 3)).astype(np.float32), "w")
b = numpy_helper.from_array(rng.standard_normal(4).astype(np.float32), "b")
nodes = [helper.make_node("Conv", ["x", "w", "b"], ["c"], name="conv", pads=[1, 0, 1, 2]),
         helper.make_node("Relu", ["c"], ["r"], name="relu"),
         helper.make_node("MaxPool", ["r"], ["p"], name="pool", kernel_shape=[2, 2],
                          strides=[2, 2], ceil_mode=1),
         helper.make_node("Flatten", ["p"], ["y"], name="flatten")]
graph = helper.make_graph(nodes, "g", [helper.make_tensor_value_info("x", TensorProto.FLOAT,
                                                                     (1, 3, 7, 6))],
                          [helper.make_tensor_value_info("y", TensorProto.FLOAT, (1, 36))], [w, b])
data = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)]).SerializeToString()
x = rng.standard_normal((1, 3, 7, 6)).astype(np.float32)

outcomes = {"imported": 0, "CompilerError": 0, "other exception": 0}
for trial in range(400):
    corrupted = bytearray(data)
    for _ in range(int(rng.integers(1, 4))):
        position = int(rng.integers(0, len(corrupted)))
        corrupted[position] = int(rng.integers(0, 256))
    if trial % 4 == 0:
        corrupted = corrupted[: int(rng.integers(0, len(corrupted)))]
    try:
        module = eie.import_onnx(bytes(corrupted), check=trial % 2 == 0)
        outcomes["imported"] += 1
        forward = eie.compile_x86(module)
        forward(*[np.zeros(shape, dtype) for dtype, shape in forward.signature["arguments"]])
    except eie.CompilerError:
        outcomes["CompilerError"] += 1
    except Exception:  # anything but a CompilerError is a bug of the importer
        outcomes["other exception"] += 1
print("corrupted ONNX files:", sum(outcomes.values()), "calls returned or raised", outcomes)
# CHECK: corrupted ONNX files: 400 calls returned or raised {'imported': {{[1-9][0-9]*}}, 'CompilerError': {{[0-9]+}}, 'other exception': 0}

source = """
func.func @forward(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %w = arith.constant dense<1.0> : tensor<8x8xf32>
  %i = tensor.empty() : tensor<1x8xf32>
  %y = cnn.fc ins(%x, %w : tensor<1x8xf32>, tensor<8x8xf32>) outs(%i : tensor<1x8xf32>) -> tensor<1x8xf32>
  %r = cnn.relu %y : tensor<1x8xf32>
  return %r : tensor<1x8xf32>
}
"""
count = 0
for trial in range(300):
    corrupted = list(source)
    for _ in range(int(rng.integers(1, 3))):
        position = int(rng.integers(0, len(corrupted)))
        corrupted[position] = chr(int(rng.choice([ord(c) for c in "0123456789x,:<>()%{}\n-"])))
    try:
        eie.compile_x86(eie.parse("".join(corrupted)))(np.ones((1, 8), np.float32))
    except (eie.CompilerError, TypeError, ValueError):
        pass
    count += 1
print("corrupted MLIR sources:", count, "calls returned or raised")
# CHECK: corrupted MLIR sources: 300 calls returned or raised
