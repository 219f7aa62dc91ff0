#!/usr/bin/env python3
"""End-to-end benchmark of whole networks: our AOT objects against PyTorch (issue 16, item 4).

For each network (examples/networks/NAME.json: AlexNet and VGG-16 by default), batch size and
thread count, times one forward pass of
  - ours, dense: `eie-netgen` -> `eie-compile --num-threads=N` (the default pipeline,
    eie-x86-pipeline; N = 0, the OpenMP runtime's default, for "all" threads), linked into
    bench/network/driver.c;
  - ours, compressed: the same module through `eie-opt --eie-prune="layer-density=..."
    --eie-share-weights="layers=fc fc-bits=4" --eie-encode="pes=64"` (Deep Compression's FC
    densities, 4-bit FC weights; conv layers untouched unless given a density), compiled with
    `--pipeline="eie-sparse-to-llvm{blocked-layers=true threads=N}"` (N = the CPU count for "all");
  - PyTorch: a torch.nn module built from the same network description with the same .npy
    weights, torch.set_num_threads(N) (and OpenBLAS's thread count), torch.no_grad();
and prints one table per batch size and thread count: times (ms, the best call of --repeat
rounds in which the three take turns, after a warm-up call), the ratios ours/PyTorch, and each
output's error against PyTorch's; then the speed-up of each with all threads. The compressed
object is checked against PyTorch running the compressed module's own weights (the FC layers'
matrices decoded from #eie.compressed_matrix). Exits 1 if an output differs from PyTorch's by
more than 1e-4 relative (elementwise), or if a step fails (naming the command).

  /usr/bin/python3 bench/network/network_bench.py [--networks alexnet,vgg16] [--batches 1,8]
      [--threads 1,all] [--repeat 5] [--calls 3] [--smoke] [--keep-dir [DIR]] [--build build]

docs/NetworkBenchmark.md describes the method.
"""
import argparse
import ctypes
import functools
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

try:
    import numpy as np
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
except ImportError as import_error:
    sys.exit("network_bench.py: error: %s needs NumPy and PyTorch (Debian's python3-numpy and "
             "python3-torch): %s" % (sys.executable, import_error))

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DRIVER = os.path.join(ROOT, "bench", "network", "driver.c")
TOLERANCE = 1e-4
# Deep Compression's FC densities (Han et al., ICLR 2016, Tables 1, 2, 4 and 5).
FC_DENSITIES = {
    "alexnet": "fc6:0.09,fc7:0.09,fc8:0.25",
    "vgg16": "fc6:0.04,fc7:0.04,fc8:0.23",
    "lenet-5": "ip1:0.08,ip2:0.19",
    "lenet-300-100": "ip1:0.08,ip2:0.09,ip3:0.26",
}
PES = 64
FC_BITS = 4
# glibc's mallopt parameters (malloc.h).
M_TRIM_THRESHOLD, M_MMAP_MAX = -1, -4


class BenchError(Exception):
    pass


def progress(message):
    print("network_bench.py: " + message, file=sys.stderr, flush=True)


def command_failed(cmd, returncode, output):
    """BenchError naming a failed command and its first error line (else its last line)."""
    lines = [l.strip() for l in output.splitlines() if l.strip()]
    errors = [l for l in lines if "error" in l]
    reason = (errors or lines[-1:] or [""])[0]
    return BenchError("command failed (exit %s): %s%s" % (
        returncode, shlex.join(cmd), (": " + reason) if reason else ""))


def run(cmd, env=None):
    """Runs `cmd`; its stdout, or BenchError naming the command and its error."""
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, env=env)
    except OSError as error:
        raise BenchError("cannot run %s: %s" % (shlex.join(cmd), error.strerror))
    if done.returncode != 0:
        raise command_failed(cmd, done.returncode, done.stderr.strip() or done.stdout)
    return done.stdout


def layer_name(layer, index):
    """eie-netgen's name of a layer (lib/Network: the kind and index when it has no name)."""
    return layer.get("name", "%s%d" % (layer["type"], index))


def cpu_description():
    """'AMD EPYC (family 26, model 2), AVX-512' from the first processor of /proc/cpuinfo."""
    fields = {}
    try:
        with open("/proc/cpuinfo") as f:
            for line in f.read().split("\n\n")[0].splitlines():
                key, _, value = line.partition(":")
                fields[key.strip()] = value.strip()
    except OSError:
        pass
    flags = fields.get("flags", "").split()
    isa = "AVX-512" if "avx512f" in flags else "AVX2+FMA" if "avx2" in flags else "no AVX2"
    return "%s (family %s, model %s), %s" % (fields.get("model name", "unknown"),
                                              fields.get("cpu family", "?"),
                                              fields.get("model", "?"), isa)


