"""An ONNX backend (onnx.backend.base.Backend) on the EIE compiler's x86 path.

`prepare` checks and keeps the model; the first `run` imports it, compiles it
with eie.compile_x86 and calls it. Inputs that fix shapes (the `shape` input
of Reshape) are bound to their values at that point, since the compiler needs
static shapes; a run with other values of them compiles again.
"""

import numpy as np

import onnx
from onnx.backend.base import Backend, BackendRep

from . import CompilerError, compile_x86
from . import onnx_importer


class UnsupportedModelError(CompilerError):
    """The importer refuses the model (an operator, attribute or shape it does
    not support), as opposed to a failure of the compiler."""


def _shape_inputs(model):
    """Names of graph inputs read as shapes (statically needed)."""
    names = set()
    for node in model.graph.node:
        if node.op_type == "Reshape" and len(node.input) > 1:
            names.add(node.input[1])
    return names


class EIEBackendRep(BackendRep):
    def __init__(self, model, pipeline=None):
        self.model = model
        self.pipeline = pipeline
        initializers = {i.name for i in model.graph.initializer}
        self.input_names = [i.name for i in model.graph.input
                            if i.name not in initializers]
        self.bound_names = _shape_inputs(model) & set(self.input_names)
        self.compiled = {}

    def _compile(self, bound):
        key = tuple((name, bound[name].tobytes(), bound[name].shape)
                    for name in sorted(bound))
        if key not in self.compiled:
            try:
                module = onnx_importer.import_model(self.model,
                                                    constant_inputs=bound,
                                                    check=False)
            except CompilerError as e:
                raise UnsupportedModelError(str(e)) from None
            self.compiled[key] = (module, compile_x86(module,
                                                      pipeline=self.pipeline))
        return self.compiled[key]

    def run(self, inputs, **kwargs):
        if isinstance(inputs, dict):
            inputs = [inputs[name] for name in self.input_names]
        if not isinstance(inputs, (list, tuple)):
            inputs = [inputs]
        if len(inputs) != len(self.input_names):
            raise CompilerError("the model has %d inputs, got %d"
                                % (len(self.input_names), len(inputs)))
        bound, arguments = {}, {}
        for name, value in zip(self.input_names, inputs):
            if name in self.bound_names:
                bound[name] = np.asarray(value)
            else:
                arguments[name] = np.asarray(value)
        module, function = self._compile(bound)
        results = function(*[arguments[name] for name in module.input_names])
        if not isinstance(results, tuple):
            results = (results,)
        return results


class EIEBackend(Backend):
    @classmethod
    def is_compatible(cls, model, device="CPU", **kwargs):
        return device == "CPU"

    @classmethod
    def supports_device(cls, device):
        return device == "CPU"

    @classmethod
    def prepare(cls, model, device="CPU", pipeline=None, **kwargs):
        super().prepare(model, device, **kwargs)
        if device != "CPU":
            raise CompilerError("the EIE backend runs on CPU only, not %s"
                                % device)
        if isinstance(model, (bytes, str)):
            model, _ = onnx_importer._load_model(model)
        onnx.checker.check_model(model)
        return EIEBackendRep(model, pipeline)

    @classmethod
    def run_model(cls, model, inputs, device="CPU", **kwargs):
        return cls.prepare(model, device, **kwargs).run(inputs)

    @classmethod
    def run_node(cls, node, inputs, device="CPU", outputs_info=None,
                 **kwargs):
        raise NotImplementedError("the EIE backend compiles whole models "
                                  "(prepare), not single nodes")


prepare = EIEBackend.prepare
run_model = EIEBackend.run_model
supports_device = EIEBackend.supports_device
