# Every call of the eie package's API on a small fully-connected network written as MLIR with its
# weights passed as arrays: text and bytecode round trips, passes, x86 compilation checked against
# NumPy, the blocking model, compression, the EIE binary and the simulator, bit-exact with the
# fixed-point x86 kernel.
# REQUIRES: python-bindings
# RUN: rm -rf %t && mkdir -p %t
# RUN: %PYTHON %s %t | FileCheck %s

import os
import re
import sys

import numpy as np

import eie

work = sys.argv[1]
rng = np.random.default_rng(7)
w1 = rng.standard_normal((32, 64)).astype(np.float32) * 0.2
b1 = rng.standard_normal(32).astype(np.float32) * 0.1
w2 = rng.standard_normal((10, 32)).astype(np.float32) * 0.2
b2 = rng.standard_normal(10).astype(np.float32) * 0.1

source = """
func.func @forward(%x: tensor<1x64xf32>) -> tensor<1x10xf32> {
  %w1 = arith.constant dense_resource<w1> : tensor<32x64xf32> loc("fc1")
  %b1 = arith.constant dense_resource<b1> : tensor<32xf32> loc("fc1")
  %w2 = arith.constant dense_resource<w2> : tensor<10x32xf32> loc("fc2")
  %b2 = arith.constant dense_resource<b2> : tensor<10xf32> loc("fc2")
  %i1 = tensor.empty() : tensor<1x32xf32>
  %h = cnn.fc ins(%x, %w1, %b1 : tensor<1x64xf32>, tensor<32x64xf32>, tensor<32xf32>)
              outs(%i1 : tensor<1x32xf32>) -> tensor<1x32xf32> loc("fc1")
  %r = cnn.relu %h : tensor<1x32xf32> loc("relu1")
  %i2 = tensor.empty() : tensor<1x10xf32>
  %y = cnn.fc ins(%r, %w2, %b2 : tensor<1x32xf32>, tensor<10x32xf32>, tensor<10xf32>)
              outs(%i2 : tensor<1x10xf32>) -> tensor<1x10xf32> loc("fc2")
  return %y : tensor<1x10xf32>
}
"""
module = eie.parse(source, weights={"w1": w1, "b1": b1, "w2": w2, "b2": b2})
print("functions:", module.functions)
# CHECK: functions: ['forward']

# Text and bytecode round trips keep the weights.
text_path = os.path.join(work, "net.mlir")
bc_path = os.path.join(work, "net.mlirbc")
module.save(text_path)
module.save(bc_path)
with open(bc_path, "rb") as f:
    print("bytecode magic:", f.read(4))
# CHECK: bytecode magic: b'ML\xefR'
reloaded = [eie.load(text_path), eie.load(bc_path)]
print("round trips equal:", all(m.text() == module.text() for m in reloaded))
# CHECK: round trips equal: True
def has_hex_data(text):
    return re.search(r'"0x[0-9A-F]{16,}"', text) is not None


print("elided:", has_hex_data(module.text()), has_hex_data(module.text(large_elements_limit=16)))
# CHECK: elided: True False

x = rng.standard_normal((1, 64)).astype(np.float32)
reference = np.maximum(x @ w1.T + b1, 0) @ w2.T + b2
forward = eie.compile_x86(module)
print("signature:", forward.signature)
# CHECK: signature: {'name': 'forward', 'arguments': [('float32', (1, 64))], 'results': [('float32', (1, 10))]}
y = forward(x)
print("x86 float matches numpy:", np.allclose(y, reference, rtol=1e-5, atol=1e-5))
# CHECK: x86 float matches numpy: True
# The compiled function does not depend on the module: compile_x86 worked on a copy.
print("module unchanged:", module.text() == reloaded[0].text())
# CHECK: module unchanged: True

# Passes run in place, with or without the builtin.module anchor.
lowered = module.copy().run_passes("builtin.module(convert-cnn-to-linalg, canonicalize)")
print("lowered has cnn ops:", "cnn." in lowered.text())
# CHECK: lowered has cnn ops: False

# The blocking model: one layer from its bounds, and every layer of a module.
report = eie.optimize_blocking({"name": "conv1", "N": 1, "K": 96, "C": 3, "Y": 55, "X": 55,
                                "R": 11, "S": 11, "stride": 4}, arch="asic-3level")
