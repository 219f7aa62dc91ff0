"""ONNX models as cnn dialect modules.

The `onnx` package parses the protobuf; this module walks the graph in
topological order (graphs, not only chains: residual adds, concatenations,
values used several times), computes every value's static shape and writes the
function as MLIR text. Weights do not go through the text: each becomes a
`dense_resource<key>` whose data the C++ side takes from the array, and the
parser then verifies the module, so every op is checked by its verifier with
the ONNX node's name as its location. Anything the importer cannot represent
faithfully raises CompilerError naming the node, its op type and the reason.
"""

import os
import re
import warnings

import numpy as np

from . import CompilerError, Module, _eie

# The default-domain opsets the importer accepts; within them, every node's
# operator version (the schema's since_version at the model's opset) must be
# at least the one in OLDEST_VERSION, below which the operator had other
# attributes or semantics (legacy broadcast flags, consumed_inputs, is_test,
# attributes that later became inputs).
MIN_OPSET = 1
MAX_OPSET = 17
OLDEST_VERSION = {
    "Add": 7, "BatchNormalization": 7, "Cast": 6, "Concat": 4, "Div": 7,
    "Dropout": 7, "Gemm": 7, "LSTM": 7, "Mul": 7, "Pad": 2, "Relu": 6,
    "Reshape": 5, "Sub": 7,
}

# Operators that become cnn ops (or nothing, for Dropout and Identity).
SUPPORTED_OPS = (
    "Add", "AveragePool", "BatchNormalization", "Concat", "Conv", "Div",
    "Dropout", "Flatten", "Gemm", "GlobalAveragePool", "GlobalMaxPool",
    "Identity", "LRN", "LSTM", "MatMul", "MaxPool", "Mul", "Relu", "Reshape",
    "Softmax", "Sub", "Transpose",
)
# Operators folded at import: a zero Pad into the Conv it feeds, and the
# computations on constants and static shapes exporters write (PyTorch
# computes a ZeroPad2d's pads with them).
FOLDED_OPS = ("Cast", "Constant", "ConstantOfShape", "Gather", "Pad", "Shape",
              "Slice", "Unsqueeze")


def _node_error(node, reason):
    return CompilerError("node '%s' (%s): %s" % (node.label, node.op_type,
                                                 reason))


def _text(value):
    """A protobuf string field as str (the parser returns bytes for invalid
    UTF-8)."""
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value


def _float_literal(value):
    value = float(value)
    if not np.isfinite(value):
        raise ValueError("not finite: %r" % value)
    return format(value, ".9e")


def _tensor_type(shape):
    dims = "x".join(str(int(d)) for d in shape)
    return "tensor<%sf32>" % (dims + "x" if dims else "")


def _i64_array(values):
    return "array<i64: %s>" % ", ".join(str(int(v)) for v in values)


def _mlir_string(text):
    return '"%s"' % text.replace("\\", "\\\\").replace('"', '\\"')


class _Value:
    """An SSA value of the function (shape, MLIR name) or a constant array."""

    def __init__(self, shape=None, ssa=None, const=None, zero_pad=None):
        self.ssa = ssa
        self.const = const
        self.shape = tuple(const.shape) if const is not None else tuple(shape)
        # (unpadded value, [top, left, bottom, right]): the result of a zero
        # Pad, which only a Conv absorbs (into its padding).
        self.zero_pad = zero_pad

    @property
    def is_const(self):
        return self.const is not None


class _Node:
    """The parts of an ONNX NodeProto the importer reads, so that rewrites
    (BatchNormalization folding) need not touch the protobuf."""

    def __init__(self, proto, index):
        from onnx import helper
        self.proto = proto
        self.op_type = _text(proto.op_type)
        self.domain = _text(proto.domain)
        self.label = _text(proto.name) or "%s_%d" % (self.op_type, index)
        self.inputs = [_text(name) for name in proto.input]
        self.outputs = [_text(name) for name in proto.output]
        try:
            self.attrs = {_text(a.name): helper.get_attribute_value(a)
                          for a in proto.attribute}
        except ValueError as e:
            raise _node_error(self, "malformed attribute: %s"
                              % str(e).splitlines()[0])

    def attr(self, name, default=None):
        value = self.attrs.get(name, default)
        if isinstance(value, bytes):
            value = value.decode()
        return value


# Constants of at most this many elements are written as dense literals, the
# others as dense_resource blobs passed beside the text.
SMALL_CONSTANT = 64


class _FunctionWriter:
    def __init__(self, opset):
        self.opset = opset
        self.lines = []
        self.weights = {}
        self.counter = 0
        self.const_cache = {}

    def fresh(self):
        self.counter += 1
        return "%%v%d" % self.counter

    def emit(self, text, loc):
        self.lines.append("    %s loc(%s)" % (text, _mlir_string(loc)))

    def weight_key(self, hint):
        base = re.sub(r"[^A-Za-z0-9_]", "_", hint) or "w"
        if not re.match(r"[A-Za-z_]", base):
            base = "w_" + base
        key = base
        suffix = 0
        while key in self.weights:
            suffix += 1
            key = "%s_%d" % (base, suffix)
        return key

    def materialize(self, value, hint, loc):
        """The SSA name of `value`, emitting an arith.constant for a constant."""
        if not value.is_const:
            return value.ssa
        # Keyed by identity; the entry keeps the value alive, so that its id
        # is never reused by another constant.
        cached = self.const_cache.get(id(value))
        if cached is not None:
            return cached[1]
        # np.require keeps 0-d arrays 0-d (np.ascontiguousarray does not).
        array = np.require(value.const, dtype=np.float32, requirements="C")
        name = self.fresh()
        if array.size <= SMALL_CONSTANT:
            # Small constants (scalars, pads, Gemm's alpha) are dense literals:
            # upstream folders treat a one-element dense_resource as a splat,
            # which it cannot provide.
            literal = 'dense<"0x%s">' % array.astype("<f4").tobytes().hex(
            ).upper()
            self.emit("%s = arith.constant %s : %s"
                      % (name, literal, _tensor_type(array.shape)), loc)
        else:
            key = self.weight_key(hint)
            self.weights[key] = array
            self.emit("%s = arith.constant dense_resource<%s> : %s"
                      % (name, key, _tensor_type(array.shape)), loc)
        self.const_cache[id(value)] = (value, name)
        return name


