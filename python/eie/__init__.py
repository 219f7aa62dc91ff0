"""The EIE compiler from Python.

Models come in from ONNX (`import_onnx`) or PyTorch (`import_torch`) as `cnn`
dialect modules; they are blocked for a memory hierarchy (`optimize_blocking`),
compressed Deep-Compression style (`compress`), compiled for x86
(`compile_x86`) or for the EIE accelerator (`compile_eie`) and simulated
(`simulate`). Every failure raises `CompilerError` with the compiler's
diagnostics; docs/Python.md describes the API.
"""

import json
import os
import re

import numpy as np

from . import _eie
from ._eie import CompilerError

__all__ = [
    "CompilerError", "Module", "parse", "load", "import_onnx",
    "import_torch", "optimize_blocking", "compress", "encode",
    "compressed_weights", "compile_x86", "compile_eie", "simulate",
    "CompiledFunction",
]


class Module:
    """An MLIR module (cnn, eie, linalg, ... ops) in a context of its own."""

    def __init__(self, native):
        self._native = native

    def text(self, large_elements_limit=None):
        """The module as MLIR text; with a limit, larger constants are elided."""
        return self._native.text(-1 if large_elements_limit is None
                                 else int(large_elements_limit))

    def bytecode(self):
        """The module as MLIR bytecode (bytes)."""
        return self._native.bytecode()

    def save(self, path, bytecode=None):
        """Writes the module to `path`: bytecode if `bytecode` is true or, when
        it is None, if the file name ends in .mlirbc; text otherwise."""
        path = os.fspath(path)
        if bytecode is None:
            bytecode = path.endswith(".mlirbc")
        if bytecode:
            with open(path, "wb") as f:
                f.write(self.bytecode())
        else:
            with open(path, "w") as f:
                f.write(self.text())

    def run_passes(self, pipeline):
        """Runs a textual pass pipeline (as eie-opt's --pass-pipeline, with or
        without the builtin.module anchor) in place; returns self."""
        self._native.run_passes(pipeline)
        return self

    def copy(self):
        return Module(self._native.copy())

    @property
    def functions(self):
        """Names of the functions with a body."""
        return list(self._native.function_names())

    def __str__(self):
        return self.text()


def parse(source, weights=None, name="<string>"):
    """Parses MLIR text or bytecode. `weights` maps dense_resource names the
    source declares to arrays holding their data."""
    return Module(_eie.Module.parse(source, name, dict(weights or {})))


def load(path):
    """Reads a .mlir or .mlirbc file."""
    return Module(_eie.Module.parse_file(os.fspath(path)))


def import_onnx(path_or_model, **options):
    """Imports an ONNX model (a file name, bytes or onnx.ModelProto) as a cnn
    module with one function, `forward`. Options: see
    eie.onnx_importer.import_model."""
    from . import onnx_importer
    return onnx_importer.import_model(path_or_model, **options)


def import_torch(module, example_input, **options):
    """Imports a torch.nn.Module traced on `example_input` (through
    torch.onnx.export, offline)."""
    from . import torch_importer
    return torch_importer.import_module(module, example_input, **options)


def _arch_name(arch):
    if isinstance(arch, dict):
        raise TypeError("arch must be an architecture file name or preset "
                        "name, not a dict")
    return os.fspath(arch)


def optimize_blocking(layer_or_module, arch="x86-host"):
    """The blocking contract's report (shared/contracts/BLOCKING.md) of the
    optimal blocking for `arch` (a preset or architecture file).

    A layer is a dict of the seven loop bounds N, K, C, Y, X, R, S (missing
    ones are 1) with optional "stride" (int or (sy, sx)) and "name"; the result
    is one report dict. For a Module, every conv2d and fc is blocked and the
    result is the list of their reports."""
    arch = _arch_name(arch)
    if isinstance(layer_or_module, Module):
        return json.loads(_eie.optimize_module_blocking(
            layer_or_module._native, arch))
    if not isinstance(layer_or_module, dict):
        raise TypeError("optimize_blocking takes a layer dict or an "
                        "eie.Module, got %s" % type(layer_or_module).__name__)
    layer = dict(layer_or_module)
    name = str(layer.pop("name", "layer"))
    stride = layer.pop("stride", 1)
    if isinstance(stride, int):
        stride = (stride, stride)
    stride = tuple(stride)
    if len(stride) != 2:
        raise ValueError("stride must be an int or (sy, sx), got %r"
                         % (stride,))
    bounds = []
    for key, value in layer.items():
        if key not in ("N", "K", "C", "Y", "X", "R", "S"):
            raise ValueError("unknown layer key %r (expected N, K, C, Y, X, "
                             "R, S, stride, name)" % key)
        bounds.append("%s=%d" % (key, int(value)))
    return json.loads(_eie.optimize_layer_blocking(
        ",".join(bounds), "%d,%d" % stride, name, arch))


