//===- Passes.td - Compression passes of the eie dialect ---*- tablegen -*-===//

#ifndef EIE_DIALECT_EIE_TRANSFORMS_PASSES_TD
#define EIE_DIALECT_EIE_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def EIEPrune : Pass<"eie-prune", "::mlir::ModuleOp"> {
  let summary = "Magnitude pruning of constant cnn.fc and cnn.conv2d weights";
  let description = [{
    Deep Compression's pruning: in every `cnn.fc` and `cnn.conv2d` whose weights are an
    `arith.constant` (`dense` or `dense_resource` fp32), keeps the `round(density * size)`
    weights of largest magnitude and sets the others to exactly zero (ties keep the lower
    index, so the result is deterministic). The rewritten weights are a new constant of the
    same kind (`dense` stays `dense`, `dense_resource` becomes a new blob).

    The density of a layer is its entry in `layer-density` (keyed by the op's location name,
    e.g. `loc("fc6")`), else `density`. Each pruned layer gets a remark with the achieved
    density. Errors: a density outside (0, 1], a malformed or unknown `layer-density` entry,
    NaN/Inf weights, a density that keeps no weight.

    With `pes=N` (N > 0), `cnn.fc` layers are pruned for EIE's format on N PEs
    (`eie::format::pruneForEIE`): still exactly `round(density * size)` weights, but wherever
    `--eie-encode="pes=N"` would insert a padding entry (a run of 16 or more zeros in a PE's
    column before a kept weight), the largest weight among the 16 positions the padding would
    cover is kept instead (from those that keep the number of fills equal to the number of
    padding entries), and the base set of largest magnitudes shrinks by as many weights. The
    result encodes with (almost) no padding on N PEs; the kept set is no longer the pure top-K
    by magnitude (docs/Compression.md measures the trade-off). Use the same N as
    `--eie-encode`. The remark then also says how many weights were kept in place of padding.
    `cnn.conv2d` layers are never encoded in EIE's format and keep plain magnitude pruning.

    ```
    eie-opt --eie-prune="density=0.1 layer-density=fc6:0.04,fc7:0.04"
    eie-opt --eie-prune="layer-density=fc6:0.09,fc7:0.09,fc8:0.25 pes=32"
    ```
  }];
  let options = [
    Option<"density", "density", "double", /*default=*/"1.0",
           "Fraction of weights to keep in layers without a layer-density entry">,
    ListOption<"layerDensity", "layer-density", "std::string",
               "Per-layer densities as name:density (the op's location name)">,
    Option<"pes", "pes", "unsigned", /*default=*/"0",
           "0: plain magnitude pruning; N > 0: cnn.fc layers pruned padding-aware "
           "for EIE's format on N PEs">,
  ];
}

def EIEShareWeights : Pass<"eie-share-weights", "::mlir::ModuleOp"> {
  let summary = "k-means weight sharing of constant cnn.fc and cnn.conv2d weights";
  let description = [{
    Deep Compression's weight sharing: per layer, the non-zero weights are clustered into
    `2^bits - 1` shared values with 1-D k-means (code 0 stays the value 0, so pruned weights
    stay exactly zero) and every weight is replaced by its cluster's value. The weights stay a
    dense fp32 constant, so the reference lowering still runs the shared model; `--eie-encode`
    then finds at most `2^bits - 1` distinct non-zero values.

    `init` picks the initial centroids: `linear` (evenly spaced over [min, max], the paper's
    best), `density` (evenly spaced quantiles) or `random` (distinct weights drawn with `seed`).
    Deterministic for every init. Errors: `bits` outside 2..8, an unknown `init`, NaN/Inf
    weights, a layer without non-zero weights.
  }];
  let options = [
    Option<"bits", "bits", "unsigned", /*default=*/"4",
           "Codebook index width; 2^bits - 1 shared non-zero values (2..8)">,
    Option<"init", "init", "std::string", /*default=*/"\"linear\"",
           "Centroid initialization: linear, density or random">,
    Option<"seed", "seed", "uint64_t", /*default=*/"0",
           "Seed of the random initialization">,
  ];
}

def EIEEncode : Pass<"eie-encode", "::mlir::ModuleOp"> {
  let summary = "Turn pruned and shared cnn.fc layers into eie.sparse_fc";
  let description = [{
    Every `cnn.fc` whose weights are a constant becomes an `eie.sparse_fc` whose
    `#eie.compressed_matrix` stores the weights on `pes` processing elements with a
    `2^bits`-entry codebook (code 0 = 0, then the layer's distinct non-zero values in ascending
    order, unused codes 0). A `cnn.relu` that is the fc's only user is fused into the op's
    `relu`. The payloads are `dense_resource` blobs named after the layer.

    The fixed-point formats of the op are `act-frac` for the input and `out-frac` for the
    result (default: `act-frac`, so consecutive layers chain without rescaling); the codebook's
    width is chosen by the format library (docs/NUMERICS.md).

    Errors, at the layer: weights with more than `2^bits - 1` distinct non-zero values (not
    shared: run `--eie-share-weights` first), no non-zero weight, NaN/Inf weights, invalid
    fixed-point formats.
  }];
  let options = [
    Option<"pes", "pes", "unsigned", /*default=*/"64",
           "Number of processing elements the rows are interleaved over">,
    Option<"bits", "bits", "unsigned", /*default=*/"4",
           "Codebook index width (2..8)">,
    Option<"actFrac", "act-frac", "int", /*default=*/"8",
           "Fractional bits of the fixed-point input activations">,
    Option<"outFrac", "out-frac", "int", /*default=*/"-1",
           "Fractional bits of the fixed-point outputs (-1: act-frac)">,
  ];
  let dependentDialects = ["::mlir::eie::EIEDialect"];
}

def EIECompressionReport : Pass<"eie-compression-report", "::mlir::ModuleOp"> {
  let summary = "Print the storage of every eie.sparse_fc as a table and JSON";
  let description = [{
    For every `eie.sparse_fc`, in program order, measures its compressed matrix
    (`eie::format::computeStorageStats`): non-zeros, padding entries, bytes of entries,
    pointers (16 bits each, as on the chip) and codebook, the total against dense fp32, and
    the size after Huffman coding of the `v` and `z` streams (as in Deep Compression).

    Prints one table line per layer on stdout. With `file`, also writes the JSON report there
    (`{"layers": [...]}`, one object per layer with the StorageStats fields); `file=-` writes
    the JSON to stdout after the table. The IR is not changed.
  }];
  let options = [
    Option<"file", "file", "std::string", /*default=*/"\"\"",
           "Write the JSON report to this file ('-' for stdout)">,
  ];
}

#endif // EIE_DIALECT_EIE_TRANSFORMS_PASSES_TD
