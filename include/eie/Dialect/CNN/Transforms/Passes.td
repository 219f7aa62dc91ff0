//===- Passes.td - Passes on the cnn dialect ---------------*- tablegen -*-===//

#ifndef EIE_DIALECT_CNN_TRANSFORMS_PASSES_TD
#define EIE_DIALECT_CNN_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def CNNOptimizeBlocking : Pass<"cnn-optimize-blocking", "::mlir::func::FuncOp"> {
  let summary = "Attach the optimal #cnn.blocking to every conv2d and fc";
  let description = [{
    For every layer with a loop nest (`cnn.conv2d`, `cnn.fc`), runs the blocking optimizer of
    the analytic memory model (lib/Analysis/Blocking, shared/contracts/BLOCKING.md) on the
    layer's seven loop bounds and strides and the memory hierarchy `arch`, and attaches the
    minimum-cost blocking as `blocking = #cnn.blocking<...>`, whose levels carry the
    architecture's level names. How the blocking was found is kept in a discardable
    `cnn.blocking_search` attribute (`candidates`, `seconds`, `optimal`) for
    `--cnn-blocking-report`.

    `arch` is an architecture JSON file or the name of a shipped preset (`asic-2level`,
    `asic-3level`, `asic-4level`, `diannao`, `x86-host`). Functions are optimized in
    parallel by the pass manager. A layer that fits no blocking is an error at the layer,
    saying which level is too small. With `imperfect=true` the search also considers tiles
    that do not divide the loop bounds (docs/BlockingModel.md, "Imperfect tiles"); a blocking
    that uses them is attached as `#cnn.blocking<[...], imperfect>`.

    With `x86-vector-isa`, the search is exact among the blockings the x86 code generator
    runs (docs/BlockingModel.md, "Code-generator constraints"): a register tile (level 0)
    of whole output vectors within the register budget, with `C = R = S = 1`, channel tiles
    aligned to the blocked layouts, and the reduction innermost at level 1, ordered `R, S, C`
    (an order among the reduction loops changes no access count; `C` innermost walks the
    packed filter and the blocked input contiguously). A K that is not a multiple of the
    vector width is padded, giving an imperfect blocking along K.

    ```mlir
    // eie-opt --cnn-optimize-blocking="arch=asic-3level"
    %y = cnn.conv2d ins(...) outs(...) {blocking = #cnn.blocking<[<"RF", {...}>, ...]>,
                                         cnn.blocking_search = {candidates = 8 : i64, ...}}
    ```
  }];
  let options = [
    Option<"arch", "arch", "std::string", "", "Architecture JSON file or preset name">,
    Option<"objective", "objective", "::eie::blocking::Objective",
           "::eie::blocking::Objective::Energy", "What to minimize",
           [{::llvm::cl::values(
             clEnumValN(::eie::blocking::Objective::Energy, "energy",
                        "the energy of every level's accesses and the MACs"),
             clEnumValN(::eie::blocking::Objective::OuterAccesses, "dram",
                        "the outermost level's (DRAM's) word accesses"),
             clEnumValN(::eie::blocking::Objective::EnergyDelay, "edp",
                        "energy x delay"))}]>,
    Option<"maxCandidates", "max-candidates", "uint64_t", "0",
           "Keep at most this many tiles per level and stop a layer's search after this many "
           "candidates (0: search to optimality)">,
    Option<"maxWork", "max-work", "uint64_t", "0",
           "Fail once a layer's search has enumerated and evaluated this many tiles and "
           "candidates (0: the default, 2^26)">,
    Option<"imperfect", "imperfect", "bool", "false",
           "Also search imperfect tiles (every ceil(bound / c), the last tile along a loop "
           "partial); such blockings are marked `, imperfect`">,
    Option<"vectorISA", "x86-vector-isa", "::mlir::cnn::BlockingVectorISA",
           "::mlir::cnn::BlockingVectorISA::None",
           "Search only blockings the x86 code generator (--cnn-apply-blocking) runs with "
           "this vector ISA",
           [{::llvm::cl::values(
             clEnumValN(::mlir::cnn::BlockingVectorISA::None, "none",
                        "no code-generator constraints"),
             clEnumValN(::mlir::cnn::BlockingVectorISA::Arch, "arch",
                        "the architecture's own vector registers"),
             clEnumValN(::mlir::cnn::BlockingVectorISA::AVX512, "avx512",
                        "32 zmm of 16 fp32 lanes"),
             clEnumValN(::mlir::cnn::BlockingVectorISA::AVX2, "avx2",
                        "16 ymm of 8 fp32 lanes"))}]>,
    Option<"lastLevelShare", "last-level-share", "double", "1.0",
           "The share of the last bounded level (the cache above DRAM) the tiles may fill, in "
           "(0, 1]: tiles that fill an LRU cache of limited ways have what the next step reuses "
           "evicted (eie-x86-pipeline plans for 0.75)">,
  ];
  let dependentDialects = ["::mlir::cnn::CNNDialect"];
}

