"""Deep Compression with retraining, in PyTorch (Han et al., ICLR 2016).

The compiler's passes (`eie.compress`: --eie-prune, --eie-share-weights,
--eie-encode) compress a trained model without training. This module does
what the paper does instead, on a torch model and its training data:

1. iterative magnitude pruning: each layer's weights are cut to its target
   density in a few stages, the network retrained after each stage with the
   pruned weights held at zero (masked gradients and weights);
2. weight sharing: k-means over each layer's remaining weights (linear
   initialization, 2^bits - 1 centroids, code 0 kept for the value 0), then
   centroid fine-tuning: every centroid moves by the sum of the gradients of
   the weights that share it, the assignments stay fixed.

The model that comes out is an ordinary torch module whose weights hold
exactly the shared values (float32, zeros where pruned). `eie.import_torch`
and `eie.encode` keep them bit for bit: the encoder's codebook is the layer's
distinct values, and `eie.compressed_weights` decodes them back.

`plan` checks the model against what the encoder and the EIE machine can
represent (densities, bit widths, SRAM sizes) before any training time is
spent; `deep_compress` runs everything.
"""

import math
import numbers

import numpy as np

__all__ = [
    "EncodingLimitError", "LayerPlan", "DEFAULT_MACHINE", "plan",
    "prune_with_retraining", "share_with_finetuning", "deep_compress",
    "kmeans_1d", "layer_statistics", "train",
]

# The machine description's defaults (docs/Simulator.md, data/machine/
# eie-default.json): a description names only what differs.
DEFAULT_MACHINE = {
    "pes": 64,
    "queue_depth": 8,
    "register_file_entries": 64,
    "spmat_sram_bytes": 131072,
    "pointer_sram_entries": 32768,
    "sram_width_bits": 64,
    "clock_mhz": 800,
}

# The encoder's code widths (eie::format::kMinCodeBits, kMaxCodeBits) and the
# widest code the EIE machine decodes (docs/ISA.md).
MIN_CODE_BITS = 2
MAX_CODE_BITS = 8
MACHINE_CODE_BITS = 4


class EncodingLimitError(ValueError):
    """The model asks for something the encoder or the EIE machine cannot
    represent; raised by `plan`, before training."""


class LayerPlan:
    """What happens to one layer: its torch name, kind ("fc" or "conv"),
    weight shape, target density and code width; `on_machine` when the EIE
    machine runs it (fc layers, when a machine is given)."""

    def __init__(self, name, kind, shape, density, bits, on_machine):
        self.name = name
        self.kind = kind
        self.shape = tuple(shape)
        self.density = density
        self.bits = bits
        self.on_machine = on_machine

    @property
    def size(self):
        return int(np.prod(self.shape))

    @property
    def kept(self):
        """Weights kept at the target density (as --eie-prune counts them)."""
        return int(round(self.density * self.size))

    def __repr__(self):
        return "LayerPlan(%r, %s %s, density %.4g, %d bits%s)" % (
            self.name, self.kind, "x".join(map(str, self.shape)),
            self.density, self.bits, ", EIE" if self.on_machine else "")


def _compressible_layers(model):
    import torch
    layers = []
    for name, module in model.named_modules():
        if isinstance(module, torch.nn.Linear):
            layers.append((name, "fc", module))
        elif isinstance(module, torch.nn.Conv2d):
            layers.append((name, "conv", module))
    return layers


def _machine_description(machine):
    if machine is None:
        return None
    if not isinstance(machine, dict):
        raise TypeError("machine must be a dict of the machine description "
                        "(docs/Simulator.md), got %s" % type(machine).__name__)
    unknown = sorted(set(machine) - set(DEFAULT_MACHINE) - {"energy_pj"})
    if unknown:
        raise EncodingLimitError("unknown machine description key '%s'"
                                 % unknown[0])
    description = dict(DEFAULT_MACHINE)
    description.update(machine)
    for key in DEFAULT_MACHINE:
        value = description[key]
        if not isinstance(value, int) or isinstance(value, bool) or \
                value < 1:
            raise EncodingLimitError("machine description: %s = %r, "
                                     "expected a positive integer"
                                     % (key, value))
    return description


