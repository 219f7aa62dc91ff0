# Bad input from Python raises an exception that says what is wrong; the interpreter never aborts.
# REQUIRES: python-bindings, onnx
# RUN: rm -rf %t && mkdir -p %t
# RUN: %PYTHON %s %t | FileCheck %s

import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper

import eie

work = sys.argv[1]


def attempt(what, function):
    try:
        function()
    except (eie.CompilerError, TypeError, ValueError) as e:
        first = str(e).splitlines()
        print("%s: %s: %s" % (what, type(e).__name__, " | ".join(first)))
        return
    print("%s: no error" % what)


def conv_model(opset=13, input_dims=(1, 3, 8, 8), op="Conv"):
    w = helper.make_tensor("w", TensorProto.FLOAT, [4, 3, 3, 3],
                           np.ones(108, np.float32))
    node = helper.make_node(op, ["x", "w"], ["y"], name="conv1")
    graph = helper.make_graph(
        [node], "g", [helper.make_tensor_value_info("x", TensorProto.FLOAT, input_dims)],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, (input_dims[0], 4, 6, 6))], [w])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])


good = conv_model()
path = os.path.join(work, "good.onnx")
onnx.save(good, path)
data = open(path, "rb").read()
truncated = os.path.join(work, "truncated.onnx")
open(truncated, "wb").write(data[: len(data) // 2])
garbage = os.path.join(work, "garbage.onnx")
open(garbage, "wb").write(b"\xff\xfe not a protobuf \x00\x01" * 10)

# CHECK: missing file: CompilerError: cannot read ONNX file {{.*}}missing.onnx: No such file or directory
attempt("missing file", lambda: eie.import_onnx(os.path.join(work, "missing.onnx")))
# CHECK: truncated file: CompilerError: {{.*}}truncated.onnx is not a valid ONNX model
attempt("truncated file", lambda: eie.import_onnx(truncated))
# CHECK: garbage file: CompilerError: {{.*}}garbage.onnx is not a valid ONNX model
attempt("garbage file", lambda: eie.import_onnx(garbage))
# CHECK: not a model: TypeError: import_onnx takes a file name, bytes or an onnx.ModelProto, got int
attempt("not a model", lambda: eie.import_onnx(42))
# CHECK: unsupported opset: CompilerError: unsupported opset 18 of the default domain: the importer supports opsets 1 to 17
attempt("unsupported opset", lambda: eie.import_onnx(conv_model(opset=18), check=False))
# CHECK: old operator version: CompilerError: node 'add' (Add): version 6 of Add (opset 6) is not supported: the importer implements versions 7 and later
attempt("old operator version", lambda: eie.import_onnx(helper.make_model(helper.make_graph(
    [helper.make_node("Add", ["x", "x"], ["y"], name="add")], "g",
    [helper.make_tensor_value_info("x", TensorProto.FLOAT, (2,))],
    [helper.make_tensor_value_info("y", TensorProto.FLOAT, (2,))]),
    opset_imports=[helper.make_opsetid("", 6)])))
# CHECK: dynamic shape: CompilerError: graph input 'x' has a dynamic dimension 0 ('batch'): only static shapes are supported
attempt("dynamic shape", lambda: eie.import_onnx(conv_model(input_dims=("batch", 3, 8, 8))))
# CHECK: unsupported op: CompilerError: node 'conv1' (ConvTranspose): operator ConvTranspose is not supported by the importer
attempt("unsupported op", lambda: eie.import_onnx(conv_model(op="ConvTranspose")))
# CHECK: bad shapes: CompilerError: cannot parse <ModelProto> | 'conv1': error: 'cnn.conv2d' op filter dimension 1 (input channels per group) is 3, expected 2 (input channels 2 / groups 1){{$}}
attempt("bad shapes", lambda: eie.import_onnx(conv_model(input_dims=(1, 2, 8, 8)), check=False))
print("fixed dynamic shape:", eie.import_onnx(conv_model(input_dims=("batch", 3, 8, 8)),
                                              input_shapes={"x": (2, 3, 8, 8)}).functions)
# CHECK: fixed dynamic shape: ['forward']

# Compiled functions check their arguments.
forward = eie.compile_x86(eie.import_onnx(good))
# CHECK: wrong shape: ValueError: argument 0 of @forward has shape (1, 3, 8, 7), expected (1, 3, 8, 8)
attempt("wrong shape", lambda: forward(np.zeros((1, 3, 8, 7), np.float32)))
# CHECK: wrong dtype: TypeError: argument 0 of @forward has dtype float64, expected float32
attempt("wrong dtype", lambda: forward(np.zeros((1, 3, 8, 8))))
# CHECK: wrong count: TypeError: @forward takes 1 argument(s), got 2
attempt("wrong count", lambda: forward(np.zeros((1, 3, 8, 8), np.float32), 1))

# MLIR that does not parse or verify, pipelines that do not exist or fail.
# CHECK: parse error: CompilerError: cannot parse <string> | <string>:1:1: error: custom op 'bogus' is unknown
attempt("parse error", lambda: eie.parse("bogus"))
# CHECK: verifier: CompilerError: cannot parse <string> | <string>:2:8: error: 'cnn.reshape' op the input has 6 elements, the result 7{{$}}
attempt("verifier", lambda: eie.parse(
    "func.func @f(%x: tensor<2x3xf32>) -> tensor<7xf32> {\n"
    "  %y = cnn.reshape %x : tensor<2x3xf32> -> tensor<7xf32>\n"
    "  return %y : tensor<7xf32>\n}\n"))
# CHECK: missing weight: CompilerError: invalid module <string> | <string>:1:40: error: dense_resource<w> has no data
attempt("missing weight", lambda: eie.parse(
    "func.func @f() -> tensor<2xf32> { %c = arith.constant dense_resource<w> : tensor<2xf32>\n"
    "  return %c : tensor<2xf32>\n}\n"))
# CHECK: weight size: CompilerError: invalid module <string> | {{.*}}error: dense_resource<w> has 12 bytes, its type 'tensor<2xf32>' needs 8
attempt("weight size", lambda: eie.parse(
    "func.func @f() -> tensor<2xf32> { %c = arith.constant dense_resource<w> : tensor<2xf32>\n"
    "  return %c : tensor<2xf32>\n}\n", weights={"w": np.zeros(3, np.float32)}))
# CHECK: one-element weight: CompilerError: invalid module <string> | {{.*}}error: dense_resource<s> has one element: write it as a dense literal
attempt("one-element weight", lambda: eie.parse(
    "func.func @f() -> tensor<f32> { %c = arith.constant dense_resource<s> : tensor<f32>\n"
    "  return %c : tensor<f32>\n}\n", weights={"s": np.zeros((), np.float32)}))
# CHECK: unused weight: CompilerError: weight 'v' is not used by the module (no dense_resource<v>)
attempt("unused weight", lambda: eie.parse("module {}", weights={"v": np.zeros(3, np.float32)}))
module = eie.import_onnx(good)
# CHECK: unknown pass: CompilerError: invalid pass pipeline 'no-such-pass': {{.*}}'no-such-pass' does not refer to a registered pass or pass pipeline
attempt("unknown pass", lambda: module.run_passes("no-such-pass"))
# CHECK: failing pass: CompilerError: pass pipeline 'eie-prune{density=2.0}' failed | {{.*}}error: {{.*}}density
attempt("failing pass", lambda: module.run_passes("eie-prune{density=2.0}"))
# CHECK: not compressed: CompilerError: the module has no compressed layer (eie.sparse_fc): compress it first
attempt("not compressed", lambda: eie.compile_eie(module))
# CHECK: fixed uncompressed: CompilerError: mode='fixed' needs compressed layers (eie.compress); the module has none
attempt("fixed uncompressed", lambda: eie.compile_x86(module, mode="fixed"))
# CHECK: bad mode: ValueError: mode must be 'float' or 'fixed', got 'double'
attempt("bad mode", lambda: eie.compile_x86(module, mode="double"))
# CHECK: garbage stream: CompilerError: {{.+}}
attempt("garbage stream", lambda: eie.simulate(b"\x00" * 64, np.zeros(4, np.float32)))
# CHECK: bad layer: ValueError: unknown layer key 'Q'
attempt("bad layer", lambda: eie.optimize_blocking({"Q": 3}, arch="asic-3level"))
# CHECK: bad arch: CompilerError: {{.*}}no-such-arch
attempt("bad arch", lambda: eie.optimize_blocking({"K": 3}, arch="no-such-arch"))
# CHECK: module still usable: ['forward']
print("module still usable:", module.functions)
