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

    `layers` selects the layers: kinds (`conv` for every `cnn.conv2d`, `fc` for every
    `cnn.fc`) and layer names (the op's location name), mixed freely; empty (the default)
    selects every conv and fc layer with constant weights. The code width is per kind, as in
    Deep Compression: `conv-bits` (default 8) for convolutions, `fc-bits` (default 4, the
    width the EIE machine decodes) for fully-connected layers. Each shared layer gets a
    one-line remark with its name, density, bits and the bytes of its codes, e.g.
    `shared layer 'fc6': density 0.0900, 4 bits (fc-bits), 15 values, 1698693 bytes of codes`.

    `init` picks the initial centroids: `linear` (evenly spaced over [min, max], the paper's
    best), `density` (evenly spaced quantiles) or `random` (distinct weights drawn with `seed`).
    Deterministic for every init. Errors: bits outside 2..8, a `layers` entry that names no
    layer with constant weights, NaN/Inf weights, a layer without non-zero weights.

    ```
    eie-opt --eie-share-weights                      # conv 8 bits, fc 4 bits
    eie-opt --eie-share-weights="layers=fc"          # fc layers only
    eie-opt --eie-share-weights="layers=conv1,fc6 conv-bits=6"
    ```
  }];
  let options = [
    ListOption<"layers", "layers", "std::string",
               "Layers to share: kinds (conv, fc) and layer names; default: every conv and "
               "fc layer">,
    Option<"convBits", "conv-bits", "unsigned", /*default=*/"8",
           "Codebook index width of cnn.conv2d layers (2..8)">,
    Option<"fcBits", "fc-bits", "unsigned", /*default=*/"4",
           "Codebook index width of cnn.fc layers (2..8)">,
    Option<"init", "init", "::eie::format::CentroidInit",
           /*default=*/"::eie::format::CentroidInit::Linear",
           "Centroid initialization",
           [{::llvm::cl::values(
               clEnumValN(::eie::format::CentroidInit::Linear, "linear",
                          "evenly spaced over [min, max]"),
               clEnumValN(::eie::format::CentroidInit::Density, "density",
                          "at evenly spaced quantiles"),
               clEnumValN(::eie::format::CentroidInit::Random, "random",
                          "distinct weights drawn with the seed"))}]>,
    Option<"seed", "seed", "uint64_t", /*default=*/"0",
           "Seed of the random initialization">,
  ];
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

def EIEPartition : Pass<"eie-partition", "::mlir::ModuleOp"> {
  let summary = "Outline the chains of layers the EIE machine runs into accelerator functions";
  let description = [{
    Splits every function into host code and accelerator code. Each maximal chain of
    `eie.sparse_fc` layers that the EIE machine can run becomes a private function marked
    `eie.accelerator`, called where the chain was; the rest of the function (convolutions,
    pooling, softmax, ...) stays host code.

    A layer can run on the machine when its batch is 1, it has `act_frac` and `out_frac`,
    its codebook has at most 16 entries (4-bit codes, the ISA's entry format) and its bias, if
    any, is an f32 constant. Its fused ReLU (`relu`) runs on the machine too. A chain grows while
    the next layer takes the previous one's result as input, that result has no other user
    and the next layer's `act_frac` equals the previous `out_frac` (the machine does not
    rescale activations). Layers that cannot run on the machine stay host code, lowered by
    `--convert-eie-to-runtime`.

    The outlined function is named `<function>_eie<i>` (`i` counts the chains of the
    function), takes the chain's input and returns its last result; the biases' constants are
    copied into it. Functions already marked `eie.accelerator` are left alone, so the pass can
    run twice. Each chain gets a remark naming its layers.

    ```mlir
    // eie-opt --eie-partition
    func.func @forward(%x: tensor<1x3x227x227xf32>) -> tensor<1x1000xf32> {
      ...
      %f = cnn.flatten %p : tensor<1x256x6x6xf32> -> tensor<1x9216xf32>
      %0 = eie.sparse_fc %f bias(%b6 : tensor<4096xf32>) {...} loc("fc6")
      %1 = eie.sparse_fc %0 bias(%b7 : tensor<4096xf32>) {...} loc("fc7")
      %2 = eie.sparse_fc %1 bias(%b8 : tensor<1000xf32>) {...} loc("fc8")
      %y = cnn.softmax %2 ...
    }
    // becomes
    func.func @forward(...) {
      ...
      %2 = call @forward_eie0(%f) : (tensor<1x9216xf32>) -> tensor<1x1000xf32>
      %y = cnn.softmax %2 ...
    }
    func.func private @forward_eie0(%arg0: tensor<1x9216xf32>) -> tensor<1x1000xf32>
        attributes {eie.accelerator} {
      %0 = eie.sparse_fc %arg0 ... loc("fc6")
      ...
      return %2 : tensor<1x1000xf32>
    }
    ```
  }];
  let dependentDialects = ["::mlir::func::FuncDialect"];
}

#endif // EIE_DIALECT_EIE_TRANSFORMS_PASSES_TD
