#!/usr/bin/python3
"""Deep Compression with retraining, end to end, on a network that was really
trained (docs/DeepCompressionDemo.md).

Two models learn scikit-learn's bundled 8x8 digits (no download): a
LeNet-300-100-style MLP (64-300-100-10) and a small CNN. Each is pruned to
about 10% density and shared to 4-bit weights with retraining
(eie.deep_compression), imported (eie.import_torch), encoded for EIE without
changing a bit (eie.encode), compiled for x86 in float and in fixed point and
for the EIE accelerator, and the whole test split runs through every
version. The table compares accuracy, model bytes, EIE cycles, time and
energy, and x86 time; summary.json holds the same numbers, and PNG pictures
show the compression per layer, the EIE PEs' utilization and the energy of
the dense layers' blockings per memory level.

The last line printed is the path of summary.json. The exit status is 1 when
a target of the demo is missed (accuracy loss above 1 point, x86 fixed point
and the simulated EIE disagreeing on a sample, less than 10x compression),
2 for bad input, which is reported before any training.
"""

import argparse
import copy
import json
import os
import sys
import time

import numpy as np


def fail(message, status=2):
    print("deep-compression-demo: %s" % message, file=sys.stderr)
    sys.exit(status)


try:
    import torch
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split
except ImportError as e:
    fail("%s (Debian: python3-torch, python3-sklearn; utils/setup.sh "
         "installs them)" % e)
try:
    import eie
    from eie import deep_compression, pictures
except ImportError as e:
    fail("%s: put <build>/python_packages on PYTHONPATH" % e)


# ----------------------------------------------------------------------------
# Models. Layer names are the modules' attribute names; the ONNX exporter
# names a layer's node "/<name>/<Op>", which the importer keeps.


class MLP(torch.nn.Module):
    """LeNet-300-100 (Han et al.'s MNIST network) on 64 inputs."""

    input_shape = (1, 64)

    def __init__(self):
        super().__init__()
        self.fc1 = torch.nn.Linear(64, 300)
        self.fc2 = torch.nn.Linear(300, 100)
        self.fc3 = torch.nn.Linear(100, 10)

    def forward(self, x):
        return self.fc3(torch.relu(self.fc2(torch.relu(self.fc1(x)))))


class CNN(torch.nn.Module):
    """A convolution with max pooling on the host, two fc layers on EIE."""

    input_shape = (1, 1, 8, 8)

    def __init__(self):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(1, 16, 3, padding=1)
        self.fc1 = torch.nn.Linear(256, 128)
        self.fc2 = torch.nn.Linear(128, 10)

    def features(self, x):
        """What the host computes before the layers EIE runs."""
        x = torch.nn.functional.max_pool2d(torch.relu(self.conv1(x)), 2)
        return torch.flatten(x, 1)

    def forward(self, x):
        return self.fc2(torch.relu(self.fc1(self.features(x))))