class _Importer:
    def __init__(self, model, input_shapes, constant_inputs, function_name):
        self.model = model
        self.graph = model.graph
        self.input_shapes = dict(input_shapes or {})
        self.constant_inputs = dict(constant_inputs or {})
        self.function_name = function_name
        self.values = {}
        self.opset = self._default_opset()
        self.writer = _FunctionWriter(self.opset)

    # -- model-level checks -------------------------------------------------

    def _default_opset(self):
        opset = None
        for entry in self.model.opset_import:
            if entry.domain in ("", "ai.onnx"):
                opset = entry.version
        if opset is None:
            raise CompilerError("the model imports no default-domain (ai.onnx) "
                                "opset")
        if opset < MIN_OPSET or opset > MAX_OPSET:
            raise CompilerError(
                "unsupported opset %d of the default domain: the importer "
                "supports opsets %d to %d" % (opset, MIN_OPSET, MAX_OPSET))
        return opset

    # -- values -------------------------------------------------------------

    def _get(self, node, index):
        if index >= len(node.inputs) or node.inputs[index] == "":
            return None
        name = node.inputs[index]
        if name not in self.values:
            raise _node_error(node, "input '%s' is not defined before the node"
                              % name)
        return self.values[name]

    def _require(self, node, index, what):
        value = self._get(node, index)
        if value is None:
            raise _node_error(node, "missing input %d (%s)" % (index, what))
        return value

    def _const_input(self, node, index, what):
        value = self._get(node, index)
        if value is None:
            return None
        if not value.is_const:
            raise _node_error(node, "input %d (%s) must be a constant "
                              "(an initializer or Constant), it is computed "
                              "at run time" % (index, what))
        return value.const

    def _ssa(self, value, hint, node):
        if value.zero_pad is not None:
            raise _node_error(node, "its input is a Pad, which is supported "
                              "only as zero padding of a Conv's input")
        return self.writer.materialize(value, "%s_%s" % (node.label, hint),
                                       node.label)

    def _define(self, node, index, shape, ssa):
        self.values[node.outputs[index]] = _Value(shape=shape, ssa=ssa)

    def _alias(self, node, value):
        self.values[node.outputs[0]] = value

    def _only_first_output(self, node, reason):
        for extra in node.outputs[1:]:
            if extra != "":
                raise _node_error(node, reason)

    # -- the graph ----------------------------------------------------------

    def run(self):
        from onnx import numpy_helper
        graph = self.graph
        for init in graph.initializer:
            try:
                array = numpy_helper.to_array(init)
            except Exception as e:  # a malformed tensor proto
                raise CompilerError("initializer '%s' cannot be read: %s"
                                    % (init.name, e))
            self.values[init.name] = _Value(const=np.array(array))
        for name, array in self.constant_inputs.items():
            self.values[name] = _Value(const=np.asarray(array))

        arguments = []
        self.input_names = []
        for info in graph.input:
            if info.name in self.values:
                continue  # an initializer listed as input (IR < 4) or bound
            shape = self._input_shape(info)
            ssa = "%%arg%d" % len(arguments)
            arguments.append("%s: %s loc(%s)" % (
                ssa, _tensor_type(shape), _mlir_string(info.name)))
            self.values[info.name] = _Value(shape=shape, ssa=ssa)
            self.input_names.append(info.name)

        nodes = [_Node(proto, i) for i, proto in enumerate(graph.node)]
        nodes = self._fold_matmul_biases(self._fold_batch_norms(nodes))
        for node in nodes:
            self._import_node(node)

        results, types = [], []
        self.output_names = []
        for info in graph.output:
            if info.name not in self.values:
                raise CompilerError("graph output '%s' is not computed by any "
                                    "node" % info.name)
            value = self.values[info.name]
            declared = self._declared_shape(info)
            if declared is not None and tuple(declared) != value.shape:
                raise CompilerError(
                    "graph output '%s' is declared with shape %s, the "
                    "importer computed %s" % (info.name, tuple(declared),
                                              value.shape))
            results.append(self.writer.materialize(value, info.name,
                                                   info.name))
            types.append(_tensor_type(value.shape))
            self.output_names.append(info.name)
        if not results:
            raise CompilerError("the graph has no outputs")

        text = ["module {",
                "  func.func @%s(%s) -> (%s) {" % (
                    self.function_name, ", ".join(arguments),
                    ", ".join(types))]
        text += self.writer.lines
        text.append("    return %s : %s" % (", ".join(results),
                                            ", ".join(types)))
        text += ["  }", "}"]
        return "\n".join(text) + "\n", self.writer.weights

    def _elem_type_check(self, info):
        from onnx import TensorProto
        tensor_type = info.type.tensor_type
        if not info.type.HasField("tensor_type"):
            raise CompilerError("graph input '%s' is not a tensor" % info.name)
        if tensor_type.elem_type != TensorProto.FLOAT:
            raise CompilerError(
                "graph input '%s' has element type %s: only float32 inputs "
                "are supported" % (info.name, TensorProto.DataType.Name(
                    tensor_type.elem_type)))

    def _declared_shape(self, info):
        if not info.type.HasField("tensor_type") or \
                not info.type.tensor_type.HasField("shape"):
            return None
        dims = []
        for dim in info.type.tensor_type.shape.dim:
            if not dim.HasField("dim_value"):
                return None
            dims.append(dim.dim_value)
        return dims

    def _input_shape(self, info):
        self._elem_type_check(info)
        if info.name in self.input_shapes:
            return tuple(int(d) for d in self.input_shapes[info.name])
        tensor_type = info.type.tensor_type
        if not tensor_type.HasField("shape"):
            raise CompilerError("graph input '%s' has no shape (dynamic "
                                "rank): give it with input_shapes" % info.name)
        shape = []
        for i, dim in enumerate(tensor_type.shape.dim):
            if dim.HasField("dim_value") and dim.dim_value > 0:
                shape.append(dim.dim_value)
            elif dim.HasField("dim_value"):
                raise CompilerError(
                    "graph input '%s' has size %d in dimension %d: only "
                    "non-empty tensors are supported" % (info.name,
                                                         dim.dim_value, i))
            else:
                what = ("'%s'" % dim.dim_param) if dim.HasField("dim_param") \
                    else "unknown"
                raise CompilerError(
                    "graph input '%s' has a dynamic dimension %d (%s): only "
                    "static shapes are supported; give the shape with "
                    "input_shapes={'%s': (...)}" % (info.name, i, what,
                                                    info.name))
        return tuple(shape)

    def _sole_producers(self, nodes):
        """The node producing each value that has exactly one use and is not
        a graph output: the values a fold may absorb into their user."""
        uses = {}
        for node in nodes:
            for name in node.inputs:
                uses[name] = uses.get(name, 0) + 1
        graph_outputs = {o.name for o in self.graph.output}
        return {name: node for node in nodes for name in node.outputs
                if uses.get(name, 0) == 1 and name not in graph_outputs}

    def _fold_matmul_biases(self, nodes):
        """Marks every Add of a constant vector to the only use of a MatMul
        with constant 2-D weights as that MatMul's bias (the fc layer's bias,
        which the compression passes and the EIE back-end keep with it)."""
        producer = self._sole_producers(nodes)
        folded = set()
        for node in nodes:
            if node.op_type != "Add" or len(node.inputs) != 2:
                continue
            for i in (0, 1):
                matmul = producer.get(node.inputs[i])
                bias = self.values.get(node.inputs[1 - i])
                if matmul is None or matmul.op_type != "MatMul" or \
                        getattr(matmul, "bias", None) is not None or \
                        bias is None or not bias.is_const:
                    continue
                weight = self.values.get(matmul.inputs[1])
                if weight is None or not weight.is_const or \
                        weight.const.ndim != 2 or bias.const.ndim > 2 or \
                        bias.const.shape[-1:] != (weight.const.shape[1],) or \
                        bias.const.size != weight.const.shape[1] or \
                        bias.const.dtype != np.float32:
                    continue
                matmul.bias = bias
                matmul.outputs = list(node.outputs)
                folded.add(id(node))
                break
        return [n for n in nodes if id(n) not in folded]

    def _fold_batch_norms(self, nodes):
        """Folds every BatchNormalization whose input is the only use of a
        Conv with constant weights into that Conv (the weights scaled per
        output channel, the bias shifted), as inference frameworks do."""
        producer = self._sole_producers(nodes)
        folded = set()
        for node in nodes:
            if node.op_type != "BatchNormalization" or node.domain not in ("", "ai.onnx"):
                continue
            if len([o for o in node.outputs if o]) != 1 or \
                    node.attr("training_mode", 0) or \
                    int(node.attr("spatial", 1)) != 1:
                continue
            conv = producer.get(node.inputs[0])
            if conv is None or conv.op_type != "Conv":
                continue
            params = [self.values.get(name) for name in node.inputs[1:5]]
            weight = self.values.get(conv.inputs[1]) \
                if len(conv.inputs) > 1 else None
            bias = self.values.get(conv.inputs[2]) \
                if len(conv.inputs) > 2 and conv.inputs[2] else None
            if len(params) != 4 or any(p is None or not p.is_const
                                       for p in params):
                continue
            if weight is None or not weight.is_const or \
                    (bias is not None and not bias.is_const) or \
                    (len(conv.inputs) > 2 and conv.inputs[2] and bias is None):
                continue
            scale, shift, mean, var = (p.const.astype(np.float64)
                                       for p in params)
            w = weight.const.astype(np.float64)
            if w.ndim < 1 or scale.shape != (w.shape[0],):
                continue
            eps = float(node.attr("epsilon", 1e-5))
            factor = scale / np.sqrt(var + eps)
            b = bias.const.astype(np.float64) if bias is not None else \
                np.zeros(w.shape[0])
            new_w = (w * factor.reshape((-1,) + (1,) * (w.ndim - 1)))
            new_b = (b - mean) * factor + shift
            w_name = "%s.folded_weight" % conv.label
            b_name = "%s.folded_bias" % conv.label
            self.values[w_name] = _Value(const=new_w.astype(np.float32))
            self.values[b_name] = _Value(const=new_b.astype(np.float32))
            conv.inputs = [conv.inputs[0], w_name, b_name]
            conv.outputs = [node.outputs[0]]
            folded.add(id(node))
        return [n for n in nodes if id(n) not in folded]

    def _import_node(self, node):
        if node.domain not in ("", "ai.onnx"):
            raise _node_error(node, "operator domain '%s' is not supported "
                              "(only the default ONNX domain)" % node.domain)
        handler = getattr(self, "_op_" + node.op_type, None)
        if handler is not None and node.op_type in OLDEST_VERSION:
            import onnx
            try:
                version = onnx.defs.get_schema(node.op_type, self.opset,
                                               "").since_version
            except onnx.defs.SchemaError:
                version = 0
            if version < OLDEST_VERSION[node.op_type]:
                raise _node_error(node, "version %d of %s (opset %d) is not "
                                  "supported: the importer implements "
                                  "versions %d and later"
                                  % (version, node.op_type, self.opset,
                                     OLDEST_VERSION[node.op_type]))
        if handler is None:
            raise _node_error(node, "operator %s is not supported by the "
                              "importer (supported: %s)"
                              % (node.op_type, ", ".join(sorted(
                                  SUPPORTED_OPS + FOLDED_OPS))))
        for name in node.inputs:
            if name and name not in self.values:
                raise _node_error(node, "input '%s' is not defined before the "
                                  "node (graph not in topological order?)"
                                  % name)
        try:
            handler(node)
        except CompilerError:
            raise
        except (ValueError, TypeError, IndexError, KeyError) as e:
            raise _node_error(node, "invalid node: %s" % e)

    # -- helpers for ops ----------------------------------------------------

    def _rank_check(self, node, value, ranks, what):
        if len(value.shape) not in ranks:
            raise _node_error(node, "%s has rank %d, expected %s"
                              % (what, len(value.shape),
                                 " or ".join(str(r) for r in ranks)))

    def _pads_2d(self, node, in_hw, kernel, strides, dilations):
        """[top, left, bottom, right] from pads or auto_pad."""
        auto_pad = node.attr("auto_pad", "NOTSET")
        pads = node.attr("pads")
        if auto_pad in ("NOTSET", ""):
            if pads is None:
                return [0, 0, 0, 0]
            if len(pads) != 4:
                raise _node_error(node, "pads has %d values, expected 4"
                                  % len(pads))
            if any(p < 0 for p in pads):
                raise _node_error(node, "negative pads %s are not supported"
                                  % list(pads))
            return [int(p) for p in pads]
        if auto_pad == "VALID":
            return [0, 0, 0, 0]
        if auto_pad not in ("SAME_UPPER", "SAME_LOWER"):
            raise _node_error(node, "unknown auto_pad '%s'" % auto_pad)
        begin, end = [], []
        for size, k, s, d in zip(in_hw, kernel, strides, dilations):
            out = -(-size // s)
            total = max(0, (out - 1) * s + (k - 1) * d + 1 - size)
            small = total // 2
            if auto_pad == "SAME_UPPER":
                begin.append(small)
                end.append(total - small)
            else:
                begin.append(total - small)
                end.append(small)
        return [begin[0], begin[1], end[0], end[1]]

    def _ints(self, node, name, default, count):
        values = node.attr(name)
        if values is None:
            return list(default)
        values = [int(v) for v in values]
        if len(values) != count:
            raise _node_error(node, "%s has %d values, expected %d"
                              % (name, len(values), count))
        return values

    def _emit_result(self, node, index, shape, text):
        name = self.writer.fresh()
        self.writer.emit("%s = %s" % (name, text), node.label)
        self._define(node, index, shape, name)
        return name

    def _empty(self, node, shape):
        name = self.writer.fresh()
        self.writer.emit("%s = tensor.empty() : %s" % (name, _tensor_type(shape)),
                         node.label)
        return name

    def _reshape(self, node, ssa, in_shape, out_shape):
        if tuple(in_shape) == tuple(out_shape):
            return ssa
        name = self.writer.fresh()
        self.writer.emit("%s = cnn.reshape %s : %s -> %s" % (
            name, ssa, _tensor_type(in_shape), _tensor_type(out_shape)),
            node.label)
        return name

    def _transpose(self, node, ssa, shape, perm):
        out = tuple(shape[p] for p in perm)
        name = self.writer.fresh()
        self.writer.emit("%s = cnn.transpose %s {permutation = %s} : %s -> %s"
                         % (name, ssa, _i64_array(perm), _tensor_type(shape),
                            _tensor_type(out)), node.label)
        return name, out

    def _binary(self, node, op, lhs, rhs):
        """cnn.add / cnn.mul of two values, NumPy broadcasting."""
        try:
            shape = np.broadcast_shapes(lhs.shape, rhs.shape)
        except ValueError:
            raise _node_error(node, "input shapes %s and %s do not broadcast"
                              % (lhs.shape, rhs.shape))
        a = self._ssa(lhs, "lhs", node)
        b = self._ssa(rhs, "rhs", node)
        name = self.writer.fresh()
        self.writer.emit("%s = cnn.%s %s, %s : %s, %s -> %s" % (
            name, op, a, b, _tensor_type(lhs.shape), _tensor_type(rhs.shape),
            _tensor_type(shape)), node.label)
        return name, tuple(shape)

    def _check_float(self, node, value, what):
        if value.is_const and value.const.dtype.kind not in "f":
            raise _node_error(node, "%s has element type %s, expected float"
                              % (what, value.const.dtype))

    # -- ops ----------------------------------------------------------------

    def _op_Constant(self, node):
        from onnx import numpy_helper
        if "value" not in node.attrs:
            raise _node_error(node, "only the 'value' form of Constant is "
                              "supported (got %s)" % ", ".join(node.attrs))
        self.values[node.outputs[0]] = _Value(
            const=np.array(numpy_helper.to_array(node.attrs["value"])))

    def _op_Pad(self, node):
        x = self._require(node, 0, "data")
        mode = node.attr("mode", "constant")
        if mode != "constant":
            raise _node_error(node, "mode '%s' is not supported (only zero "
                              "padding)" % mode)
        if self.opset >= 11:
            pads = self._const_input(node, 1, "pads")
            value = self._const_input(node, 2, "constant_value")
            if pads is None:
                raise _node_error(node, "missing input 1 (pads)")
            if self._get(node, 3) is not None:
                raise _node_error(node, "the axes input is not supported")
        else:
            pads, value = node.attr("pads"), node.attr("value", 0.0)
        pads = [int(p) for p in np.asarray(pads).reshape(-1)]
        if value is not None and np.any(np.asarray(value) != 0):
            raise _node_error(node, "only zero padding is supported")
        if not any(pads):
            self._alias(node, x)
            return
        if x.is_const:
            rank = len(x.shape)
            self._alias(node, _Value(const=np.pad(
                x.const, list(zip(pads[:rank], pads[rank:])))))
            return
        if len(x.shape) != 4 or len(pads) != 8 or any(
                pads[i] for i in (0, 1, 4, 5)) or any(p < 0 for p in pads):
            raise _node_error(node, "only non-negative padding of the two "
                              "spatial dimensions of a 4-D tensor is supported "
                              "(got pads %s for rank %d)" % (pads, len(x.shape)))
        spatial = [pads[2], pads[3], pads[6], pads[7]]
        shape = (x.shape[0], x.shape[1], x.shape[2] + spatial[0] + spatial[2],
                 x.shape[3] + spatial[1] + spatial[3])
        self._alias(node, _Value(shape=shape, zero_pad=(x, spatial)))

    # -- shape computations, folded (exporters compute pads and shapes with
    # them; everything they read is static here) -----------------------------

    def _op_Shape(self, node):
        x = self._require(node, 0, "data")
        shape = np.array(x.shape, dtype=np.int64)
        start, end = node.attr("start"), node.attr("end")
        self._alias(node, _Value(const=shape[start:end]))

    def _op_ConstantOfShape(self, node):
        from onnx import numpy_helper
        shape = self._const_input(node, 0, "input")
        value = node.attrs.get("value")
        fill = numpy_helper.to_array(value).reshape(-1) if value is not None \
            else np.zeros(1, np.float32)
        self._alias(node, _Value(const=np.full(
            [int(d) for d in np.asarray(shape).reshape(-1)], fill[0],
            dtype=fill.dtype)))

    def _op_Cast(self, node):
        from onnx import helper
        x = self._const_input(node, 0, "input")
        try:
            dtype = helper.tensor_dtype_to_np_dtype(int(node.attr("to")))
        except (KeyError, AttributeError):
            from onnx.mapping import TENSOR_TYPE_TO_NP_TYPE
            dtype = TENSOR_TYPE_TO_NP_TYPE[int(node.attr("to"))]
        self._alias(node, _Value(const=np.asarray(x).astype(dtype)))

    def _op_Slice(self, node):
        x = self._const_input(node, 0, "data")
        if self.opset >= 10:
            starts = self._const_input(node, 1, "starts")
            ends = self._const_input(node, 2, "ends")
            axes = self._const_input(node, 3, "axes")
            steps = self._const_input(node, 4, "steps")
        else:
            starts, ends = node.attr("starts"), node.attr("ends")
            axes, steps = node.attr("axes"), None
        starts = [int(v) for v in np.asarray(starts).reshape(-1)]
        ends = [int(v) for v in np.asarray(ends).reshape(-1)]
        axes = list(range(len(starts))) if axes is None else \
            [int(v) for v in np.asarray(axes).reshape(-1)]
        steps = [1] * len(starts) if steps is None else \
            [int(v) for v in np.asarray(steps).reshape(-1)]
        index = [slice(None)] * x.ndim
        for start, end, axis, step in zip(starts, ends, axes, steps):
            index[axis] = slice(start, end, step)
        self._alias(node, _Value(const=np.asarray(x)[tuple(index)]))

    def _op_Unsqueeze(self, node):
        x = self._const_input(node, 0, "data")
        axes = self._const_input(node, 1, "axes") if self.opset >= 13 \
            else node.attr("axes")
        out = np.asarray(x)
        rank = out.ndim + len(np.asarray(axes).reshape(-1))
        for axis in sorted(int(a) % rank for a in np.asarray(axes).reshape(-1)):
            out = np.expand_dims(out, axis)
        self._alias(node, _Value(const=out))

    def _op_Gather(self, node):
        x = self._const_input(node, 0, "data")
        indices = self._const_input(node, 1, "indices")
        self._alias(node, _Value(const=np.take(
            np.asarray(x), np.asarray(indices), axis=int(node.attr("axis", 0)))))

    def _op_Identity(self, node):
        self._alias(node, self._require(node, 0, "input"))

    def _op_Dropout(self, node):
        x = self._require(node, 0, "data")
        self._only_first_output(node, "the mask output is not supported "
                                "(inference only)")
        training = self._get(node, 2)
        if training is not None:
            if not training.is_const:
                raise _node_error(node, "training_mode must be a constant")
            if bool(np.asarray(training.const).reshape(-1)[0]):
                raise _node_error(node, "training_mode = true is not "
                                  "supported (inference only)")
        self._alias(node, x)

    def _op_Relu(self, node):
        x = self._require(node, 0, "X")
        self._check_float(node, x, "X")
        if x.is_const:
            self._alias(node, _Value(const=np.maximum(x.const, 0)))
            return
        t = _tensor_type(x.shape)
        self._emit_result(node, 0, x.shape, "cnn.relu %s : %s" % (x.ssa, t))

    def _op_Add(self, node):
        self._elementwise(node, "add", np.add)

    def _op_Mul(self, node):
        self._elementwise(node, "mul", np.multiply)

    def _op_Sub(self, node):
        self._elementwise(node, "sub", np.subtract)

    def _op_Div(self, node):
        self._elementwise(node, "div", np.divide)

    def _elementwise(self, node, op, fold):
        a = self._require(node, 0, "A")
        b = self._require(node, 1, "B")
        for value, what in ((a, "A"), (b, "B")):
            if value.is_const and value.const.dtype != np.float32:
                raise _node_error(node, "%s has element type %s, only float32 "
                                  "is supported" % (what, value.const.dtype))
        if a.is_const and b.is_const:
            self._alias(node, _Value(const=fold(a.const, b.const)))
            return
        name, shape = self._binary(node, op, a, b)
        self._define(node, 0, shape, name)

    def _op_Conv(self, node):
        x = self._require(node, 0, "X")
        w = self._require(node, 1, "W")
        b = self._get(node, 2)
        if len(x.shape) != 4 or len(w.shape) != 4:
            raise _node_error(node, "only 2-D convolutions (4-D X and W) are "
                              "supported, got X of rank %d and W of rank %d"
                              % (len(x.shape), len(w.shape)))
        kernel = self._ints(node, "kernel_shape", w.shape[2:], 2)
        if list(kernel) != list(w.shape[2:]):
            raise _node_error(node, "kernel_shape %s does not match W's shape "
                              "%s" % (kernel, w.shape))
        strides = self._ints(node, "strides", [1, 1], 2)
        dilations = self._ints(node, "dilations", [1, 1], 2)
        group = int(node.attr("group", 1))
        pads = self._pads_2d(node, x.shape[2:], kernel, strides, dilations)
        if x.zero_pad is not None:
            if node.attr("auto_pad", "NOTSET") not in ("NOTSET", ""):
                raise _node_error(node, "a Pad before a Conv with auto_pad is "
                                  "not supported")
            # The zero Pad before the convolution becomes its padding.
            x, extra = x.zero_pad
            pads = [a + b for a, b in zip(pads, extra)]
        out_hw = []
        for i in range(2):
            window = (kernel[i] - 1) * dilations[i] + 1
            padded = x.shape[2 + i] + pads[i] + pads[i + 2]
            if padded < window or strides[i] < 1:
                raise _node_error(node, "the window (%d) exceeds the padded "
                                  "input (%d)" % (window, padded))
            out_hw.append((padded - window) // strides[i] + 1)
        shape = (x.shape[0], w.shape[0]) + tuple(out_hw)
        operands = [self._ssa(x, "X", node), self._ssa(w, "weight", node)]
        types = [_tensor_type(x.shape), _tensor_type(w.shape)]
        if b is not None:
            if b.shape != (w.shape[0],):
                raise _node_error(node, "B has shape %s, expected (%d,)"
                                  % (b.shape, w.shape[0]))
            operands.append(self._ssa(b, "bias", node))
            types.append(_tensor_type(b.shape))
        init = self._empty(node, shape)
        attrs = ["strides = %s" % _i64_array(strides),
                 "padding = %s" % _i64_array(pads),
                 "dilations = %s" % _i64_array(dilations),
                 "groups = %d : i64" % group]
        self._emit_result(node, 0, shape, "cnn.conv2d ins(%s : %s) outs(%s : %s) {%s} -> %s" % (
            ", ".join(operands), ", ".join(types), init, _tensor_type(shape),
            ", ".join(attrs), _tensor_type(shape)))

    def _fc(self, node, x_ssa, x_shape, weight, bias):
        """cnn.fc of a 2-D input and a [K, C] weight value (and bias)."""
        shape = (x_shape[0], weight.shape[0])
        operands = [x_ssa, self._ssa(weight, "weight", node)]
        types = [_tensor_type(x_shape), _tensor_type(weight.shape)]
        if bias is not None:
            operands.append(self._ssa(bias, "bias", node))
            types.append(_tensor_type(bias.shape))
        init = self._empty(node, shape)
        name = self.writer.fresh()
        self.writer.emit("%s = cnn.fc ins(%s : %s) outs(%s : %s) -> %s" % (
            name, ", ".join(operands), ", ".join(types), init,
            _tensor_type(shape), _tensor_type(shape)), node.label)
        return name, shape

    def _op_Gemm(self, node):
        a = self._require(node, 0, "A")
        b = self._require(node, 1, "B")
        c = self._get(node, 2)
        alpha = float(node.attr("alpha", 1.0))
        beta = float(node.attr("beta", 1.0))
        trans_a = int(node.attr("transA", 0))
        trans_b = int(node.attr("transB", 0))
        self._rank_check(node, a, (2,), "A")
        self._rank_check(node, b, (2,), "B")
        a_ssa, a_shape = self._ssa(a, "A", node), a.shape
        if trans_a:
            a_ssa, a_shape = self._transpose(node, a_ssa, a_shape, (1, 0))
        # cnn.fc's weight is [outputs, inputs]: B transposed unless transB.
        if b.is_const:
            w = b.const if trans_b else b.const.T
            if alpha != 1.0:
                w = w * np.float32(alpha)
            weight = _Value(const=np.ascontiguousarray(w, dtype=np.float32))
        else:
            b_ssa = self._ssa(b, "B", node)
            if trans_b:
                weight = b
            else:
                t_ssa, t_shape = self._transpose(node, b_ssa, b.shape, (1, 0))
                weight = _Value(shape=t_shape, ssa=t_ssa)
        if weight.shape[1] != a_shape[1]:
            raise _node_error(node, "A' is %s and B' is %s: inner dimensions "
                              "differ" % (a_shape, weight.shape[::-1]))
        n = weight.shape[0]
        bias = None
        if c is not None and c.is_const and b.is_const and beta != 0.0 and \
                c.const.size in (1, n) and \
                np.broadcast_shapes(c.const.shape, (a_shape[0], n)) == \
                (a_shape[0], n) and (c.const.ndim < 2 or c.const.shape[0] == 1):
            bias = _Value(const=np.broadcast_to(
                (c.const * np.float32(beta)).reshape(-1), (n,)).astype(
                    np.float32))
            c = None
        y_ssa, y_shape = self._fc(node, a_ssa, a_shape, weight, bias)
        y = _Value(shape=y_shape, ssa=y_ssa)
        if alpha != 1.0 and not b.is_const:
            scale = _Value(const=np.array(alpha, dtype=np.float32))
            y_ssa, y_shape = self._binary(node, "mul", y, scale)
            y = _Value(shape=y_shape, ssa=y_ssa)
        if c is not None and beta != 0.0:
            if c.is_const:
                c = _Value(const=(c.const * np.float32(beta)).astype(
                    np.float32))
            elif beta != 1.0:
                scaled, shape = self._binary(
                    node, "mul", c, _Value(const=np.array(beta, np.float32)))
                c = _Value(shape=shape, ssa=scaled)
            y_ssa, y_shape = self._binary(node, "add", y, c)
            if y_shape != y.shape:
                raise _node_error(node, "C of shape %s does not broadcast to "
                                  "the result %s" % (c.shape, y.shape))
            y = _Value(shape=y_shape, ssa=y_ssa)
        self.values[node.outputs[0]] = y

    def _op_MatMul(self, node):
        a = self._require(node, 0, "A")
        b = self._require(node, 1, "B")
        if len(a.shape) < 2 or len(b.shape) < 2:
            raise _node_error(node, "1-D operands are not supported (A is %s, "
                              "B is %s)" % (a.shape, b.shape))
        if a.shape[-1] != b.shape[-2]:
            raise _node_error(node, "A is %s and B is %s: inner dimensions "
                              "differ" % (a.shape, b.shape))
        if b.is_const and b.const.ndim == 2 and not a.is_const:
            # Constant weights: a fully-connected layer over the rows of A.
            rows = int(np.prod(a.shape[:-1]))
            x = self._reshape(node, a.ssa, a.shape, (rows, a.shape[-1]))
            weight = _Value(const=np.ascontiguousarray(b.const.T,
                                                       dtype=np.float32))
            bias = getattr(node, "bias", None)
            if bias is not None:
                bias = _Value(const=bias.const.reshape(-1))
            y, _ = self._fc(node, x, (rows, a.shape[-1]), weight, bias)
            shape = tuple(a.shape[:-1]) + (b.shape[-1],)
            y = self._reshape(node, y, (rows, b.shape[-1]), shape)
            self._define(node, 0, shape, y)
            return
        batch = np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
        operands = []
        for value, what in ((a, "A"), (b, "B")):
            full = tuple(batch) + value.shape[-2:]
            if value.shape != full:
                if not value.is_const:
                    raise _node_error(node, "%s of shape %s would need "
                                      "broadcasting to %s, which is only "
                                      "supported for constants"
                                      % (what, value.shape, full))
                value = _Value(const=np.broadcast_to(value.const, full).copy())
            operands.append(value)
        a, b = operands
        shape = tuple(batch) + (a.shape[-2], b.shape[-1])
        y = self._emit_result(node, 0, shape, "cnn.matmul %s, %s : %s, %s -> %s" % (
            self._ssa(a, "A", node), self._ssa(b, "B", node),
            _tensor_type(a.shape), _tensor_type(b.shape), _tensor_type(shape)))
        bias = getattr(node, "bias", None)
        if bias is not None:
            # The Add marked as this MatMul's bias, when no fc could take it.
            name, shape = self._binary(node, "add", _Value(shape=shape, ssa=y),
                                       bias)
            self._define(node, 0, shape, name)

    def _pool_common(self, node, x):
        self._rank_check(node, x, (4,), "X (only 1-D and 2-D pooling are "
                         "supported)")
        kernel = self._ints(node, "kernel_shape", None, 2) \
            if node.attr("kernel_shape") is not None else None
        if kernel is None:
            raise _node_error(node, "kernel_shape is required")
        strides = self._ints(node, "strides", [1, 1], 2)
        dilations = self._ints(node, "dilations", [1, 1], 2)
        if dilations != [1, 1]:
            raise _node_error(node, "dilated pooling (dilations %s) is not "
                              "supported" % dilations)
        pads = self._pads_2d(node, x.shape[2:], kernel, strides, [1, 1])
        ceil_mode = int(node.attr("ceil_mode", 0))
        out_hw = []
        for i in range(2):
            padded = x.shape[2 + i] + pads[i] + pads[i + 2]
            if padded < kernel[i]:
                raise _node_error(node, "the kernel (%d) exceeds the padded "
                                  "input (%d)" % (kernel[i], padded))
            span = padded - kernel[i]
            out = (-(-span // strides[i]) if ceil_mode else
                   span // strides[i]) + 1
            if ceil_mode and (out - 1) * strides[i] >= x.shape[2 + i] + pads[i]:
                # The last window would start in the end padding.
                out -= 1
            extra = (out - 1) * strides[i] + kernel[i] - padded
            if extra > 0:
                # Ceil mode: the end padding that makes floor division
                # produce the ceil-mode extent.
                pads[i + 2] += extra
            out_hw.append(out)
        shape = x.shape[:2] + tuple(out_hw)
        return kernel, strides, pads, shape, ceil_mode

    def _pool(self, node, op, x, kernel, strides, pads, shape, extra_attrs=()):
        init = self._empty(node, shape)
        attrs = ["kernel = %s" % _i64_array(kernel),
                 "strides = %s" % _i64_array(strides),
                 "padding = %s" % _i64_array(pads)] + list(extra_attrs)
        self._emit_result(node, 0, shape, "cnn.%s ins(%s : %s) outs(%s : %s) {%s} -> %s" % (
            op, self._ssa(x, "X", node), _tensor_type(x.shape), init,
            _tensor_type(shape), ", ".join(attrs), _tensor_type(shape)))

    def _pool_1d_as_2d(self, node, x):
        """A 1-D pooling node as 2-D pooling over rows of height 1: the node
        with 2-D attributes and X reshaped to N x C x 1 x L."""
        import copy
        plane = copy.copy(node)
        plane.attrs = dict(node.attrs)
        for name in ("kernel_shape", "strides", "dilations"):
            if node.attr(name) is not None:
                plane.attrs[name] = [1] + [int(v) for v in node.attr(name)]
        if node.attr("pads") is not None:
            pads = [int(v) for v in node.attr("pads")]
            if len(pads) != 2:
                raise _node_error(node, "pads has %d values, expected 2"
                                  % len(pads))
            plane.attrs["pads"] = [0, pads[0], 0, pads[1]]
        shape = (x.shape[0], x.shape[1], 1, x.shape[2])
        return plane, _Value(shape=shape, ssa=self._reshape(
            node, self._ssa(x, "X", node), x.shape, shape))

    def _pool_any_rank(self, node, pool):
        """Runs `pool(node, x)` on 2-D pooling, or on 1-D pooling through
        _pool_1d_as_2d with the result reshaped back."""
        x = self._require(node, 0, "X")
        self._rank_check(node, x, (3, 4), "X (1-D or 2-D pooling)")
        if len(x.shape) != 3:
            return pool(node, x)
        plane, x4 = self._pool_1d_as_2d(node, x)
        pool(plane, x4)
        y = self.values[node.outputs[0]]
        shape = (y.shape[0], y.shape[1], y.shape[3])
        self._define(node, 0, shape,
                     self._reshape(node, y.ssa, y.shape, shape))

    def _op_MaxPool(self, node):
        self._pool_any_rank(node, self._max_pool)

    def _op_AveragePool(self, node):
        self._pool_any_rank(node, self._average_pool)

    def _max_pool(self, node, x):
        self._only_first_output(node, "the Indices output is not supported")
        if int(node.attr("storage_order", 0)) != 0:
            raise _node_error(node, "storage_order = 1 is not supported")
        kernel, strides, pads, shape, _ = self._pool_common(node, x)
        self._pool(node, "max_pool2d", x, kernel, strides, pads, shape)

    def _average_pool(self, node, x):
        include_pad = int(node.attr("count_include_pad", 0))
        original = self._pads_2d(node, x.shape[2:],
                                 self._ints(node, "kernel_shape", [1, 1], 2),
                                 self._ints(node, "strides", [1, 1], 2), [1, 1])
        kernel, strides, pads, shape, _ = self._pool_common(node, x)
        if include_pad and pads != original:
            if any(original):
                raise _node_error(node, "ceil_mode with count_include_pad = 1 "
                                  "and explicit pads is not supported: the "
                                  "windows that cross the end would count "
                                  "positions beyond the padding")
            # Without explicit padding there is no padding to include: the
            # windows that cross the end average their valid positions.
            include_pad = 0
        self._pool(node, "avg_pool2d", x, kernel, strides, pads, shape,
                   ["count_include_pad"] if include_pad else [])

    def _global_pool(self, node, op):
        x = self._require(node, 0, "X")
        self._rank_check(node, x, (4,), "X (only 2-D pooling is supported)")
        kernel = list(x.shape[2:])
        shape = x.shape[:2] + (1, 1)
        self._pool(node, op, x, kernel, [1, 1], [0, 0, 0, 0], shape)

    def _op_GlobalAveragePool(self, node):
        self._global_pool(node, "avg_pool2d")

    def _op_GlobalMaxPool(self, node):
        self._global_pool(node, "max_pool2d")

    def _op_LRN(self, node):
        x = self._require(node, 0, "X")
        self._rank_check(node, x, (4,), "X")
        size = int(node.attr("size"))
        if size % 2 == 0:
            raise _node_error(node, "even size %d is not supported (cnn.lrn's "
                              "window is centred)" % size)
        attrs = "size = %d : i64, alpha = %s : f32, beta = %s : f32, k = %s : f32" % (
            size, _float_literal(node.attr("alpha", 1e-4)),
            _float_literal(node.attr("beta", 0.75)),
            _float_literal(node.attr("bias", 1.0)))
        self._emit_result(node, 0, x.shape, "cnn.lrn %s {%s} : %s" % (
            self._ssa(x, "X", node), attrs, _tensor_type(x.shape)))

    def _op_Flatten(self, node):
        x = self._require(node, 0, "input")
        rank = len(x.shape)
        axis = int(node.attr("axis", 1))
        if axis < 0:
            axis += rank
        if axis < 0 or axis > rank:
            raise _node_error(node, "axis %d is out of range for rank %d"
                              % (node.attr("axis"), rank))
        shape = (int(np.prod(x.shape[:axis])), int(np.prod(x.shape[axis:])))
        if x.is_const:
            self._alias(node, _Value(const=x.const.reshape(shape)))
            return
        if axis == 1 and rank >= 2:
            self._emit_result(node, 0, shape, "cnn.flatten %s : %s -> %s" % (
                x.ssa, _tensor_type(x.shape), _tensor_type(shape)))
        else:
            self._define(node, 0, shape,
                         self._reshape(node, x.ssa, x.shape, shape))

    def _op_Reshape(self, node):
        x = self._require(node, 0, "data")
        target = self._const_input(node, 1, "shape")
        if target is None:
            raise _node_error(node, "missing input 1 (shape)")
        target = [int(d) for d in np.asarray(target).reshape(-1)]
        allow_zero = int(node.attr("allowzero", 0))
        shape = []
        for i, d in enumerate(target):
            if d == 0 and not allow_zero:
                if i >= len(x.shape):
                    raise _node_error(node, "shape entry %d is 0 (copy) but "
                                      "the input has rank %d" % (i, len(x.shape)))
                d = x.shape[i]
            shape.append(d)
        total = int(np.prod(x.shape))
        if shape.count(-1) > 1:
            raise _node_error(node, "more than one -1 in shape %s" % target)
        if -1 in shape:
            known = int(np.prod([d for d in shape if d != -1]))
            if known == 0 or total % known:
                raise _node_error(node, "cannot infer the -1 of shape %s for "
                                  "%d elements" % (target, total))
            shape[shape.index(-1)] = total // known
        if any(d <= 0 for d in shape) or int(np.prod(shape)) != total:
            raise _node_error(node, "shape %s does not hold the %d elements of "
                              "the input %s" % (target, total, x.shape))
        shape = tuple(shape)
        if x.is_const:
            self._alias(node, _Value(const=x.const.reshape(shape)))
            return
        self._define(node, 0, shape, self._reshape(node, x.ssa, x.shape, shape))

    def _op_Transpose(self, node):
        x = self._require(node, 0, "data")
        rank = len(x.shape)
        perm = node.attr("perm")
        perm = list(range(rank))[::-1] if perm is None else [int(p) for p in perm]
        if sorted(perm) != list(range(rank)):
            raise _node_error(node, "perm %s is not a permutation of %d "
                              "dimensions" % (perm, rank))
        if x.is_const:
            self._alias(node, _Value(const=np.transpose(x.const, perm)))
            return
        name, shape = self._transpose(node, x.ssa, x.shape, perm)
        self._define(node, 0, shape, name)

    def _op_Softmax(self, node):
        x = self._require(node, 0, "input")
        rank = len(x.shape)
        default = -1 if self.opset >= 13 else 1
        axis = int(node.attr("axis", default))
        if axis < -rank or axis >= rank:
            raise _node_error(node, "axis %d is out of range for rank %d"
                              % (axis, rank))
        if axis < 0:
            axis += rank
        ssa = self._ssa(x, "input", node)
        if self.opset >= 13:
            self._emit_result(node, 0, x.shape, "cnn.softmax %s {axis = %d : i64} : %s" % (
                ssa, axis, _tensor_type(x.shape)))
            return
        # Before opset 13: the input is coerced to 2-D at `axis` and the
        # softmax taken over the second dimension.
        flat = (int(np.prod(x.shape[:axis])), int(np.prod(x.shape[axis:])))
        flat_ssa = self._reshape(node, ssa, x.shape, flat)
        name = self.writer.fresh()
        self.writer.emit("%s = cnn.softmax %s {axis = 1 : i64} : %s" % (
            name, flat_ssa, _tensor_type(flat)), node.label)
        self._define(node, 0, x.shape, self._reshape(node, name, flat, x.shape))

    def _op_Concat(self, node):
        values = [self._require(node, i, "input %d" % i)
                  for i in range(len(node.inputs))]
        if not values:
            raise _node_error(node, "no inputs")
        rank = len(values[0].shape)
        axis = int(node.attr("axis"))
        if axis < -rank or axis >= rank:
            raise _node_error(node, "axis %d is out of range for rank %d"
                              % (axis, rank))
        if axis < 0:
            axis += rank
        for i, v in enumerate(values):
            if len(v.shape) != rank or any(
                    v.shape[d] != values[0].shape[d]
                    for d in range(rank) if d != axis):
                raise _node_error(node, "input %d has shape %s, which does "
                                  "not match input 0's %s outside axis %d"
                                  % (i, v.shape, values[0].shape, axis))
        if all(v.is_const for v in values):
            self._alias(node, _Value(const=np.concatenate(
                [v.const for v in values], axis=axis)))
            return
        shape = list(values[0].shape)
        shape[axis] = sum(v.shape[axis] for v in values)
        shape = tuple(shape)
        names = [self._ssa(v, "input%d" % i, node) for i, v in enumerate(values)]
        self._emit_result(node, 0, shape, "cnn.concat %s {axis = %d : i64} : %s -> %s" % (
            ", ".join(names), axis,
            ", ".join(_tensor_type(v.shape) for v in values),
            _tensor_type(shape)))

    def _op_BatchNormalization(self, node):
        x = self._require(node, 0, "X")
        if int(node.attr("training_mode", 0)):
            raise _node_error(node, "training_mode = 1 is not supported "
                              "(inference only)")
        self._only_first_output(node, "the running mean and variance outputs "
                                "are not supported (inference only)")
        if int(node.attr("spatial", 1)) != 1:
            # Versions 7 and 8: statistics per element, not per channel.
            raise _node_error(node, "spatial = 0 is not supported")
        if len(x.shape) < 2:
            raise _node_error(node, "X has rank %d, expected 2 or more"
                              % len(x.shape))
        params = [self._require(node, i, what) for i, what in
                  enumerate(("X", "scale", "B", "input_mean", "input_var"))][1:]
        names = [self._ssa(x, "X", node)] + [
            self._ssa(p, what, node) for p, what in
            zip(params, ("scale", "bias", "mean", "var"))]
        types = [_tensor_type(x.shape)] + [_tensor_type(p.shape)
                                           for p in params]
        epsilon = _float_literal(node.attr("epsilon", 1e-5))
        self._emit_result(node, 0, x.shape, "cnn.batch_norm %s {epsilon = %s : f32} : %s -> %s" % (
            ", ".join(names), epsilon, ", ".join(types),
            _tensor_type(x.shape)))

    def _slice_rows(self, node, ssa, shape, first, count):
        """Rows [first, first + count) of the one matrix of a [1, rows, cols]
        value, as a [count, cols] value (rows of a [1, n] value: [count])."""
        name = self.writer.fresh()
        if len(shape) == 3:
            out = (count, shape[2])
            self.writer.emit(
                "%s = tensor.extract_slice %s[0, %d, 0] [1, %d, %d] [1, 1, 1] "
                ": %s to %s" % (name, ssa, first, count, shape[2],
                                _tensor_type(shape), _tensor_type(out)),
                node.label)
        else:
            out = (count,)
            self.writer.emit(
                "%s = tensor.extract_slice %s[0, %d] [1, %d] [1, 1] : %s to %s"
                % (name, ssa, first, count, _tensor_type(shape),
                   _tensor_type(out)), node.label)
        return name, out

    def _concat(self, node, parts, axis):
        shape = list(parts[0][1])
        shape[axis] = sum(p[1][axis] for p in parts)
        name = self.writer.fresh()
        self.writer.emit("%s = cnn.concat %s {axis = %d : i64} : %s -> %s" % (
            name, ", ".join(p[0] for p in parts), axis,
            ", ".join(_tensor_type(p[1]) for p in parts),
            _tensor_type(shape)), node.label)
        return name, tuple(shape)

    def _lstm_weights_at_run_time(self, node, w, r, b, hidden, inputs, gates):
        """The [4H, I + H] weights and [4H] bias of cnn.lstm_cell from W, R
        and B computed at run time: gate rows reordered by slicing."""
        def reordered(value, what, offset=0):
            ssa = self._ssa(value, what, node)
            return self._concat(node, [
                self._slice_rows(node, ssa, value.shape,
                                 offset + g * hidden, hidden)
                for g in gates], 0)
        w_ssa, w_shape = reordered(w, "W")
        r_ssa, r_shape = reordered(r, "R")
        weights_ssa, weights_shape = self._concat(
            node, [(w_ssa, w_shape), (r_ssa, r_shape)], 1)
        weights = _Value(shape=weights_shape, ssa=weights_ssa)
        if b is None:
            return weights, None
        wb = reordered(b, "B")
        rb = reordered(b, "B", 4 * hidden)
        name, shape = self._binary(node, "add", _Value(shape=wb[1], ssa=wb[0]),
                                   _Value(shape=rb[1], ssa=rb[0]))
        return weights, _Value(shape=shape, ssa=name)

    def _op_LSTM(self, node):
        x = self._require(node, 0, "X")
        w = self._require(node, 1, "W")
        r = self._require(node, 2, "R")
        b = self._get(node, 3)
        if self._get(node, 4) is not None:
            raise _node_error(node, "sequence_lens is not supported (every "
                              "sequence has the full length)")
        if self._get(node, 7) is not None:
            raise _node_error(node, "peephole weights (P) are not supported")
        if node.attr("direction", "forward") != "forward":
            raise _node_error(node, "direction '%s' is not supported (only "
                              "forward)" % node.attr("direction"))
        if int(node.attr("layout", 0)) != 0:
            raise _node_error(node, "layout = 1 is not supported")
        if node.attr("clip") is not None or int(node.attr("input_forget", 0)):
            raise _node_error(node, "clip and input_forget are not supported")
        activations = node.attr("activations")
        if activations is not None and [a.decode() if isinstance(a, bytes)
                                        else a for a in activations] != \
                ["Sigmoid", "Tanh", "Tanh"]:
            raise _node_error(node, "activations other than Sigmoid, Tanh, "
                              "Tanh are not supported")
        self._rank_check(node, x, (3,), "X")
        seq, batch, inputs = x.shape
        hidden = int(node.attr("hidden_size", r.shape[-1]))
        if w.shape != (1, 4 * hidden, inputs) or r.shape != (1, 4 * hidden,
                                                              hidden):
            raise _node_error(node, "W %s / R %s do not match one direction of "
                              "hidden size %d and input size %d"
                              % (w.shape, r.shape, hidden, inputs))
        if b is not None and b.shape != (1, 8 * hidden):
            raise _node_error(node, "B has shape %s, expected (1, %d)"
                              % (b.shape, 8 * hidden))
        # ONNX orders the gates i, o, f, c; cnn.lstm_cell i, f, g (= c), o.
        gates = (0, 2, 3, 1)
        if all(v is None or v.is_const for v in (w, r, b)):
            order = np.concatenate([np.arange(hidden) + g * hidden
                                    for g in gates])
            weights = _Value(const=np.concatenate(
                [w.const[0][order], r.const[0][order]], axis=1))
            bias = None if b is None else _Value(const=(
                b.const[0][:4 * hidden] + b.const[0][4 * hidden:])[order])
        else:
            weights, bias = self._lstm_weights_at_run_time(
                node, w, r, b, hidden, inputs, gates)
        weights_type = _tensor_type(weights.shape)
        operands_tail = [self._ssa(weights, "weights", node)]
        types_tail = [weights_type]
        if bias is not None:
            operands_tail.append(self._ssa(bias, "bias", node))
            types_tail.append(_tensor_type(bias.shape))
        state_shape = (batch, hidden)
        states = []
        for index, what in ((5, "initial_h"), (6, "initial_c")):
            value = self._get(node, index)
            if value is None:
                value = _Value(const=np.zeros((1,) + state_shape, np.float32))
            if value.shape != (1,) + state_shape:
                raise _node_error(node, "%s has shape %s, expected %s"
                                  % (what, value.shape, (1,) + state_shape))
            states.append(self._reshape(node, self._ssa(value, what, node),
                                        value.shape, state_shape))
        h, c = states
        x_ssa = self._ssa(x, "X", node)
        state_type = _tensor_type(state_shape)
        step_type = _tensor_type((batch, inputs))
        hs = []
        for t in range(seq):
            step = self.writer.fresh()
            self.writer.emit(
                "%s = tensor.extract_slice %s[%d, 0, 0] [1, %d, %d] [1, 1, 1] "
                ": %s to %s" % (step, x_ssa, t, batch, inputs,
                                _tensor_type(x.shape), step_type), node.label)
            h_next, c_next = self.writer.fresh(), self.writer.fresh()
            self.writer.emit(
                "%s:2 = cnn.lstm_cell %s, %s, %s, %s : %s, %s, %s, %s -> %s, %s"
                % (h_next, step, h, c, ", ".join(operands_tail), step_type,
                   state_type, state_type, ", ".join(types_tail), state_type,
                   state_type), node.label)
            h, c = "%s#0" % h_next, "%s#1" % h_next
            hs.append(h)
        out_shape = (seq, 1, batch, hidden)
        if len(node.outputs) > 0 and node.outputs[0]:
            pieces = [self._reshape(node, hh, state_shape, (1, 1, batch, hidden))
                      for hh in hs]
            if len(pieces) == 1:
                y = pieces[0]
            else:
                y = self.writer.fresh()
                self.writer.emit("%s = cnn.concat %s {axis = 0 : i64} : %s -> %s" % (
                    y, ", ".join(pieces),
                    ", ".join([_tensor_type((1, 1, batch, hidden))] * seq),
                    _tensor_type(out_shape)), node.label)
            self._define(node, 0, out_shape, y)
        final_shape = (1, batch, hidden)
        for index, state in ((1, h), (2, c)):
            if len(node.outputs) > index and node.outputs[index]:
                self._define(node, index, final_shape,
                             self._reshape(node, state, state_shape,
                                           final_shape))


def _load_model(path_or_model):
    import onnx
    from google.protobuf.message import DecodeError
    if isinstance(path_or_model, onnx.ModelProto):
        return path_or_model, "<ModelProto>"
    if isinstance(path_or_model, (bytes, bytearray)):
        data, name = bytes(path_or_model), "<bytes>"
    elif isinstance(path_or_model, (str, os.PathLike)):
        name = os.fspath(path_or_model)
        try:
            with open(name, "rb") as f:
                data = f.read()
        except OSError as e:
            raise CompilerError("cannot read ONNX file %s: %s"
                                % (name, e.strerror))
    else:
        raise TypeError("import_onnx takes a file name, bytes or an "
                        "onnx.ModelProto, got %s" % type(path_or_model).__name__)
    model = onnx.ModelProto()
    try:
        # protobuf warns, and keeps what it read, on some truncated inputs.
        with warnings.catch_warnings():
            warnings.simplefilter("error", RuntimeWarning)
            model.ParseFromString(data)
    except (DecodeError, RuntimeError, ValueError, RuntimeWarning,
            SystemError) as e:
        raise CompilerError("%s is not a valid ONNX model (the protobuf does "
                            "not parse: %s)" % (name, e))
    if not model.HasField("graph"):
        raise CompilerError("%s is not a valid ONNX model (no graph)" % name)
    return model, name


def import_model(path_or_model, input_shapes=None, constant_inputs=None,
                 function_name="forward", check=True):
    """Imports an ONNX model as an eie.Module.

    `input_shapes` ({input name: shape}) fixes inputs whose dimensions the
    model leaves symbolic; `constant_inputs` ({input name: array}) binds graph
    inputs to values, which then count as constants (the shape input of a
    Reshape, say). With `check`, onnx.checker validates the model first.
    The returned module has `input_names` and `output_names`: the graph's
    inputs and outputs in the order of the function's arguments and results.
    """
    import onnx
    model, name = _load_model(path_or_model)
    if check:
        try:
            onnx.checker.check_model(model)
        except onnx.checker.ValidationError as e:
            message = str(e).strip().splitlines()
            raise CompilerError("%s fails the ONNX checker: %s"
                                % (name, message[0] if message else
                                   "(no message)"))
    importer = _Importer(model, input_shapes, constant_inputs, function_name)
    try:
        text, weights = importer.run()
    except CompilerError:
        raise
    except (TypeError, ValueError, IndexError, KeyError, AttributeError,
            UnicodeError) as e:
        # Fields the checker does not vouch for (it was skipped, or the
        # protobuf holds what no valid model has).
        raise CompilerError("%s is a malformed ONNX model (%s: %s)"
                            % (name, type(e).__name__, e))
    module = Module(_eie.Module.parse(text, name, weights))
    module.input_names = importer.input_names
    module.output_names = importer.output_names
    return module