def plan(model, densities, fc_bits=4, conv_bits=8, machine=None):
    """Checks that the model can be compressed as asked and returns one
    LayerPlan per compressed layer, in module order.

    `densities` maps the names of the model's nn.Linear and nn.Conv2d modules
    (as `named_modules` gives them) to the fraction of weights kept. Every
    nn.Linear must be named, since the encoder turns every fc layer into the
    compressed format, which holds at most 2^bits - 1 distinct values; a
    conv layer left out stays dense fp32. With a `machine` (a machine
    description dict, docs/Simulator.md), the fc layers are those the EIE
    machine runs: their codes must fit its decoder and their compressed
    matrices its SRAMs.

    Raises EncodingLimitError naming the layer and the limit."""
    layers = _compressible_layers(model)
    names = {name for name, _, _ in layers}
    if not isinstance(densities, dict):
        raise TypeError("densities must map layer names to densities, got %s"
                        % type(densities).__name__)
    for name in densities:
        if name not in names:
            raise EncodingLimitError(
                "densities name layer '%s', which is not an nn.Linear or "
                "nn.Conv2d of the model (its layers: %s)"
                % (name, ", ".join(sorted(names)) or "none"))
    description = _machine_description(machine)
    for option, bits in (("fc_bits", fc_bits), ("conv_bits", conv_bits)):
        if not isinstance(bits, int) or not \
                MIN_CODE_BITS <= bits <= MAX_CODE_BITS:
            raise EncodingLimitError(
                "%s = %r: the encoder's codes have %d to %d bits"
                % (option, bits, MIN_CODE_BITS, MAX_CODE_BITS))

    plans = []
    for name, kind, module in layers:
        if name not in densities:
            if kind == "fc":
                raise EncodingLimitError(
                    "layer '%s' (fc) has no density: the encoder turns every "
                    "fc layer into the compressed format, whose codebook "
                    "holds at most 2^bits - 1 values, so each must be shared "
                    "(give density 1.0 to share without pruning)" % name)
            continue
        density = densities[name]
        if not isinstance(density, numbers.Real) or \
                not 0.0 < float(density) <= 1.0:
            raise EncodingLimitError(
                "layer '%s': density %r is outside (0, 1]" % (name, density))
        bits = fc_bits if kind == "fc" else conv_bits
        on_machine = kind == "fc" and description is not None
        layer = LayerPlan(name, kind, module.weight.shape, float(density),
                          bits, on_machine)
        if layer.kept < 1:
            raise EncodingLimitError(
                "layer '%s': density %g keeps no weight of %d (at least "
                "1 / %d)" % (name, density, layer.size, layer.size))
        if on_machine:
            _check_machine_limits(layer, description)
        plans.append(layer)
    if description is not None:
        _check_residency(plans, description)
    return plans