class HostPart(torch.nn.Module):
    """A model's `features` (the layers before those EIE runs), compiled on
    its own to give the EIE stream exactly the input the whole compiled
    network gives it."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, x):
        return self.model.features(x)


# Deep Compression's densities for LeNet-300-100 are 8%, 9% and 26%; with
# 64 instead of 784 inputs the first layer keeps more. Both models end near
# 10% of their weights.
MODELS = {
    "mlp": (MLP, {"fc1": 0.15, "fc2": 0.08, "fc3": 0.25}),
    "cnn": (CNN, {"conv1": 0.6, "fc1": 0.08, "fc2": 0.25}),
}

# The EIE machine of the demo: the contract's PE (docs/Simulator.md) with 8
# PEs instead of 64. Layers of 100-300 rows leave 64 PEs a handful of rows
# each, and every PE stores a pointer per column, which would outweigh
# these small layers' weights.
DEMO_MACHINE = {"pes": 8}


# ----------------------------------------------------------------------------
# Data and training.


class Batches:
    """Shuffled minibatches, a new order every pass, from a seeded
    generator."""

    def __init__(self, inputs, targets, size, seed):
        self.inputs, self.targets, self.size = inputs, targets, size
        self.generator = torch.Generator().manual_seed(seed)

    def __iter__(self):
        order = torch.randperm(len(self.inputs), generator=self.generator)
        for start in range(0, len(order), self.size):
            chosen = order[start:start + self.size]
            yield self.inputs[chosen], self.targets[chosen]


def load_data(seed):
    digits = load_digits()
    # Pixels are 0..16; in [0, 1] they suit the fixed-point inputs too.
    images = (digits.images / 16.0).astype(np.float32)
    train_x, test_x, train_y, test_y = train_test_split(
        images, digits.target, test_size=0.2, random_state=seed,
        stratify=digits.target)
    return (torch.from_numpy(train_x), torch.from_numpy(train_y),
            torch.from_numpy(test_x), torch.from_numpy(test_y))


def shaped(model_class, images):
    return images.reshape((len(images),) + model_class.input_shape[1:])


# ----------------------------------------------------------------------------
# Compiled models.


def layer_name(node_name):
    """"/fc1/Gemm" -> "fc1": the torch name of an imported layer."""
    parts = node_name.strip("/").split("/")
    return ".".join(parts[:-1]) if len(parts) > 1 else node_name


def calibrate_act_frac(model, plans, images):
    """The fixed-point format of the EIE layers' activations: the largest
    fractional width whose int16 range holds every fc input and output the
    training images produce, with 25% headroom for unseen inputs
    (docs/NUMERICS.md's chooseFracBits; one format for the whole chain, as
    the machine does not rescale between layers)."""
    modules = dict(model.named_modules())
    largest = [0.0]

    def record(module, inputs, output):
        largest[0] = max(largest[0], float(inputs[0].abs().max()),
                         float(output.abs().max()))

    hooks = [modules[p.name].register_forward_hook(record)
             for p in plans if p.kind == "fc"]
    with torch.no_grad():
        model(images)
    for hook in hooks:
        hook.remove()
    bound = 1.25 * largest[0]
    for frac in range(15, -1, -1):
        if bound * (1 << frac) <= 32767:
            return frac
    return 0


def conv_storage(name, weight, bits):
    """Storage of a shared conv filter in the compressed format (one PE, a
    column per filter tap, through the same encoder): the conv layers stay
    on the host, but they are stored compressed too."""
    rows = weight.shape[0]
    matrix = np.ascontiguousarray(weight.reshape(rows, -1), dtype=np.float32)
    cols = matrix.shape[1]
    source = """
