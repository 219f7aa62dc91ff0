# eie.deep_compression (pruning and weight sharing with retraining in PyTorch), eie.encode and
# eie.compressed_weights on a small MLP trained on synthetic data: the limits are refused before
# training with the layer and the limit named; retraining keeps pruned weights at zero and at most
# 2^bits - 1 values per layer; the encoder (and the compiler's own prune/share/encode passes at
# density 1) keep the exported weights bit for bit; the pictures are PNGs of the real reports.
# REQUIRES: python-bindings, torch, matplotlib
# RUN: rm -rf %t && mkdir -p %t
# RUN: %PYTHON %s %t | FileCheck %s

import json
import os
import subprocess
import sys

import numpy as np
import torch

import eie
from eie import deep_compression as dc
from eie import pictures

work = sys.argv[1]
torch.manual_seed(0)
torch.set_num_threads(1)


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(1, 4, 3, padding=1)
        self.fc1 = torch.nn.Linear(64, 48)
        self.fc2 = torch.nn.Linear(48, 4)

    def forward(self, x):
        return self.fc2(torch.relu(self.fc1(self.features(x))))

    def features(self, x):
        x = torch.nn.functional.max_pool2d(torch.relu(self.conv(x)), 2)
        return torch.flatten(x, 1)


def attempt(what, function):
    try:
        function()
    except dc.EncodingLimitError as e:
        print("%s: %s" % (what, e))
        return
    print("%s: no error" % what)


# The limits, checked before any training.
net = Net()
densities = {"conv": 0.5, "fc1": 0.2, "fc2": 0.5}
# CHECK: density: layer 'fc1': density 1.5 is outside (0, 1]
attempt("density", lambda: dc.plan(net, dict(densities, fc1=1.5)))
# CHECK: zero density: layer 'fc2': density 0 is outside (0, 1]
attempt("zero density", lambda: dc.plan(net, dict(densities, fc2=0)))
# CHECK: tiny density: layer 'fc2': density 0.001 keeps no weight of 192 (at least 1 / 192)
attempt("tiny density", lambda: dc.plan(net, dict(densities, fc2=0.001)))
# CHECK: unknown layer: densities name layer 'fc3', which is not an nn.Linear or nn.Conv2d of the model (its layers: conv, fc1, fc2)
attempt("unknown layer", lambda: dc.plan(net, dict(densities, fc3=0.1)))
# CHECK: fc without density: layer 'fc2' (fc) has no density: the encoder turns every fc layer into the compressed format, {{.*}}
attempt("fc without density", lambda: dc.plan(net, {"fc1": 0.2}))
# CHECK: bits: conv_bits = 9: the encoder's codes have 2 to 8 bits
attempt("bits", lambda: dc.plan(net, densities, conv_bits=9))
# CHECK: machine bits: layer 'fc1': 5-bit weights, the EIE machine decodes at most 4-bit codes
attempt("machine bits", lambda: dc.plan(net, densities, fc_bits=5, machine={"pes": 4}))
# CHECK: sram: layer 'fc2' (4x48 at density 0.5): at least 96 bytes of entries per PE on 1 PEs (710 with the layers before it), more than the 640-byte sparse-matrix SRAM of a PE
attempt("sram", lambda: dc.plan(net, densities, machine={"pes": 1, "spmat_sram_bytes": 640}))
# CHECK: pointers: layer 'fc2' (4x48): 49 column pointers per PE (114 with the layers before it), more than the 100 entries of a PE's pointer SRAM
attempt("pointers", lambda: dc.plan(net, densities, machine={"pointer_sram_entries": 100}))
# CHECK: column: layer 'fc1' (48x64 at density 0.2): a column needs about 10 entries in a PE of 1, a pass holds at most 8
attempt("column", lambda: dc.plan(net, densities, machine={"pes": 1, "spmat_sram_bytes": 8}))
# CHECK: machine key: unknown machine description key 'sram'
attempt("machine key", lambda: dc.plan(net, densities, machine={"sram": 1}))
# CHECK: machine value: machine description: pes = 0, expected a positive integer
attempt("machine value", lambda: dc.plan(net, densities, machine={"pes": 0}))
plans = dc.plan(net, densities, fc_bits=4, conv_bits=4, machine={"pes": 4})
print("plans:", plans)
# CHECK: plans: [LayerPlan('conv', conv 4x1x3x3, density 0.5, 4 bits), LayerPlan('fc1', fc 48x64, density 0.2, 4 bits, EIE), LayerPlan('fc2', fc 4x48, density 0.5, 4 bits, EIE)]

# k-means: at most k distinct values come back exactly; more are split into k clusters.
few = np.array([0.3, -1e10, 3e-3, 1e10, 3e-3], dtype=np.float32)
print("kmeans exact:", np.array_equal(dc.kmeans_1d(few, 15).astype(np.float32),
                                      np.unique(few)))
# CHECK: kmeans exact: True
rng = np.random.default_rng(1)
values = rng.standard_normal(2000)
values = values[np.abs(values) > 0.5]  # pruning leaves a gap around zero
centroids = dc.kmeans_1d(values, 15)
print("kmeans clusters:", len(centroids), bool(np.all(np.diff(centroids) > 0)))
# CHECK: kmeans clusters: 15 True