def cpu_count():
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


# ---------------------------------------------------------------------------------------------
# Reading back the compressed module's weights

MATRIX = re.compile(
    r"#eie\.compressed_matrix<rows = (\d+), cols = (\d+), pes = (\d+), bits = (\d+), "
    r"codebook = array<f32: ([^>]*)>.*?entries = dense_resource<([^>]+)> : tensor<\d+xi\d+>, "
    r"col_ptrs = dense_resource<([^>]+)> : tensor<\d+xi32>>")
CONSTANT = re.compile(r"(%\S+) = arith\.constant dense_resource<([^>]+)> : tensor<([0-9x]+)xf32>")
INS_OP = re.compile(r"= cnn\.(conv2d|fc) ins\(([^:]*):")
SPARSE_FC = re.compile(r"= eie\.sparse_fc (%\S+)(?: bias\((%\S+) : [^)]*\))? \{(.*)\} : ")


class ModuleText:
    """An MLIR text module: its constants and the payloads of its dense_resource blobs."""

    def __init__(self, path):
        with open(path) as f:
            self.text = f.read()
        self.resources = self.text.rfind("{-#")
        if self.resources < 0:
            self.resources = len(self.text)
        self.constants = {name: (key, tuple(int(d) for d in shape.split("x")))
                          for name, key, shape in CONSTANT.findall(self.text)}

    def blob(self, key):
        """The bytes of blob `key` (without its 4-byte alignment prefix)."""
        start = self.text.find("\n      %s: \"0x" % key, self.resources)
        if start < 0:
            raise BenchError("the compressed module has no blob '%s'" % key)
        start = self.text.index('"0x', start) + 3
        data = bytes.fromhex(self.text[start:self.text.index('"', start)])
        return np.frombuffer(data[4:], dtype=np.uint8)

    def tensor(self, value):
        """The float32 array of the dense_resource constant `value` (an SSA name)."""
        if value not in self.constants:
            raise BenchError("the compressed module's %s is not a dense_resource constant" % value)
        key, shape = self.constants[value]
        return self.blob(key).view("<f4").reshape(shape)


def decode_matrix(rows, cols, pes, bits, codebook, entries, col_ptrs):
    """The dense rows x cols float32 matrix of an EIE-format matrix (docs/CompressedFormat.md):
    each PE's entries, column by column; an entry (v, z) advances the PE's local row by z + 1 and,
    unless v == 0 (padding), holds codebook[v] at row local * pes + pe."""
    pointers = col_ptrs.view("<u4").astype(np.int64).reshape(pes, cols + 1)
    if bits <= 4:
        v, z = entries & 15, entries >> 4
    else:
        pairs = entries.reshape(-1, 2)
        v, z = pairs[:, 0], pairs[:, 1] >> 4
    dense = np.zeros((rows, cols), dtype=np.float32)
    start = 0
    for pe in range(pes):
        count = int(pointers[pe, cols])
        counts = np.diff(pointers[pe])
        steps = np.cumsum(z[start:start + count].astype(np.int64) + 1)
        before = np.concatenate(([0], steps))[pointers[pe, :-1]]
        local = steps - np.repeat(before, counts) - 1
        column = np.repeat(np.arange(cols), counts)
        codes = v[start:start + count]
        real = codes != 0
        row = local[real] * pes + pe
        if row.size and row.max() >= rows:
            raise BenchError("a compressed matrix has a row out of range")
        dense[row, column[real]] = codebook[codes[real]]
        start += count
    return dense


def compressed_weights(network, path):
    """Layer name -> (weight, bias) of every conv2d and fc layer as the compressed text module
    `path` holds them: conv and bias constants as they are, the eie.sparse_fc layers' matrices
    decoded. The module's layers are matched with the description's in order."""
    module = ModuleText(path)
    convs, fcs = [], []
    for line in module.text[:module.resources].splitlines():
        match = INS_OP.search(line)
        if match:
            operands = [o.strip() for o in match.group(2).split(",")]
            weight = module.tensor(operands[1])
            bias = module.tensor(operands[2]) if len(operands) > 2 else None
            (convs if match.group(1) == "conv2d" else fcs).append((weight, bias))
            continue
        match = SPARSE_FC.search(line)
        if match:
            matrix = MATRIX.search(match.group(3))
            if not matrix:
                raise BenchError("cannot read the #eie.compressed_matrix of: " + line[:120])
            rows, cols, pes, bits = (int(matrix.group(i)) for i in range(1, 5))
            codebook = np.array([float(c) for c in matrix.group(5).split(",")], dtype=np.float32)
            weight = decode_matrix(rows, cols, pes, bits, codebook,
                                   module.blob(matrix.group(6)), module.blob(matrix.group(7)))
            bias = module.tensor(match.group(2)) if match.group(2) else None
            fcs.append((weight, bias))
    weights = {}
    for kind, found in (("conv2d", convs), ("fc", fcs)):
        names = [layer_name(l, i) for i, l in enumerate(network["layers"]) if l["type"] == kind]
        if len(names) != len(found):
            raise BenchError("the compressed module has %d %s layers, the description %d" %
                             (len(found), kind, len(names)))
        weights.update(zip(names, found))
    return weights


