"""PyTorch modules as cnn dialect modules, through torch.onnx.export.

The export runs offline, in memory, in evaluation mode (BatchNorm then folds
into the preceding convolution, Dropout disappears); the ONNX importer does
the rest, so both front doors accept exactly the same operators.
"""

import io

from . import CompilerError

# The newest opset torch 1.13's exporter writes that the importer supports.
EXPORT_OPSET = 13


def import_module(module, example_input, opset=EXPORT_OPSET, **options):
    """Traces `module` on `example_input` (a tensor or a tuple of tensors)
    and imports the ONNX graph; `options` go to eie.onnx_importer.import_model.
    """
    import torch
    from . import onnx_importer
    if not isinstance(module, torch.nn.Module):
        raise TypeError("import_torch takes a torch.nn.Module, got %s"
                        % type(module).__name__)
    inputs = example_input if isinstance(example_input, tuple) \
        else (example_input,)
    for i, tensor in enumerate(inputs):
        if not isinstance(tensor, torch.Tensor):
            raise TypeError("example input %d is a %s, expected a "
                            "torch.Tensor" % (i, type(tensor).__name__))
        if tensor.dtype != torch.float32:
            raise CompilerError("example input %d has dtype %s: only float32 "
                                "inputs are supported" % (i, tensor.dtype))
    was_training = module.training
    module.eval()
    buffer = io.BytesIO()
    try:
        with torch.no_grad():
            torch.onnx.export(
                module, inputs, buffer, opset_version=opset,
                input_names=["input%d" % i for i in range(len(inputs))],
                do_constant_folding=True,
                training=torch.onnx.TrainingMode.EVAL)
    except Exception as e:  # the exporter's own errors are of many types
        raise CompilerError("torch.onnx.export failed: %s"
                            % str(e).strip().splitlines()[0])
    finally:
        module.train(was_training)
    return onnx_importer.import_model(buffer.getvalue(), **options)