func.func @f(%%x: tensor<1x%(c)dxf32>) -> tensor<1x%(r)dxf32> {
  %%w = arith.constant dense_resource<w> : tensor<%(r)dx%(c)dxf32>
  %%i = tensor.empty() : tensor<1x%(r)dxf32>
  %%y = cnn.fc ins(%%x, %%w : tensor<1x%(c)dxf32>, tensor<%(r)dx%(c)dxf32>)
      outs(%%i : tensor<1x%(r)dxf32>) -> tensor<1x%(r)dxf32> loc("%(n)s")
  return %%y : tensor<1x%(r)dxf32>
}
""" % {"r": rows, "c": cols, "n": name}
    _, report = eie.encode(eie.parse(source, weights={"w": matrix}),
                           bits=bits, pes=1)
    return report["layers"][0]


def run_all(function, inputs):
    return np.concatenate([function(x[None]) for x in inputs])


def time_per_call_us(function, inputs, repeats=3):
    """Microseconds per call, the best of `repeats` passes over `inputs`
    (Python's call overhead included)."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        for x in inputs:
            function(x[None])
        best = min(best, time.perf_counter() - start)
    return 1e6 * best / len(inputs)


def accuracy(outputs, targets):
    return float(np.mean(outputs.argmax(axis=1) == targets))


# ----------------------------------------------------------------------------


def prepare(name, args, machine):
    """The untrained model and its compression plan. Everything that can
    refuse a model does so here, before any training: the encoder's and the
    machine's limits (deep_compression.plan), then the importer."""
    model_class, densities = MODELS[name]
    densities = dict(densities)
    densities.update(args.density.get(name, {}))
    torch.manual_seed(args.seed)
    model = model_class()
    try:
        plans = deep_compression.plan(model, densities, fc_bits=args.fc_bits,
                                      conv_bits=args.conv_bits,
                                      machine=machine)
    except deep_compression.EncodingLimitError as e:
        fail("%s: %s" % (name, e))
    try:
        eie.import_torch(model, torch.zeros(model_class.input_shape))
    except eie.CompilerError as e:
        fail("%s: %s" % (name, str(e).splitlines()[0]))
    return model, densities, plans


def compress_and_compile(name, prepared, args, data, machine, machine_path,
                         log):
    model, densities, plans = prepared
    model_class = type(model)
    train_x, train_y, test_x, test_y = data
    example = torch.zeros(model_class.input_shape)

    started = time.perf_counter()
    batches = Batches(shaped(model_class, train_x), train_y, 32, args.seed)
    parameters = list(model.parameters())
    deep_compression.train(model, batches, args.epochs, parameters, 1e-3,
                           final_lr=1e-5)
    dense_model = copy.deepcopy(model)
    deep_compression.deep_compress(
        model, batches, densities, fc_bits=args.fc_bits,
        conv_bits=args.conv_bits, machine=machine,
        stages=3, prune_epochs=args.retrain_epochs,
        share_epochs=args.retrain_epochs, log=lambda m: log("  " + m))
    log("  trained and compressed in %.1f s" % (time.perf_counter() -
                                                started))

    test_inputs = shaped(model_class, test_x).numpy()
    targets = test_y.numpy()
    act_frac = calibrate_act_frac(model, plans,
                                  shaped(model_class, train_x))
    dense_module = eie.import_torch(dense_model, example)
    shared_module = eie.import_torch(model, example)
    compressed, storage = eie.encode(shared_module, bits=args.fc_bits,
                                     pes=machine["pes"], act_frac=act_frac)

    # The encoder must hold exactly the weights retraining produced.
    modules = dict(model.named_modules())
    decoded = eie.compressed_weights(compressed)
    for node, weights in decoded.items():
        exported = modules[layer_name(node)].weight.detach().numpy()
        if weights.tobytes() != exported.tobytes():
            fail("%s: the encoded weights of layer '%s' differ from the "
                 "exported ones" % (name, layer_name(node)), status=1)

    started = time.perf_counter()
    dense_x86 = eie.compile_x86(dense_module)
    float_x86 = eie.compile_x86(compressed, mode="float")
    fixed_x86 = eie.compile_x86(compressed, mode="fixed")
    simulated = eie.compile_x86(
        compressed, pipeline="eie-sparse-to-llvm{mode=fixed "
        "accelerator=simulator machine=%s}" % machine_path)
    stream = eie.compile_eie(compressed, machine=machine_path)
    host_part = None
    if hasattr(model, "features"):
        host_part = eie.compile_x86(
            eie.import_torch(HostPart(model), example),
            pipeline="eie-sparse-to-llvm{mode=fixed}")
    log("  compiled in %.1f s (act_frac %d)"
        % (time.perf_counter() - started, act_frac))

    outputs = {
        "dense": run_all(dense_x86, test_inputs),
        "x86_float": run_all(float_x86, test_inputs),
        "x86_fixed": run_all(fixed_x86, test_inputs),
        "eie": run_all(simulated, test_inputs),
    }
    # The stream alone, on the input the host part gives it: the report of
    # cycles, time and energy per inference, and the same outputs again.
    reports = []
    stream_outputs = []
    for x in test_inputs:
        stream_input = x[None] if host_part is None else host_part(x[None])
        output, report = eie.simulate(stream, stream_input,
                                      machine=machine_path)
        stream_outputs.append(output)
        reports.append(report)
    stream_outputs = np.concatenate(stream_outputs)
    equal = bool(np.array_equal(outputs["x86_fixed"], outputs["eie"]) and
                 np.array_equal(outputs["x86_fixed"], stream_outputs))

    fc_records = []
    for layer in storage["layers"]:
        record = dict(layer)
        record["name"] = "%s/%s" % (name, layer_name(layer["name"]))
        fc_records.append(record)
    records = []
    for p in plans:
        if p.kind == "conv":
            record = conv_storage(p.name, modules[p.name].weight.detach()
                                  .numpy(), p.bits)
            record["name"] = "%s/%s" % (name, p.name)
            records.append(record)
    records += fc_records
    compressed_names = {p.name for p in plans}
    dense_bytes = sum(4 * q.numel() for q in model.parameters())
    # Compressed layers in their format, every other parameter (biases,
    # layers left dense) in fp32.
    compressed_bytes = sum(r["total_bytes"] for r in records) + sum(
        4 * q.numel() for n, q in model.named_parameters()
        if not (n.endswith(".weight") and n[:-7] in compressed_names))

    def mean_total(key):
        return float(np.mean([r["total"][key] for r in reports]))

    summary = {
        "name": name,
        "accuracy": {key: accuracy(value, targets)
                     for key, value in outputs.items()},
        "bytes": {"dense": int(dense_bytes),
                  "compressed": int(compressed_bytes)},
        "x86_fixed_equals_eie": equal,
        "eie_cycles": mean_total("cycles"),
        "eie_energy_uj": float(np.mean(
            [r["total"]["energy_pj"]["total"] for r in reports]) / 1e6),
        "x86_us": time_per_call_us(fixed_x86, test_inputs),
    }
    details = {
        "eie_time_us": mean_total("time_us"),
        "test_samples": len(targets),
        "records": records,
        "first_report": reports[0],
        "blocking": eie.optimize_blocking(dense_module, arch=args.arch),
    }
    return summary, details


def print_table(summaries, details):
    header = ("model", "dense", "x86 float", "x86 fixed", "EIE sim",
              "dense B", "compr. B", "ratio", "EIE cycles", "EIE us",
              "EIE uJ", "x86 us")
    rows = []
    for s, d in zip(summaries, details):
        a, b = s["accuracy"], s["bytes"]
        rows.append((
            s["name"], "%.2f%%" % (100 * a["dense"]),
            "%.2f%%" % (100 * a["x86_float"]),
            "%.2f%%" % (100 * a["x86_fixed"]), "%.2f%%" % (100 * a["eie"]),
            "%d" % b["dense"], "%d" % b["compressed"],
            "%.1fx" % (b["dense"] / b["compressed"]),
            "%.0f" % s["eie_cycles"], "%.2f" % d["eie_time_us"],
            "%.3f" % s["eie_energy_uj"], "%.1f" % s["x86_us"]))
    widths = [max(len(r[i]) for r in rows + [header])
              for i in range(len(header))]
    for row in [header] + rows:
        print("  ".join(cell.ljust(w) if i == 0 else cell.rjust(w)
                        for i, (cell, w) in enumerate(zip(row, widths))))


def check_targets(summaries):
    """The demo's targets (issue 17), one line each; returns whether all
    hold."""
    met = True
    for s in summaries:
        a, b = s["accuracy"], s["bytes"]
        loss = max(a["dense"] - a[k] for k in ("x86_float", "x86_fixed",
                                               "eie"))
        checks = [
            ("accuracy loss %.2f points <= 1" % (100 * loss),
             loss <= 0.01 + 1e-9),
            ("x86 fixed == EIE on every test sample",
             s["x86_fixed_equals_eie"]),
            ("%.1fx smaller than dense fp32 >= 10x"
             % (b["dense"] / b["compressed"]),
             b["dense"] >= 10 * b["compressed"]),
        ]
        for text, ok in checks:
            print("target %s: %s: %s" % (s["name"], text,
                                         "ok" if ok else "MISSED"))
            met = met and ok
    return met


def parse_density(text):
    try:
        model_layer, value = text.split("=")
        model, layer = model_layer.split(".", 1)
        return model, layer, float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            "expected MODEL.LAYER=DENSITY (e.g. mlp.fc1=0.1), got %r" % text)