def dense_weights(network, directory):
    """Layer name -> (weight, bias) from eie-netgen --dump-weights."""
    weights = {}
    for index, layer in enumerate(network["layers"]):
        if layer["type"] in ("conv2d", "fc"):
            name = layer_name(layer, index)
            bias = os.path.join(directory, name + ".bias.npy")
            weights[name] = (np.load(os.path.join(directory, name + ".weight.npy")),
                             np.load(bias) if os.path.exists(bias) else None)
    return weights


# ---------------------------------------------------------------------------------------------
# PyTorch

def torch_model(network, weights):
    """A torch.nn.Sequential computing the network description as eie-netgen's module and
    utils/numpy_reference.py do: padding [top, left, bottom, right], floor-mode windows, max
    pooling padded with -inf, average pooling with count_include_pad, Caffe's across-channel LRN
    x / (k + alpha / size * sum of x^2 over channels c - size/2 .. c - size/2 + size - 1)^beta
    (torch.nn.LocalResponseNorm, which pads its window the same way), softmax over the last
    dim."""

    class Pad(nn.Module):
        def __init__(self, padding, value):
            super().__init__()
            self.padding, self.value = padding, value

        def forward(self, x):
            return F.pad(x, self.padding, value=self.value)

    class AvgPoolAsymmetric(nn.Module):
        """Average pooling with asymmetric padding, without counting the padding."""

        def __init__(self, kernel, stride, padding):
            super().__init__()
            self.kernel, self.stride, self.padding = kernel, stride, padding

        def forward(self, x):
            sums = F.avg_pool2d(F.pad(x, self.padding), self.kernel, self.stride,
                                divisor_override=1)
            ones = F.pad(torch.ones((1, 1) + tuple(x.shape[2:]), dtype=x.dtype), self.padding)
            return sums / F.avg_pool2d(ones, self.kernel, self.stride, divisor_override=1)

    def parameter(array):
        return nn.Parameter(torch.from_numpy(array.copy()), requires_grad=False)

    modules = []
    for index, layer in enumerate(network["layers"]):
        kind = layer["type"]
        name = layer_name(layer, index)
        top, left, bottom, right = layer.get("padding", [0, 0, 0, 0])
        symmetric = top == bottom and left == right
        torch_padding = (left, right, top, bottom)
        if kind == "conv2d":
            weight, bias = weights[name]
            groups = layer.get("groups", 1)
            if not symmetric:
                modules.append(Pad(torch_padding, 0.0))
            conv = nn.Conv2d(weight.shape[1] * groups, weight.shape[0], weight.shape[2:],
                             stride=tuple(layer.get("stride", [1, 1])),
                             padding=(top, left) if symmetric else 0,
                             dilation=tuple(layer.get("dilation", [1, 1])), groups=groups,
                             bias=bias is not None)
            conv.weight = parameter(weight)
            if bias is not None:
                conv.bias = parameter(bias)
            modules.append(conv)
        elif kind == "fc":
            weight, bias = weights[name]
            fc = nn.Linear(weight.shape[1], weight.shape[0], bias=bias is not None)
            fc.weight = parameter(weight)
            if bias is not None:
                fc.bias = parameter(bias)
            modules.append(fc)
        elif kind == "relu":
            # In place unless it would overwrite the network's input.
            modules.append(nn.ReLU(inplace=bool(modules)))
        elif kind in ("max_pool2d", "avg_pool2d"):
            kernel = tuple(layer["kernel"])
            stride = tuple(layer.get("stride", layer["kernel"]))
            if kind == "max_pool2d":
                if not symmetric:
                    modules.append(Pad(torch_padding, float("-inf")))
                modules.append(nn.MaxPool2d(kernel, stride, (top, left) if symmetric else 0))
            elif symmetric:
                modules.append(nn.AvgPool2d(kernel, stride, (top, left),
                                            count_include_pad=layer.get("count_include_pad",
                                                                        False)))
            elif layer.get("count_include_pad", False):
                modules += [Pad(torch_padding, 0.0), nn.AvgPool2d(kernel, stride)]
            else:
                modules.append(AvgPoolAsymmetric(kernel, stride, torch_padding))
        elif kind == "lrn":
            modules.append(nn.LocalResponseNorm(layer.get("size", 5), layer.get("alpha", 1e-4),
                                                layer.get("beta", 0.75), layer.get("k", 1.0)))
        elif kind == "flatten":
            modules.append(nn.Flatten())
        elif kind == "softmax":
            modules.append(nn.Softmax(dim=-1))
        else:
            raise BenchError("layer '%s': no PyTorch equivalent of layer type '%s'" % (name, kind))
    return nn.Sequential(*modules).eval()