# Training data: four classes of noisy 8x8 patterns.
prototypes = torch.rand(4, 1, 8, 8)
labels = torch.arange(400) % 4
inputs = prototypes[labels] + 0.3 * torch.randn(400, 1, 8, 8)
batches = [(inputs[i:i + 40], labels[i:i + 40]) for i in range(0, 400, 40)]


def accuracy(model):
    with torch.no_grad():
        return float((model(inputs).argmax(1) == labels).float().mean())


dc.train(net, batches, 10, list(net.parameters()), 1e-2)
print("dense accuracy > 0.9:", accuracy(net) > 0.9)
# CHECK: dense accuracy > 0.9: True
log = []
plans = dc.deep_compress(net, batches, densities, fc_bits=4, conv_bits=4, machine={"pes": 4},
                         prune_epochs=3, share_epochs=3, log=log.append)
print("log:", log[0], "|", log[-1])
# CHECK: log: pruning stage 1/3: conv 0.806, fc1 0.585, fc2 0.792 | weight sharing: conv 15 values, fc1 15 values, fc2 15 values
print("compressed accuracy > 0.9:", accuracy(net) > 0.9)
# CHECK: compressed accuracy > 0.9: True
for name, stats in dc.layer_statistics(net, plans).items():
    print("layer %s: density %.3f, %d values" % (name, stats["density"], stats["distinct_values"]))
# CHECK: layer conv: density 0.500, 15 values
# CHECK: layer fc1: density 0.200, 15 values
# CHECK: layer fc2: density 0.500, 15 values

# The encoder keeps the exported weights bit for bit; so do the compiler's own passes at density 1.
module = eie.import_torch(net, torch.zeros(1, 1, 8, 8))
encoded, storage = eie.encode(module, bits=4, pes=4, act_frac=8)
print("encoded layers:", [(l["name"], l["non_zeros"], l["pes"]) for l in storage["layers"]])
# CHECK: encoded layers: [('/fc1/Gemm', 614, 4), ('/fc2/Gemm', 96, 4)]
recompressed, _ = eie.compress(module, 1.0, bits=4, conv_bits=4, pes=4)
for source, compressed in (("encode", encoded), ("compress", recompressed)):
    decoded = eie.compressed_weights(compressed)
    same = all(decoded["/%s/Gemm" % n].tobytes() == getattr(net, n).weight.detach().numpy().tobytes()
               for n in ("fc1", "fc2"))
    print("%s keeps the weights bit for bit: %s" % (source, same))
# CHECK: encode keeps the weights bit for bit: True
# CHECK: compress keeps the weights bit for bit: True
x = inputs[:1].numpy()
with torch.no_grad():
    expected = net(inputs[:1]).numpy()
print("x86 float matches torch:",
      np.allclose(eie.compile_x86(encoded, mode="float")(x), expected, rtol=1e-4, atol=1e-4))
# CHECK: x86 float matches torch: True
# Weights that were never shared are refused by the encoder, naming the layer.
try:
    eie.encode(eie.import_torch(Net(), torch.zeros(1, 1, 8, 8)))
except eie.CompilerError as e:
    print("unshared:", " | ".join(str(e).splitlines()))
# CHECK: unshared: pass pipeline {{.*}} failed | '/fc1/Gemm': error: cannot encode layer '/fc1/Gemm': the weights hold more than 15 distinct non-zero values, {{.*}} share them first

# Pictures of the real reports.
machine = os.path.join(work, "machine.json")
with open(machine, "w") as f:
    json.dump({"pes": 4}, f)
stream = eie.compile_eie(encoded, machine=machine)
features = net.features(inputs[:1]).detach().numpy()
_, sim_report = eie.simulate(stream, features, machine=machine)
sim_report.pop("raw_output")
written = [
    pictures.blocking_energy(eie.optimize_blocking(module, arch="asic-3level"),
                             os.path.join(work, "blocking.png")),
    pictures.eie_utilization(sim_report, os.path.join(work, "pes.png")),
    pictures.compression_ratio(storage, os.path.join(work, "ratio.png")),
]
for path in written:
    with open(path, "rb") as f:
        print("%s: %s" % (os.path.basename(path), f.read(8) == b"\x89PNG\r\n\x1a\n"))
# CHECK: blocking.png: True
# CHECK: pes.png: True
# CHECK: ratio.png: True

# The command line draws from the JSON files the tools write, and says what is wrong with a bad one.
report_path = os.path.join(work, "sim.json")
with open(report_path, "w") as f:
    json.dump(sim_report, f)
command = [sys.executable, "-m", "eie.pictures"]
result = subprocess.run(command + ["utilization", report_path, "-o", os.path.join(work, "cli.png")],
                        capture_output=True, text=True)
print("cli:", result.returncode, os.path.basename(result.stdout.strip()))
# CHECK: cli: 0 cli.png
result = subprocess.run(command + ["blocking", report_path, "-o", os.path.join(work, "bad.png")],
                        capture_output=True, text=True)
print("cli bad report:", result.returncode, result.stderr.strip())
# CHECK: cli bad report: 1 eie.pictures: {{.*}}sim.json: blocking_energy: report of layer '?' has no 'levels' or 'energy_pj' (not a blocking report)