def _check_machine_limits(layer, machine):
    if layer.bits > MACHINE_CODE_BITS:
        raise EncodingLimitError(
            "layer '%s': %d-bit weights, the EIE machine decodes at most "
            "%d-bit codes" % (layer.name, layer.bits, MACHINE_CODE_BITS))
    rows, cols = layer.shape
    # A column's entries in one PE must fit one pass (docs/ISA.md); at the
    # layer's density a column keeps about that share of a PE's rows.
    per_pass = min(65535, machine["spmat_sram_bytes"])
    column = int(math.ceil(layer.density * -(-rows // machine["pes"])))
    if column > per_pass:
        raise EncodingLimitError(
            "layer '%s' (%dx%d at density %g): a column needs about %d "
            "entries in a PE of %d, a pass holds at most %d"
            % (layer.name, rows, cols, layer.density, column,
               machine["pes"], per_pass))


def _check_residency(plans, machine):
    """EIE's premise: the compressed model stays in the PEs' SRAMs. The
    entries a layer needs at the least (its kept weights spread evenly, one
    byte each, no padding) and its pointers (cols + 1 per PE) are added up in
    network order; the first layer that overflows is named."""
    pes = machine["pes"]
    entries = pointers = 0
    for layer in plans:
        if not layer.on_machine:
            continue
        rows, cols = layer.shape
        layer_entries = -(-layer.kept // pes)
        entries += layer_entries
        pointers += cols + 1
        if entries > machine["spmat_sram_bytes"]:
            raise EncodingLimitError(
                "layer '%s' (%dx%d at density %g): at least %d bytes of "
                "entries per PE on %d PEs%s, more than the %d-byte "
                "sparse-matrix SRAM of a PE" % (
                    layer.name, rows, cols, layer.density, layer_entries,
                    pes, "" if entries == layer_entries else
                    " (%d with the layers before it)" % entries,
                    machine["spmat_sram_bytes"]))
        if pointers > machine["pointer_sram_entries"]:
            raise EncodingLimitError(
                "layer '%s' (%dx%d): %d column pointers per PE%s, more than "
                "the %d entries of a PE's pointer SRAM" % (
                    layer.name, rows, cols, cols + 1,
                    "" if pointers == cols + 1 else
                    " (%d with the layers before it)" % pointers,
                    machine["pointer_sram_entries"]))


def _batches(data):
    for batch in data:
        if not isinstance(batch, (tuple, list)) or len(batch) != 2:
            raise TypeError("training data must give (inputs, targets) "
                            "batches")
        yield batch


def train(model, data, epochs, parameters, lr, final_lr=None,
          before_step=None, after_step=None, loss_fn=None):
    """Trains `parameters` of `model` for `epochs` passes over `data` (a
    re-iterable of (inputs, targets) batches) with Adam and cross entropy
    (or `loss_fn(outputs, targets)`); the learning rate goes geometrically
    from `lr` to `final_lr` (default: stays `lr`) over the epochs.
    `before_step` runs between backward and the optimizer step (to change
    gradients), `after_step` after it."""
    import torch
    optimizer = torch.optim.Adam(parameters, lr=lr)
    decay = 1.0 if final_lr is None or epochs < 2 else \
        (final_lr / lr) ** (1.0 / (epochs - 1))
    loss_fn = loss_fn or torch.nn.functional.cross_entropy
    model.train()
    for epoch in range(epochs):
        for group in optimizer.param_groups:
            group["lr"] = lr * decay ** epoch
        for inputs, targets in _batches(data):
            optimizer.zero_grad()
            loss = loss_fn(model(inputs), targets)
            loss.backward()
            if before_step is not None:
                before_step()
            optimizer.step()
            if after_step is not None:
                after_step()
    model.eval()


def _keep_largest(weight, mask, keep):
    """A mask keeping the `keep` largest magnitudes among the weights `mask`
    keeps; ties go to the lower index, as in eie::format::pruneToDensity."""
    import torch
    magnitude = (weight.detach().abs() * mask).flatten().numpy()
    order = np.argsort(-magnitude, kind="stable")[:keep]
    new_mask = torch.zeros(magnitude.size, dtype=weight.dtype)
    new_mask[torch.from_numpy(order)] = 1.0
    return new_mask.view_as(weight)


def prune_with_retraining(model, plans, data, stages=3, epochs_per_stage=5,
                          lr=1e-3, final_lr=None, loss_fn=None, log=None):
    """Iterative magnitude pruning: in `stages` steps each layer's density
    goes geometrically from 1 to its target (d^(s/stages) at stage s), each
    step followed by `epochs_per_stage` epochs of retraining of all
    parameters with the pruned weights held at 0. Returns {layer name: mask}.
    """
    import torch
    modules = dict(model.named_modules())
    masks = {p.name: torch.ones_like(modules[p.name].weight) for p in plans}

    def mask_gradients():
        for p in plans:
            weight = modules[p.name].weight
            if weight.grad is not None:
                weight.grad.mul_(masks[p.name])

    def mask_weights():
        with torch.no_grad():
            for p in plans:
                modules[p.name].weight.mul_(masks[p.name])

    for stage in range(1, stages + 1):
        for p in plans:
            density = p.density ** (stage / stages)
            keep = p.kept if stage == stages else \
                max(p.kept, int(round(density * p.size)))
            masks[p.name] = _keep_largest(modules[p.name].weight,
                                          masks[p.name], keep)
        mask_weights()
        train(model, data, epochs_per_stage, list(model.parameters()), lr,
              final_lr=final_lr, before_step=mask_gradients,
              after_step=mask_weights, loss_fn=loss_fn)
        if log is not None:
            log("pruning stage %d/%d: %s" % (stage, stages, ", ".join(
                "%s %.3f" % (p.name, float(masks[p.name].mean()))
                for p in plans)))
    return masks


def kmeans_1d(values, clusters, max_iterations=300):
    """1-D k-means of `values` (non-empty, float) into at most `clusters`
    centroids, linearly initialized over [min, max] (Deep Compression's
    choice). An empty cluster takes the upper half of the cluster with the
    largest squared error, as eie::format::shareWeights does. Returns the
    sorted centroids (float64); values with at most `clusters` distinct
    values get exactly those."""
    values = np.sort(np.asarray(values, dtype=np.float64))
    distinct = np.unique(values)
    if distinct.size <= clusters:
        return distinct
    centroids = np.linspace(values[0], values[-1], clusters)
    previous = None
    for _ in range(max_iterations):
        bounds = np.concatenate((
            [0], np.searchsorted(values, 0.5 * (centroids[1:] +
                                                centroids[:-1]),
                                 side="right"), [values.size]))
        sizes = np.diff(bounds)
        empty = np.flatnonzero(sizes == 0)
        if empty.size:
            errors = [np.sum((values[b:e] - values[b:e].mean()) ** 2)
                      if e - b > 1 else -1.0
                      for b, e in zip(bounds[:-1], bounds[1:])]
            worst = int(np.argmax(errors))
            b, e = bounds[worst], bounds[worst + 1]
            split = int(np.clip(np.searchsorted(values[b:e],
                                                values[b:e].mean(),
                                                side="right"), 1, e - b - 1))
            centroids[worst] = values[b:b + split].mean()
            centroids[empty[0]] = values[b + split:e].mean()
            centroids.sort()
            previous = None
            continue
        if previous is not None and np.array_equal(bounds, previous):
            break
        centroids = np.array([values[b:e].mean()
                              for b, e in zip(bounds[:-1], bounds[1:])])
        previous = bounds
    return centroids


def share_with_finetuning(model, plans, masks, data, epochs=5, lr=1e-4,
                          final_lr=None, loss_fn=None, log=None):
    """Weight sharing: each layer's kept weights are clustered into
    2^bits - 1 centroids (kmeans_1d) and replaced by them; then `epochs` of
    centroid fine-tuning, where the centroids (and every parameter that is
    not a shared weight, such as the biases) train and each shared weight is
    its centroid. Returns {layer name: (codebook float32 with 0 at code 0,
    codes as an int64 tensor of the weight's shape)}."""
    import torch
    modules = dict(model.named_modules())
    centroids = {}
    codes = {}
    for p in plans:
        weight = modules[p.name].weight.detach()
        kept = masks[p.name].bool()
        values = weight[kept].numpy()
        layer_centroids = kmeans_1d(values, (1 << p.bits) - 1)
        # Nearest centroid; the sorted centroids' midpoints split the line.
        midpoints = 0.5 * (layer_centroids[1:] + layer_centroids[:-1])
        layer_codes = torch.zeros(weight.shape, dtype=torch.int64)
        layer_codes[kept] = torch.from_numpy(
            np.searchsorted(midpoints, values.astype(np.float64)) + 1)
        centroids[p.name] = torch.nn.Parameter(torch.from_numpy(
            layer_centroids.astype(np.float32)))
        codes[p.name] = layer_codes

    def table(name):
        return torch.cat((torch.zeros(1), centroids[name].detach()))

    def set_shared_weights():
        with torch.no_grad():
            for p in plans:
                modules[p.name].weight.copy_(table(p.name)[codes[p.name]])

    def gradients_to_centroids():
        # d loss / d centroid = the sum of d loss / d weight over its weights.
        for p in plans:
            weight = modules[p.name].weight
            gradient = torch.zeros(centroids[p.name].numel() + 1)
            if weight.grad is not None:
                gradient.index_add_(0, codes[p.name].flatten(),
                                    weight.grad.flatten())
                weight.grad = None
            centroids[p.name].grad = gradient[1:]

    set_shared_weights()
    shared = {id(modules[p.name].weight) for p in plans}
    others = [q for q in model.parameters() if id(q) not in shared]
    train(model, data, epochs, others + list(centroids.values()), lr,
          final_lr=final_lr, before_step=gradients_to_centroids,
          after_step=set_shared_weights, loss_fn=loss_fn)
    if log is not None:
        log("weight sharing: %s" % ", ".join(
            "%s %d values" % (p.name, len(np.unique(
                centroids[p.name].detach().numpy()))) for p in plans))
    return {p.name: (table(p.name).numpy(), codes[p.name]) for p in plans}


def layer_statistics(model, plans):
    """{layer name: {"density", "distinct_values", "bits"}} of the model's
    compressed layers as they are now (for checks and reports)."""
    modules = dict(model.named_modules())
    stats = {}
    for p in plans:
        weight = modules[p.name].weight.detach().numpy()
        non_zero = weight[weight != 0]
        stats[p.name] = {
            "density": non_zero.size / weight.size,
            "distinct_values": int(np.unique(non_zero).size),
            "bits": p.bits,
        }
    return stats


def deep_compress(model, data, densities, fc_bits=4, conv_bits=8,
                  machine=None, stages=3, prune_epochs=15, share_epochs=15,
                  prune_lr=(1e-3, 1e-4), share_lr=(1e-4, 1e-4), loss_fn=None,
                  log=None):
    """Deep Compression of a trained `model` in place: `plan` (which raises
    EncodingLimitError before any training), pruning with retraining, weight
    sharing with centroid fine-tuning. The learning rates are (first,
    last) of each retraining. Returns the plans; the model then holds the
    pruned and shared weights, ready for eie.import_torch and eie.encode.

    The defaults are those of examples/deep-compression-demo.py, where they
    keep the accuracy loss under 1 point on 8 of 8 seeds for both models."""
    plans = plan(model, densities, fc_bits=fc_bits, conv_bits=conv_bits,
                 machine=machine)
    masks = prune_with_retraining(model, plans, data, stages=stages,
                                  epochs_per_stage=prune_epochs,
                                  lr=prune_lr[0], final_lr=prune_lr[1],
                                  loss_fn=loss_fn, log=log)
    share_with_finetuning(model, plans, masks, data, epochs=share_epochs,
                          lr=share_lr[0], final_lr=share_lr[1],
                          loss_fn=loss_fn, log=log)
    statistics = layer_statistics(model, plans)
    for p in plans:
        # Sharing leaves at most 2^bits - 1 values (fine-tuning can only merge
        # centroids); the encoder depends on it.
        assert statistics[p.name]["distinct_values"] < (1 << p.bits), p
    return plans