@functools.lru_cache(maxsize=None)
def openblas():
    """Debian's PyTorch runs nn.Linear through the system BLAS, OpenBLAS's pthread build, whose
    thread count torch.set_num_threads does not set: the library as loaded in this process, to
    set it, or None."""
    try:
        with open("/proc/self/maps") as f:
            paths = {line.split()[-1] for line in f if "libopenblas" in line}
    except OSError:
        return None
    for path in sorted(paths):
        try:
            library = ctypes.CDLL(path)
            library.openblas_set_num_threads
            return library
        except (OSError, AttributeError):
            continue
    return None


def torch_description():
    """'PyTorch 1.13.0a0 (oneDNN v2.6.3; OpenBLAS, ...)'."""
    config = torch.__config__.show()
    dnn = re.search(r"MKL-DNN (v[\d.]+)", config)
    blas = openblas()
    blas_name = "its BLAS"
    if blas:
        blas_name = "OpenBLAS"
        try:
            blas.openblas_get_config.restype = ctypes.c_char_p
            blas.openblas_get_corename.restype = ctypes.c_char_p
            blas_name = "%s (%s kernels)" % (
                " ".join(blas.openblas_get_config().decode().split()[:2]),
                blas.openblas_get_corename().decode())
        except AttributeError:
            pass
    return "PyTorch %s (convolutions: oneDNN %s%s; FC layers: %s)" % (
        torch.__version__, dnn.group(1) if dnn else "?",
        "" if torch.backends.mkldnn.is_available() and torch.backends.mkldnn.enabled
        else " (disabled)", blas_name)


class TorchRunner:
    """A PyTorch model on an input, called with torch.no_grad() on `threads` threads (ATen's
    and OpenBLAS's)."""

    def __init__(self, model, x, threads):
        self.model, self.x, self.threads = model, torch.from_numpy(x), threads
        self.output = None

    def call(self, count=1):
        """The best time of `count` calls, in ms."""
        torch.set_num_threads(self.threads)
        blas = openblas()
        if blas:
            blas.openblas_set_num_threads(self.threads)
        best = None
        with torch.no_grad():
            for _ in range(count):
                start = time.perf_counter()
                y = self.model(self.x)
                elapsed = (time.perf_counter() - start) * 1e3
                best = elapsed if best is None else min(best, elapsed)
        self.output = y.numpy()
        return best


# ---------------------------------------------------------------------------------------------
# Our objects

class Tools:
    def __init__(self, build, cc):
        self.bin = os.path.join(build, "bin")
        for tool in ("eie-netgen", "eie-opt", "eie-compile"):
            if not os.access(os.path.join(self.bin, tool), os.X_OK):
                raise BenchError("no %s in %s (give the build directory with --build)" %
                                 (tool, self.bin))
        self.cc = cc

    def __getitem__(self, tool):
        return os.path.join(self.bin, tool)


def build_program(tools, module, directory, name, compile_options):
    """Compiles `module` with eie-compile into directory/name.{o,h[,weights]} and links it with
    the driver; returns (program, weights file or None, eie-compile seconds)."""
    prefix = os.path.join(directory, name)
    start = time.perf_counter()
    out = run([tools["eie-compile"], module, "-o", prefix] + compile_options)
    seconds = time.perf_counter() - start
    last = out.strip().splitlines()[-1] if out.strip() else ""
    if not last.startswith("link: "):
        raise BenchError("eie-compile printed no link line for %s" % module)
    link = shlex.split(last[len("link: "):])
    with open(prefix + ".h") as f:
        header = f.read()
    function = re.search(r"^void (\w+)\(const float \*in0, float \*out0\);$", header, re.M)
    macros = re.search(r"^#define (\w+)_IN0_RANK ", header, re.M)
    if not function or not macros:
        raise BenchError("%s.h has no function of one float input and one float output" % prefix)
    weights = prefix + ".weights"
    defines = ['-DHEADER="%s.h"' % name, "-DFUNCTION=" + function.group(1),
               "-DMACROS=" + macros.group(1)]
    if os.path.exists(weights):
        defines.append("-DINIT=%s_init" % name)
    else:
        weights = None
    program = prefix + ".run"
    run([tools.cc, "-std=c99", "-O2", "-Wall", "-Werror", "-I", directory,
         "-I", os.path.join(ROOT, "include")] + defines +
        [DRIVER] + link + ["-o", program])
    return program, weights, seconds