def _pass_option_list(values):
    return ",".join(values)


def compress(module, densities, bits=4, pes=64, conv_bits=8, act_frac=8,
             seed=0):
    """Deep Compression of a cnn module: magnitude pruning (`densities`: one
    float for every layer, or {layer name: density}), k-means weight sharing
    (`bits` for fc layers, `conv_bits` for conv layers) and EIE encoding of
    the fc layers on `pes` processing elements with inputs in Q(act_frac).

    Returns (compressed module, report): the report has "layers", the
    storage of every compressed layer (eie::format::StorageStats)."""
    if isinstance(densities, dict):
        if not densities:
            raise ValueError("densities must name at least one layer")
        entries = []
        for name, density in densities.items():
            if "," in name or ":" in name:
                raise ValueError("layer name %r cannot be given to the "
                                 "pruning pass" % name)
            entries.append("%s:%r" % (name, float(density)))
        prune = "eie-prune{layer-density=%s pes=%d}" % (
            _pass_option_list(entries), int(pes))
    else:
        prune = "eie-prune{density=%r pes=%d}" % (float(densities), int(pes))
    pipeline = ",".join([
        prune,
        "eie-share-weights{fc-bits=%d conv-bits=%d seed=%d}" % (
            int(bits), int(conv_bits), int(seed)),
        "eie-encode{pes=%d bits=%d act-frac=%d}" % (int(pes), int(bits),
                                                   int(act_frac)),
    ])
    compressed = module.copy().run_passes(pipeline)
    report = {"layers": json.loads(_eie.compression_report(
        compressed._native))}
    return compressed, report


def encode(module, bits=4, pes=64, act_frac=8, out_frac=None):
    """EIE encoding alone (--eie-encode) of a module whose fc layers are
    already pruned and shared, e.g. by eie.deep_compression with retraining:
    every cnn.fc becomes an eie.sparse_fc whose codebook is the layer's
    distinct non-zero values, so the weights stay bit for bit what they were
    (`compressed_weights` decodes them). A layer with more than 2^bits - 1
    distinct values is an error. `out_frac` defaults to `act_frac`.

    Returns (encoded module, report) as `compress` does."""
    options = "pes=%d bits=%d act-frac=%d" % (int(pes), int(bits),
                                              int(act_frac))
    if out_frac is not None:
        options += " out-frac=%d" % int(out_frac)
    encoded = module.copy().run_passes("eie-encode{%s}" % options)
    report = {"layers": json.loads(_eie.compression_report(
        encoded._native))}
    return encoded, report


def compressed_weights(module):
    """{layer name: float32 array (rows, cols)}: the weights each
    eie.sparse_fc of a compressed module holds, decoded from its matrix
    (fp32 codebook values, zeros where nothing is stored)."""
    return dict(_eie.compressed_weights(module._native))


class CompiledFunction:
    """A JIT-compiled function: call it with numpy arrays (one per argument,
    of the argument's dtype and shape); it returns one array per result (the
    array itself for a single result)."""

    def __init__(self, native):
        self._native = native
        self.signature = native.signature

    def __call__(self, *inputs):
        arguments = self.signature["arguments"]
        if len(inputs) != len(arguments):
            raise TypeError("@%s takes %d argument(s), got %d"
                            % (self.signature["name"], len(arguments),
                               len(inputs)))
        arrays = []
        for i, (value, (dtype, shape)) in enumerate(zip(inputs, arguments)):
            array = np.asarray(value)
            if array.dtype != np.dtype(dtype):
                raise TypeError("argument %d of @%s has dtype %s, expected %s"
                                % (i, self.signature["name"], array.dtype,
                                   dtype))
            if tuple(array.shape) != tuple(shape):
                raise ValueError("argument %d of @%s has shape %s, expected %s"
                                 % (i, self.signature["name"],
                                    tuple(array.shape), tuple(shape)))
            # np.require keeps 0-d arguments 0-d.
            arrays.append(np.require(array, requirements="C"))
        results = self._native(*arrays)
        return results[0] if len(results) == 1 else tuple(results)