def parse_machine(text):
    try:
        key, value = text.split("=")
        return key, int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            "expected KEY=INTEGER (e.g. spmat_sram_bytes=1024), got %r"
            % text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-o", "--output", default="deep-compression-demo",
                        help="directory for summary.json, the pictures and "
                        "the machine description")
    parser.add_argument("--models", default="mlp,cnn",
                        help="comma-separated: mlp, cnn (default both)")
    parser.add_argument("--epochs", type=int, default=50,
                        help="dense training epochs")
    parser.add_argument("--retrain-epochs", type=int, default=15,
                        help="retraining epochs per pruning stage and of "
                        "centroid fine-tuning")
    parser.add_argument("--density", type=parse_density, action="append",
                        default=[], metavar="MODEL.LAYER=D",
                        help="overrides a layer's density")
    parser.add_argument("--fc-bits", type=int, default=4)
    parser.add_argument("--conv-bits", type=int, default=4)
    parser.add_argument("--machine", type=parse_machine, action="append",
                        default=[], metavar="KEY=N",
                        help="overrides a key of the EIE machine "
                        "description (default: 8 PEs, otherwise "
                        "eie-default)")
    parser.add_argument("--arch", default="asic-3level",
                        help="architecture of the blocking picture")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    names = [n for n in args.models.split(",") if n]
    for n in names:
        if n not in MODELS:
            fail("unknown model '%s' (models: %s)" % (n, ", ".join(MODELS)))
    densities = {}
    for model, layer, value in args.density:
        if model not in MODELS:
            fail("--density %s.%s: unknown model '%s'" % (model, layer,
                                                         model))
        densities.setdefault(model, {})[layer] = value
    args.density = densities
    args.machine = dict(args.machine)
    if args.epochs < 1 or args.retrain_epochs < 1:
        fail("--epochs and --retrain-epochs must be positive")

    # One thread: the results do not depend on the machine's core count,
    # and tiny batches gain nothing from more.
    torch.set_num_threads(1)
    started = time.perf_counter()
    output = os.path.abspath(args.output)
    os.makedirs(output, exist_ok=True)
    machine = dict(deep_compression.DEFAULT_MACHINE)
    machine.update(DEMO_MACHINE)
    machine.update(args.machine)
    prepared = {name: prepare(name, args, machine) for name in names}
    # compile_eie, the simulator and the pipeline read the machine from here.
    machine_path = os.path.join(output, "machine.json")
    with open(machine_path, "w") as f:
        json.dump(machine, f, indent=2)
    data = load_data(args.seed)
    summaries, details = [], []
    for name in names:
        print("== %s: training, pruning and sharing with retraining, "
              "compiling, running %d test samples" % (name, len(data[3])))
        sys.stdout.flush()
        summary, detail = compress_and_compile(
            name, prepared[name], args, data, machine, machine_path,
            lambda m: print(m, flush=True))
        summaries.append(summary)
        details.append(detail)

    print()
    print("accuracy on %d test samples; bytes of weights and biases; EIE "
          "(%d PEs, %d MHz) per inference on the fc layers it runs; x86 "
          "per call of the fixed-point network" % (
              details[0]["test_samples"], machine["pes"],
              machine["clock_mhz"]))
    print_table(summaries, details)

    written = [
        pictures.compression_ratio(
            [r for d in details for r in d["records"]],
            os.path.join(output, "compression-per-layer.png"),
            title="Compression per layer (%d-bit fc and %d-bit conv codes, "
            "%d PEs for fc layers)" % (args.fc_bits, args.conv_bits,
                                       machine["pes"])),
        pictures.blocking_energy(
            [dict(r, layer="%s/%s" % (s["name"], layer_name(r["layer"])))
             for s, d in zip(summaries, details) for r in d["blocking"]],
            os.path.join(output, "blocking-energy.png"),
            title="Dense layers' optimal blockings on %s, energy per memory "
            "level" % args.arch),
    ]
    for s, d in zip(summaries, details):
        report = copy.deepcopy(d["first_report"])
        for layer in report["layers"]:
            layer["name"] = layer_name(layer["name"])
        written.append(pictures.eie_utilization(
            report, os.path.join(output, "eie-pes-%s.png" % s["name"]),
            title="%s on EIE (%d PEs), first test sample"
            % (s["name"], machine["pes"])))
    summary_path = os.path.join(output, "summary.json")
    with open(summary_path, "w") as f:
        json.dump({"models": summaries}, f, indent=2)
        f.write("\n")
    print("pictures: %s" % ", ".join(os.path.basename(p) for p in written))
    met = check_targets(summaries)
    print("total %.1f s" % (time.perf_counter() - started))
    print(summary_path)
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