class Program:
    """A driver program in its --serve mode: started (it loads the weights and makes its
    warm-up call), then called for timed calls, then finished (it writes its output). Its
    environment has no OMP_NUM_THREADS: an object compiled for all threads runs on the OpenMP
    runtime's default."""

    def __init__(self, program, weights, x_path, y_path):
        env = dict(os.environ)
        env.pop("OMP_NUM_THREADS", None)
        self.cmd = [program] + (["--weights", weights] if weights else []) + \
            ["--serve", x_path, y_path]
        self.y_path = y_path
        try:
            self.process = subprocess.Popen(self.cmd, stdin=subprocess.PIPE,
                                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                            text=True, env=env)
        except OSError as error:
            raise BenchError("cannot run %s: %s" % (shlex.join(self.cmd), error.strerror))
        self.first = self._read("ready")

    def _failure(self):
        """BenchError naming the command, after ending it."""
        if self.process.poll() is None:
            self.process.kill()
        _, err = self.process.communicate()
        return command_failed(self.cmd, self.process.returncode, err)

    def _read(self, word):
        line = self.process.stdout.readline().split()
        if len(line) != 2 or line[0] != word:
            raise self._failure()
        return float(line[1])

    def call(self, count=1):
        """The best time of `count` calls, in ms."""
        try:
            self.process.stdin.write("%d\n" % count)
            self.process.stdin.flush()
        except BrokenPipeError:
            raise self._failure()
        return self._read("best_ms")

    def finish(self):
        """The output the program writes at the end."""
        self.process.stdin.close()
        if self.process.wait() != 0:
            raise self._failure()
        self.process.stdout.close()
        self.process.stderr.close()
        return np.load(self.y_path)

    def kill(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.communicate()


def relative_error(result, reference):
    """max over the elements of |result - reference| / |reference|, each |reference| taken as at
    least 1e-6 max |reference| (so that an exact 0 does not divide)."""
    if result.shape != reference.shape:
        return float("inf")
    if reference.size == 0:
        return 0.0
    result = result.astype(np.float64)
    reference = reference.astype(np.float64)
    floor = max(np.abs(reference).max() * 1e-6, np.finfo(np.float64).tiny)
    error = (np.abs(result - reference) / np.maximum(np.abs(reference), floor)).max()
    return float(error) if np.isfinite(error) else float("inf")


# ---------------------------------------------------------------------------------------------

def parse_list(text, what, convert):
    items = [t.strip() for t in text.split(",") if t.strip()]
    if not items:
        raise BenchError("%s is empty" % what)
    try:
        return [convert(t) for t in items]
    except ValueError as error:
        raise BenchError("%s: %s" % (what, error))


def positive(text):
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise ValueError("'%s' is not a positive integer" % text)
    return value


def thread_count(text):
    if text == "all":
        return cpu_count()
    try:
        return positive(text)
    except ValueError:
        raise ValueError("'%s' is neither a positive integer nor 'all'" % text)


def load_network(spec):
    path = spec if spec.endswith(".json") else os.path.join(ROOT, "examples", "networks",
                                                            spec + ".json")
    if not os.path.exists(path):
        known = sorted(f[:-5] for f in os.listdir(os.path.join(ROOT, "examples", "networks"))
                       if f.endswith(".json"))
        raise BenchError("unknown network '%s' (the networks are %s, or a .json file)" %
                         (spec, ", ".join(known)))
    try:
        with open(path) as f:
            network = json.load(f)
    except (OSError, ValueError) as error:
        raise BenchError("cannot read %s: %s" % (path, error))
    if not isinstance(network, dict) or not isinstance(network.get("input"), list) or \
            not network["input"] or not isinstance(network.get("layers"), list):
        raise BenchError("%s: not a network description (no \"input\" shape or \"layers\")" %
                         path)
    key = os.path.basename(path)[:-5]
    return key, path, network


def c_identifier(text):
    return re.sub(r"\W", "_", text)


class Result:
    """One configuration's measurements."""

    def __init__(self):
        self.times = {}   # kind -> best ms
        self.errors = {}  # kind -> relative error against PyTorch
        self.outputs = {}


def time_rounds(args, programs, model, x, x_path, threads):
    """Starts the programs (each makes its warm-up call), makes PyTorch's warm-up call, then
    times --repeat rounds: in each, every one in turn makes --calls calls back to back, after a
    pause that lets the threads of the one before go to sleep (libomp's threads spin 200 ms after
    a parallel region). The Result holds the best times and the outputs."""
    running = {}
    try:
        for kind, (program, weights, y_path) in programs.items():
            running[kind] = Program(program, weights, x_path, y_path)
        running["torch"] = TorchRunner(model, x, threads)
        running["torch"].call()
        result = Result()
        for _ in range(args.repeat):
            for kind, runner in running.items():
                time.sleep(args.pause)
                t = runner.call(args.calls)
                result.times[kind] = min(result.times.get(kind, t), t)
        for kind, runner in running.items():
            result.outputs[kind] = runner.finish() if kind != "torch" else runner.output
        return result
    finally:
        for kind, runner in running.items():
            if kind != "torch":
                runner.kill()


def bench_network(args, tools, work, key, network, densities, results):
    """Builds, times and checks one network in every configuration into `results`."""
    directory = os.path.join(work, c_identifier(key))
    os.makedirs(directory, exist_ok=True)
    weights_dir = os.path.join(directory, "weights")
    dense_model = compressed_model = None
    for batch in args.batch_list:
        described = dict(network, input=[batch] + list(network["input"][1:]))
        json_path = os.path.join(directory, "b%d.json" % batch)
        with open(json_path, "w") as f:
            json.dump(described, f)
        module = os.path.join(directory, "b%d.mlirbc" % batch)
        x_path = os.path.join(directory, "b%d-input.npy" % batch)
        progress("%s batch %d: eie-netgen" % (key, batch))
        run([tools["eie-netgen"], json_path, "--emit-bytecode", "--dump-input", x_path, "-o",
             module] + ([] if dense_model else ["--dump-weights", weights_dir]))
        compressed = os.path.join(directory, "b%d-compressed.mlirbc" % batch)
        progress("%s batch %d: eie-opt (prune %s, share, encode)" % (key, batch, densities))
        run([tools["eie-opt"], module, "--eie-prune=layer-density=" + densities,
             "--eie-share-weights=layers=fc fc-bits=%d" % FC_BITS,
             "--eie-encode=pes=%d bits=%d" % (PES, FC_BITS), "--emit-bytecode", "-o", compressed])
        if dense_model is None:
            dense_model = torch_model(network, dense_weights(network, weights_dir))
            text = os.path.join(directory, "compressed.mlir")
            run([tools["eie-opt"], compressed, "-o", text])
            compressed_model = torch_model(network, compressed_weights(network, text))
            if not args.keep:
                os.remove(text)
        x = np.load(x_path)
        for threads in args.thread_list:
            everything = threads == cpu_count() and threads > 1
            tag = "%s_b%d_t%d" % (c_identifier(key), batch, threads)
            where = "%s batch %d, %d thread%s" % (key, batch, threads, "s" if threads > 1 else "")
            builds = {
                "dense": (module, ["--num-threads=%d" % (0 if everything else threads)]),
                "compressed": (compressed, ["--pipeline=eie-sparse-to-llvm{blocked-layers=true "
                                            "threads=%d}" % threads]),
            }
            files, programs = [], {}
            try:
                for kind, (source, options) in builds.items():
                    prefix = os.path.join(directory, "%s_%s" % (kind, tag))
                    files += [prefix + s for s in (".o", ".h", ".weights", ".run", "-output.npy")]
                    program, weights, seconds = build_program(tools, source, directory,
                                                              os.path.basename(prefix), options)
                    progress("%s: %s compiled (eie-compile %.1f s) and linked" %
                             (where, kind, seconds))
                    programs[kind] = (program, weights, prefix + "-output.npy")
                progress("%s: %d rounds of ours dense, ours compressed, PyTorch" %
                         (where, args.repeat))
                result = time_rounds(args, programs, dense_model, x, x_path, threads)
            finally:
                if not args.keep:
                    for name in files:
                        if os.path.exists(name):
                            os.remove(name)
            reference_compressed = TorchRunner(compressed_model, x, threads)
            reference_compressed.call()
            result.errors["dense"] = relative_error(result.outputs["dense"],
                                                    result.outputs["torch"])
            result.errors["compressed"] = relative_error(result.outputs["compressed"],
                                                         reference_compressed.output)
            results[(key, batch, threads)] = result
        if not args.keep:
            for name in (module, compressed, x_path, json_path):
                os.remove(name)


def ms(value):
    return "%.1f" % value if value >= 100 else "%.2f" % value if value >= 1 else "%.3f" % value


def print_tables(args, keys, results):
    failures = []
    for batch in args.batch_list:
        for threads in args.thread_list:
            everything = threads == cpu_count() and threads > 1
            print("\nbatch %d, %d thread%s%s" % (batch, threads, "s" if threads > 1 else "",
                                              " (all CPUs)" if everything else ""))
            print("%-14s %10s %12s %10s %9s %11s %11s %11s" % (
                "network", "ours dense", "ours compr.", "PyTorch", "dense/PT", "compr./PT",
                "err dense", "err compr."))
            for key in keys:
                r = results[(key, batch, threads)]
                t = r.times
                print("%-14s %10s %12s %10s %8.2fx %10.2fx %11.1e %11.1e" % (
                    key, ms(t["dense"]), ms(t["compressed"]), ms(t["torch"]),
                    t["dense"] / t["torch"], t["compressed"] / t["torch"],
                    r.errors["dense"], r.errors["compressed"]))
                for kind in ("dense", "compressed"):
                    if not r.errors[kind] <= TOLERANCE:
                        failures.append("%s batch %d %d thread%s %s (%.1e)" % (
                            key, batch, threads, "s" if threads > 1 else "", kind,
                            r.errors[kind]))
    if len(args.thread_list) > 1 and args.thread_list[0] == 1:
        for threads in args.thread_list[1:]:
            print("\nspeed-up with %d threads over 1 thread (time at 1 / time at %d)" %
                  (threads, threads))
            print("%-14s %5s %10s %12s %10s   %s" % ("network", "batch", "ours dense",
                                                     "ours compr.", "PyTorch",
                                                     "dense output bits"))
            for key in keys:
                for batch in args.batch_list:
                    one, many = results[(key, batch, 1)], results[(key, batch, threads)]
                    same = (one.outputs["dense"].tobytes() == many.outputs["dense"].tobytes())
                    print("%-14s %5d %9.2fx %11.2fx %9.2fx   %s" % (
                        key, batch, *(one.times[k] / many.times[k]
                                      for k in ("dense", "compressed", "torch")),
                        "same as 1 thread" if same else "differ from 1 thread's"))
    return failures


def main():
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        epilog="docs/NetworkBenchmark.md describes the method.")
    parser.add_argument("--networks", default=None,
                        help="comma-separated names of examples/networks/*.json or .json paths "
                             "(default alexnet,vgg16; --smoke: alexnet)")
    parser.add_argument("--batches", default=None,
                        help="comma-separated batch sizes (default 1,8; --smoke: 1)")
    parser.add_argument("--threads", default="1,all",
                        help="comma-separated thread counts, 'all' for the CPU count "
                             "(default 1,all)")
    parser.add_argument("--repeat", type=int, default=None,
                        help="timing rounds, each implementation in turn (default 5; "
                             "--smoke: 1)")
    parser.add_argument("--calls", type=int, default=None,
                        help="calls per round of each implementation, back to back "
                             "(default 3; --smoke: 1)")
    parser.add_argument("--pause", type=float, default=0.25, metavar="SECONDS",
                        help="pause before each timed call, so that the threads of the call "
                             "before sleep again (default 0.25)")
    parser.add_argument("--densities", action="append", default=[], metavar="NETWORK=LIST",
                        help="--eie-prune layer densities of a network, e.g. "
                             "alexnet=fc6:0.09,fc7:0.09,fc8:0.25 (defaults: Deep Compression's "
                             "FC densities for alexnet, vgg16, lenet-5, lenet-300-100)")
    parser.add_argument("--smoke", action="store_true",
                        help="a fast correctness run (AlexNet, batch 1, one timed call): the "
                             "times are no measurements")
    parser.add_argument("--keep-dir", nargs="?", const="", default=None, metavar="DIR",
                        help="keep the intermediate files: in DIR, or (without DIR) in the "
                             "temporary directory, whose path is printed")
    parser.add_argument("--build", default=os.path.join(ROOT, "build"),
                        help="the build directory whose bin/ has eie-netgen, eie-opt, "
                             "eie-compile (default: build)")
    parser.add_argument("--cc", default="cc", help="the C compiler of the driver (default cc)")
    args = parser.parse_args()

    try:
        args.networks = args.networks or ("alexnet" if args.smoke else "alexnet,vgg16")
        args.batches = args.batches or ("1" if args.smoke else "1,8")
        if args.repeat is None:
            args.repeat = 1 if args.smoke else 5
        if args.calls is None:
            args.calls = 1 if args.smoke else 3
        if args.repeat < 1 or args.calls < 1:
            raise BenchError("--repeat and --calls must be at least 1")
        if args.pause < 0:
            raise BenchError("--pause must not be negative")
        args.batch_list = parse_list(args.batches, "--batches", positive)
        args.thread_list = sorted(set(parse_list(args.threads, "--threads", thread_count)))
        if any(t > 64 for t in args.thread_list):
            raise BenchError("--threads: at most 64 (eie-sparse-to-llvm's threads)")
        networks = [load_network(spec) for spec in parse_list(args.networks, "--networks", str)]
        densities = dict(FC_DENSITIES)
        for entry in args.densities:
            name, sep, value = entry.partition("=")
            if not sep or not value:
                raise BenchError("--densities takes NETWORK=LIST, got '%s'" % entry)
            densities[name] = value
        for key, _, _ in networks:
            if key not in densities:
                raise BenchError("no FC densities for network '%s': give --densities %s=..." %
                                 (key, key))
        tools = Tools(os.path.abspath(args.build), args.cc)

        # The allocator settings of the driver (and eie-run) for PyTorch too.
        try:
            libc = ctypes.CDLL("libc.so.6")
            libc.mallopt(M_MMAP_MAX, 0)
            libc.mallopt(M_TRIM_THRESHOLD, -1)
        except OSError:
            pass

        args.keep = args.keep_dir is not None
        if args.keep_dir:
            work = os.path.abspath(args.keep_dir)
            os.makedirs(work, exist_ok=True)
        else:
            work = tempfile.mkdtemp(prefix="network-bench-")
        results = {}
        load_start = os.getloadavg()[0]
        try:
            for key, path, network in networks:
                bench_network(args, tools, work, key, network, densities[key], results)
        finally:
            if args.keep:
                progress("intermediate files kept in " + work)
            else:
                shutil.rmtree(work, ignore_errors=True)

        keys = [key for key, _, _ in networks]
        print("Whole networks, our AOT objects (eie-compile) against %s" % torch_description())
        print("CPU: %s; %d CPUs" % (cpu_description(), cpu_count()))
        print("threads: %s%s" % (", ".join(str(t) for t in args.thread_list),
                                 " (%d = all CPUs)" % cpu_count()
                                 if cpu_count() in args.thread_list and cpu_count() > 1 else ""))
        print("  ours dense: eie-compile --num-threads=N (1: sequential code; all CPUs: "
              "--num-threads=0, the OpenMP runtime's default, OMP_NUM_THREADS unset)")
        print("  ours compressed: eie-compile --pipeline=\"eie-sparse-to-llvm{blocked-layers=true "
              "threads=N}\"")
        print("  PyTorch: torch.set_num_threads(N), openblas_set_num_threads(N)")
        print("load average (1 min) of the machine: %.2f at the start, %.2f at the end" %
              (load_start, os.getloadavg()[0]))
        print("compressed: FC layers pruned (%s), %d-bit shared weights, EIE format on %d PEs" %
              ("; ".join("%s %s" % (k, densities[k]) for k in keys), FC_BITS, PES))
        if args.smoke:
            print("times: smoke run, checks the outputs: the times are no measurements")
        else:
            print("times: ms per forward pass, the best call of %d round%s of %d call%s each "
                  "(ours dense, ours compressed, PyTorch in turn, %g s pause before each), after "
                  "a warm-up call" % (args.repeat, "s" if args.repeat > 1 else "", args.calls,
                                      "s" if args.calls > 1 else "", args.pause))
        failures = print_tables(args, keys, results)
        print("\ncompared: dense: our output against PyTorch's with the same .npy weights; "
              "compressed: our output against PyTorch's with the compressed module's weights "
              "(conv constants as they are, the FC matrices decoded from "
              "#eie.compressed_matrix)")
        print("err: max over the output of |ours - PyTorch| / |PyTorch| (|PyTorch| at least "
              "1e-6 of its maximum)")
        if failures:
            raise BenchError("outputs differ from PyTorch's by more than %g relative: %s" %
                             (TOLERANCE, ", ".join(failures)))
        print("every output agrees with PyTorch within %g relative" % TOLERANCE)
    except BenchError as error:
        sys.stdout.flush()
        print("network_bench.py: error: %s" % error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