def _entry_of(module, entry):
    if entry is not None:
        return entry
    functions = module.functions
    if "forward" in functions:
        return "forward"
    if len(functions) == 1:
        return functions[0]
    raise CompilerError("the module has functions %s: name the entry"
                        % ", ".join(functions))


def compile_x86(module, mode="float", entry=None, pipeline=None, threads=1,
                activation_density=None, kernel=None):
    """JIT-compiles a function of `module` (default: `forward`, or the only
    one) for the host CPU and returns it as a CompiledFunction.

    Uncompressed modules take the blocked x86 pipeline (eie-x86-pipeline) in
    mode "float"; compressed ones (after `compress`) run their sparse layers
    on the x86 kernel in `mode` "float" (fp32 codebook) or "fixed" (16-bit
    fixed point, bit-exact with the EIE simulator). `threads` (1 to 64) is
    the threads of each layer. For the sparse layers, `activation_density`
    is the expected fraction of non-zero inputs (default: each layer's first
    input's), with which the kernel's layout is timed when a layer first
    runs, and `kernel` forces
    one instead ("panels-avx512", or with its panel shape
    "panels-avx512:64x6"; docs/CompressedFormat.md). `pipeline` overrides
    the choice with any textual pipeline to the LLVM dialect."""
    if mode not in ("float", "fixed"):
        raise ValueError("mode must be 'float' or 'fixed', got %r" % (mode,))
    if isinstance(threads, bool) or not isinstance(threads, int) or \
            not 1 <= threads <= 64:
        raise ValueError("threads must be an int from 1 to 64, got %r" %
                         (threads,))
    sparse = module._native.contains_dialect("eie")
    if pipeline is None:
        if sparse:
            options = ["mode=%s" % mode, "threads=%d" % threads]
            if activation_density is not None:
                density = float(activation_density)
                if not 0 < density <= 1:
                    raise ValueError("activation_density must be in (0, 1], "
                                     "got %r" % (activation_density,))
                options.append("activation-density=%r" % density)
            if kernel is not None:
                if not isinstance(kernel, str) or \
                        not re.fullmatch(r"[a-z0-9:/-]+", kernel):
                    raise ValueError("kernel must name a kernel variant, "
                                     "such as 'panels-avx512:64x6', got %r" %
                                     (kernel,))
                options.append("kernel=%s" % kernel)
            pipeline = "eie-sparse-to-llvm{%s}" % " ".join(options)
        elif mode == "fixed":
            raise CompilerError("mode='fixed' needs compressed layers "
                                "(eie.compress); the module has none")
        elif activation_density is not None or kernel is not None:
            raise ValueError("activation_density and kernel are for "
                             "compressed layers (eie.compress); the module "
                             "has none")
        else:
            pipeline = "eie-x86-pipeline{threads=%d}" % threads
    return CompiledFunction(_eie.compile_x86(
        module._native, _entry_of(module, entry), pipeline))


def compile_eie(module, machine="eie-default"):
    """The EIE instruction stream (bytes, docs/ISA.md's binary container) of
    the part of a compressed module the EIE machine runs: its chain of
    compressed fc layers (with their ReLUs), outlined by --eie-partition. The
    stream's input is that chain's input (for AlexNet, fc6's)."""
    return _eie.compile_eie(module._native, os.fspath(machine))


def simulate(stream, inputs, machine=None, max_cycles=0):
    """Runs an instruction stream on the cycle-level EIE simulator.

    `inputs` is the input activation vector (float32, quantized to the
    program's input format, or raw int16; any shape, read in row-major
    order). Returns (outputs, report): outputs is a float32 array of shape
    (1, n), report the simulator's report as a dict (docs/Simulator.md) with
    the raw int16 outputs under "raw_output"."""
    if isinstance(inputs, (list, tuple)) and len(inputs) == 1 and \
            isinstance(inputs[0], np.ndarray):
        inputs = inputs[0]
    array = np.asarray(inputs)
    if array.dtype not in (np.float32, np.int16):
        raise TypeError("simulator inputs must be float32 or int16, got %s"
                        % array.dtype)
    output, raw, frac, report = _eie.simulate(
        bytes(stream), np.require(array.reshape(-1), requirements="C"),
        "" if machine is None else os.fspath(machine), int(max_cycles))
    report = json.loads(report)
    report["raw_output"] = raw
    report["output_frac_bits"] = frac
    return output.reshape(1, -1), report