print("layer report:", report["layer"], report["bounds"], report["search"]["optimal"])
# CHECK: layer report: conv1 {'C': 3, 'K': 96, 'N': 1, 'R': 11, 'S': 11, 'X': 55, 'Y': 55} True
reports = eie.optimize_blocking(module, arch="asic-3level")
print("module reports:", [(r["layer"], r["bounds"]["K"]) for r in reports])
# CHECK: module reports: [('fc1', 32), ('fc2', 10)]

# Compression: pruning, sharing and encoding, with the storage report.
compressed, storage = eie.compress(module, {"fc1": 0.25, "fc2": 0.5}, bits=4, pes=4)
for layer in storage["layers"]:
    print("compressed:", layer["name"], layer["non_zeros"])
# CHECK: compressed: fc1 512
# CHECK: compressed: fc2 160
print("sparse ops:", compressed.text().count("eie.sparse_fc"))
# CHECK: sparse ops: 2

sparse_float = eie.compile_x86(compressed, mode="float")(x)
sparse_fixed = eie.compile_x86(compressed, mode="fixed")(x)
print("fixed close to float:", np.allclose(sparse_fixed, sparse_float, atol=0.1))
# CHECK: fixed close to float: True

# The sparse layers' options: two threads, the expected activation density, a forced kernel
# variant (the scalar one, which every x86-64 CPU runs); and what is wrong with bad ones.
forced = eie.compile_x86(compressed, threads=2, activation_density=0.5,
                         kernel="columns-portable")(x)
print("forced kernel close to float:", np.allclose(forced, sparse_float, rtol=1e-5, atol=1e-6))
# CHECK: forced kernel close to float: True


def error_of(function):
    try:
        function()
    except (eie.CompilerError, ValueError) as e:
        return "%s: %s" % (type(e).__name__, " | ".join(str(e).splitlines()))
    return "no error"


print("unknown kernel:", error_of(lambda: eie.compile_x86(compressed, kernel="panels-sse")))
# CHECK: unknown kernel: CompilerError: {{.*}}kernel 'panels-sse' names no kernel variant; expected one of columns-portable, {{.*}}
print("bad shape:", error_of(lambda: eie.compile_x86(compressed, kernel="panels-avx2:48x2")))
# CHECK: bad shape: CompilerError: {{.*}}kernel 'panels-avx2:48x2': the panel width is one of 16, 32
print("bad leftover:", error_of(lambda: eie.compile_x86(compressed, kernel="panels-avx2:16x2/cols")))
# CHECK: bad leftover: CompilerError: {{.*}}kernel 'panels-avx2:16x2/cols': the leftover goes to /walk or /rows
print("leftover spelled:", error_of(lambda: eie.compile_x86(compressed, kernel="panels-avx2:16x2/rows")))
# CHECK: leftover spelled: no error
print("not a name:", error_of(lambda: eie.compile_x86(compressed, kernel="columns-avx2 threads=9")))
# CHECK: not a name: ValueError: kernel must name a kernel variant, such as 'panels-avx512:64x6', got 'columns-avx2 threads=9'
print("density:", error_of(lambda: eie.compile_x86(compressed, activation_density=0)))
# CHECK: density: ValueError: activation_density must be in (0, 1], got 0
print("threads:", error_of(lambda: eie.compile_x86(compressed, threads=0)))
# CHECK: threads: ValueError: threads must be an int from 1 to 64, got 0
print("kernel, dense:", error_of(lambda: eie.compile_x86(module, kernel="columns-avx2")))
# CHECK: kernel, dense: ValueError: activation_density and kernel are for compressed layers (eie.compress); the module has none

# The EIE instruction stream and its simulation: the simulator runs the same fixed-point
# arithmetic as the x86 kernel, bit for bit.
stream = eie.compile_eie(compressed)
print("stream is bytes:", isinstance(stream, bytes), len(stream) > 0)
# CHECK: stream is bytes: True True
outputs, sim_report = eie.simulate(stream, x)
print("simulated shape:", outputs.shape)
# CHECK: simulated shape: (1, 10)
print("simulator equals x86 fixed:", np.array_equal(outputs, sparse_fixed))
# CHECK: simulator equals x86 fixed: True
print("report has cycles:", sim_report["total"]["cycles"] > 0, sim_report["raw_output"].dtype)
# CHECK: report has cycles: True int16
