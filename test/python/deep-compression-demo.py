# The README's main job: examples/deep-compression-demo.py trains an MLP and a CNN on the bundled
# digits, compresses them with retraining and runs the test split on x86 and on the simulated EIE.
# Its targets (issue 17) are checked here from summary.json, independently of the demo's own
# verdict: accuracy loss at most 1 point on both models for every compressed version, x86 fixed
# point equal to the simulated EIE on every test sample, at least 10x smaller than dense fp32;
# the schema of summary.json is exactly the documented one and its path is the last line.
# Bad input stops with one line naming the layer and the limit, before any training.
# About 30 s on 2 cores.
# REQUIRES: python-bindings, torch, onnx, sklearn, matplotlib
# RUN: rm -rf %t && mkdir -p %t
# RUN: %PYTHON %s %eie_src_root/examples/deep-compression-demo.py %t | FileCheck %s

import json
import os
import subprocess
import sys

demo, work = sys.argv[1], sys.argv[2]


def run(*arguments):
    return subprocess.run([sys.executable, demo, "-o", os.path.join(work, "out")] +
                          list(arguments), capture_output=True, text=True)


# Bad input: exit status 2, one line on stderr, and no training started.
for what, arguments in [
        ("density", ["--density", "mlp.fc1=1.5"]),
        ("bits", ["--fc-bits", "5"]),
        ("sram", ["--machine", "spmat_sram_bytes=256"]),
        ("cnn only", ["--density", "cnn.fc1=0"]),
        ("unknown layer", ["--density", "cnn.fc9=0.1"])]:
    result = run(*arguments)
    lines = result.stderr.strip().splitlines()
    print("%s: status %d, %d line(s), trained: %s: %s" % (
        what, result.returncode, len(lines), "training" in result.stdout,
        lines[-1] if lines else ""))
# CHECK: density: status 2, 1 line(s), trained: False: deep-compression-demo: mlp: layer 'fc1': density 1.5 is outside (0, 1]
# CHECK: bits: status 2, 1 line(s), trained: False: deep-compression-demo: mlp: layer 'fc1': 5-bit weights, the EIE machine decodes at most 4-bit codes
# CHECK: sram: status 2, 1 line(s), trained: False: deep-compression-demo: mlp: layer 'fc1' (300x64 at density 0.15): at least 360 bytes of entries per PE on 8 PEs, more than the 256-byte sparse-matrix SRAM of a PE
# CHECK: cnn only: status 2, 1 line(s), trained: False: deep-compression-demo: cnn: layer 'fc1': density 0.0 is outside (0, 1]
# CHECK: unknown layer: status 2, 1 line(s), trained: False: deep-compression-demo: cnn: densities name layer 'fc9', which is not an nn.Linear or nn.Conv2d of the model (its layers: conv1, fc1, fc2)

# The demo as the README runs it.
result = run()
print("status:", result.returncode, "stderr:", repr(result.stderr.strip()))
# CHECK: status: 0 stderr: ''
lines = result.stdout.strip().splitlines()
summary_path = os.path.join(work, "out", "summary.json")
print("last line is summary.json:", lines[-1] == summary_path)
# CHECK: last line is summary.json: True
table = [line for line in lines if line.startswith(("model ", "mlp ", "cnn "))]
print("table:", [line.split()[0] for line in table])
# CHECK: table: ['model', 'mlp', 'cnn']
print("demo's targets:", sum(line.endswith(": ok") for line in lines if line.startswith("target")),
      "ok,", sum("MISSED" in line for line in lines), "missed")
# CHECK: demo's targets: 6 ok, 0 missed

with open(summary_path) as f:
    summary = json.load(f)
print("top level:", sorted(summary))
# CHECK: top level: ['models']
for model in summary["models"]:
    print("model %s keys: %s" % (model["name"], list(model)))
    print("  accuracy keys: %s, bytes keys: %s" % (list(model["accuracy"]), list(model["bytes"])))
    types = {key: type(value).__name__ for key, value in model.items()}
    print("  types:", types)
    accuracy = model["accuracy"]
    print("  accuracies are fractions:", all(0.0 <= v <= 1.0 for v in accuracy.values()))
    print("  dense accuracy above 95%:", accuracy["dense"] > 0.95)
    for key in ("x86_float", "x86_fixed", "eie"):
        loss = 100 * (accuracy["dense"] - accuracy[key])
        print("  %s loses at most 1 point: %s" % (key, loss <= 1.0 + 1e-9))
    print("  x86 fixed == EIE on every sample:", model["x86_fixed_equals_eie"])
    ratio = model["bytes"]["dense"] / model["bytes"]["compressed"]
    print("  at least 10x smaller:", ratio >= 10)
    print("  EIE cycles, energy, x86 time positive:",
          all(model[k] > 0 for k in ("eie_cycles", "eie_energy_uj", "x86_us")))
# CHECK: model mlp keys: ['name', 'accuracy', 'bytes', 'x86_fixed_equals_eie', 'eie_cycles', 'eie_energy_uj', 'x86_us']
# CHECK-NEXT: accuracy keys: ['dense', 'x86_float', 'x86_fixed', 'eie'], bytes keys: ['dense', 'compressed']
# CHECK-NEXT: types: {'name': 'str', 'accuracy': 'dict', 'bytes': 'dict', 'x86_fixed_equals_eie': 'bool', 'eie_cycles': 'float', 'eie_energy_uj': 'float', 'x86_us': 'float'}
# CHECK-NEXT: accuracies are fractions: True
# CHECK-NEXT: dense accuracy above 95%: True
# CHECK-NEXT: x86_float loses at most 1 point: True
# CHECK-NEXT: x86_fixed loses at most 1 point: True
# CHECK-NEXT: eie loses at most 1 point: True
# CHECK-NEXT: x86 fixed == EIE on every sample: True
# CHECK-NEXT: at least 10x smaller: True
# CHECK-NEXT: EIE cycles, energy, x86 time positive: True
# CHECK: model cnn keys: ['name', 'accuracy', 'bytes', 'x86_fixed_equals_eie', 'eie_cycles', 'eie_energy_uj', 'x86_us']
# CHECK-NEXT: accuracy keys: ['dense', 'x86_float', 'x86_fixed', 'eie'], bytes keys: ['dense', 'compressed']
# CHECK-NEXT: types: {'name': 'str', 'accuracy': 'dict', 'bytes': 'dict', 'x86_fixed_equals_eie': 'bool', 'eie_cycles': 'float', 'eie_energy_uj': 'float', 'x86_us': 'float'}
# CHECK-NEXT: accuracies are fractions: True
# CHECK-NEXT: dense accuracy above 95%: True
# CHECK-NEXT: x86_float loses at most 1 point: True
# CHECK-NEXT: x86_fixed loses at most 1 point: True
# CHECK-NEXT: eie loses at most 1 point: True
# CHECK-NEXT: x86 fixed == EIE on every sample: True
# CHECK-NEXT: at least 10x smaller: True
# CHECK-NEXT: EIE cycles, energy, x86 time positive: True

for picture in ("compression-per-layer.png", "blocking-energy.png", "eie-pes-mlp.png",
                "eie-pes-cnn.png"):
    with open(os.path.join(work, "out", picture), "rb") as f:
        print("%s is a PNG: %s" % (picture, f.read(8) == b"\x89PNG\r\n\x1a\n"))
# CHECK: compression-per-layer.png is a PNG: True
# CHECK: blocking-energy.png is a PNG: True
# CHECK: eie-pes-mlp.png is a PNG: True
# CHECK: eie-pes-cnn.png is a PNG: True