def CNNBlockingReport : Pass<"cnn-blocking-report", "::mlir::ModuleOp"> {
  let summary = "Write the blocking model's JSON report of every blocked layer";
  let description = [{
    Evaluates the `#cnn.blocking` of every `cnn.conv2d` and `cnn.fc` with the analytic model
    on the architecture `arch` and writes the report of shared/contracts/BLOCKING.md: a JSON
    array with one object per layer (footprints, accesses and energy per level, the total
    energy, and how the blocking was found, from `cnn.blocking_search` when
    `--cnn-optimize-blocking` chose it). Layers are named after their `NameLoc` (as
    `eie-netgen` writes them), else `<function>.<index>`. Layers without a blocking are
    skipped with a warning. The IR is not changed.

    ```sh
    eie-opt alexnet.mlirbc --cnn-optimize-blocking="arch=asic-3level" \
        --cnn-blocking-report="arch=asic-3level output=alexnet-blocking.json" -o /dev/null
    ```
  }];
  let options = [
    Option<"arch", "arch", "std::string", "", "Architecture JSON file or preset name">,
    Option<"output", "output", "std::string", "\"-\"", "File to write the report to (- for stdout)">,
  ];
}

def CNNDecomposeLSTMCell : Pass<"cnn-decompose-lstm-cell"> {
  let summary = "Split cnn.lstm_cell into one FC layer over [x, h] and the cell update";
  let description = [{
    Rewrites each `cnn.lstm_cell` into the concatenation `[x, h]` (`tensor.insert_slice`), one
    `cnn.fc` with the cell's `4H x (I+H)` weights and bias that computes all four gates'
    pre-activations, and a `linalg.generic` for the element-wise update (sigmoid, tanh, the
    new cell and hidden state). The FC layer keeps the cell's location, so the compression
    passes (`--eie-prune`, `--eie-share-weights`, `--eie-encode`) and the EIE back-end treat
    the gate matrix like any FC layer, as EIE runs the NT-LSTM benchmark; the element-wise
    part stays host code. `--convert-cnn-to-linalg` lowers LSTM cells the same way.

    ```mlir
    %h1, %c1 = cnn.lstm_cell %x, %h, %c, %w, %b : ... -> tensor<1x600xf32>, tensor<1x600xf32>
    // becomes
    %xh = tensor.insert_slice %h into (tensor.insert_slice %x into ...) ...
    %z = cnn.fc ins(%xh, %w, %b : tensor<1x1200xf32>, tensor<2400x1200xf32>, tensor<2400xf32>) ...
    %h1, %c1 = linalg.generic ... ins(<the four 1x600 slices of %z>, %c) ...
    ```
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

#endif // EIE_DIALECT_CNN_TRANSFORMS_PASSES_TD
