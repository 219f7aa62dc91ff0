//===- Passes.td - Conversion passes -----------------------*- tablegen -*-===//

#ifndef EIE_CONVERSION_PASSES_TD
#define EIE_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertCNNToLinalg : Pass<"convert-cnn-to-linalg"> {
  let summary = "Lower cnn ops to linalg, tensor, arith and math on tensors";
  let description = [{
    The reference lowering of the `cnn` dialect: every op becomes upstream ops on tensors, so
    that any `cnn` program can be bufferized and compiled by the upstream pipeline
    (`--cnn-to-llvm`). It defines what each op computes for the faster back-ends.

    - `cnn.conv2d`: `tensor.pad` (zeros), the bias broadcast into the destination
      (`linalg.broadcast`, or `linalg.fill` with zero), then `linalg.conv_2d_nchw_fchw`, or
      `linalg.conv_2d_ngchw_gfchw` between `tensor.expand_shape`/`collapse_shape` for groups.
    - `cnn.fc`: the bias broadcast, then a `linalg.generic` contraction over the inputs.
    - `cnn.max_pool2d` / `cnn.avg_pool2d`: `tensor.pad` (-inf or 0), `linalg.pooling_nchw_max`
      or `linalg.pooling_nchw_sum`, and for the average a division by the window's element
      count (computed per output position when padding is excluded).
    - `cnn.relu`, `cnn.lrn`, `cnn.softmax`, `cnn.lstm_cell`: `linalg.generic` ops with `arith`
      and `math` bodies; `cnn.flatten`: `tensor.collapse_shape`.

    A `#cnn.blocking` does not change what is computed and is dropped here; the blocked x86
    path consumes it before this pass.

    ```mlir
    // eie-opt --convert-cnn-to-linalg
    %y = cnn.relu %x : tensor<4xf32>
    // becomes
    %e = tensor.empty() : tensor<4xf32>
    %y = linalg.generic {...} ins(%x : tensor<4xf32>) outs(%e : tensor<4xf32>) {
    ^bb0(%in: f32, %out: f32):
      %m = arith.maximumf %in, %cst : f32
      linalg.yield %m : f32
    } -> tensor<4xf32>
    ```
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

def EIEEncode : Pass<"eie-encode", "::mlir::ModuleOp"> {
  let summary = "Turn pruned and shared cnn.fc layers into eie.sparse_fc";
  let description = [{
    Every `cnn.fc` whose weights are a constant becomes an `eie.sparse_fc` whose
    `#eie.compressed_matrix` stores the weights on `pes` processing elements with a
    `2^bits`-entry codebook (code 0 = 0, then the layer's distinct non-zero values in ascending
    order, unused codes 0). A `cnn.relu` that is the layer's only user is then fused into the
    op's `relu` (the patterns of `populateSparseFCFusionPatterns`,
    eie/Dialect/EIE/Transforms/SparseFCFusion.h). The payloads are `dense_resource` blobs named
    after the layer.

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

def ConvertEIEToRuntime : Pass<"convert-eie-to-runtime", "::mlir::ModuleOp"> {
  let summary = "Lower eie.sparse_fc on buffers to calls of the x86 sparse kernel's runtime";
  let description = [{
    A dialect conversion of every `eie.sparse_fc` on memrefs (the op's buffer form, which
    one-shot bufferization makes of the tensor form) into calls of the runtime library
    (`EIERuntime`, include/eie/Runtime/RuntimeCAPI.h), as `sparse_tensor` lowers to its
    runtime: `func.call`s of private `func.func` declarations with memref operands and
    `llvm.emit_c_interface`, so that they pass memref descriptors to the runtime's
    `_mlir_ciface_` entry points.

    - the matrix's payloads become constant `memref.global`s (a `dense_resource` payload keeps
      its blob), the fp32 codebook a third one, and a `memref<1xi64>` global per layer holds
      the runtime's matrix handle: `eieRtSparseFCInit` builds the matrix on the layer's first
      call (it verifies the matrix and packs it for the kernel: `threads` slices, the layout
      picked for `activation-density` and timed in the layer's `mode`) and finds it there
      afterwards. It also takes the layer's input: with `activation-density=0`, the default,
      the layout is picked for the fraction of non-zero values in that first input (dense
      inputs when it has none), so a layer after a ReLU is timed at its own density;
    - `eieRtSparseFCF32` / `eieRtSparseFCQ16` run the kernel on every row of the batch, with the
      buffers' strides (rows must be contiguous); a missing bias is an empty buffer;
    - a runtime call that fails prints its reason and stops the program at a `cf.assert`.

    `kernel=<variant>` forces the runtime's kernel variant (docs/CompressedFormat.md,
    "Variants") instead of timing the candidates on the machine that runs the layer, as the
    `EIE_SPARSE_VARIANT` environment variable does at run time, but for this module's layers
    only: a constant string global the layers' `eieRtSparseFCInit` calls pass. A Panels
    variant may add its panel width (`panels-avx512:64`: the steps from the runtime's cost
    model) or its whole shape (`panels-avx512:64x6`, as `eie-bench-sparse` and
    `eieRtMatrixVariant` name a chosen packing), and either may end in `/walk` or `/rows`,
    where the entries beyond the steps go (`panels-avx512:32x6/rows`; else the cost model
    places them): with the whole shape the matrix is packed without any calibration. A Panels
    variant alone still has its panel widths timed. A malformed name is
    an error here; a variant the running CPU lacks stops the program at its first call, with
    the runtime's reason.

    `mode=float` runs the fp32 codebook on the layer's buffers. `mode=fixed` runs the 16-bit
    arithmetic of docs/NUMERICS.md: the input is quantized to `Q(act_frac)` and the bias to
    `Q(out_frac)` into new int16 buffers (`linalg.generic`: scale by a power of two,
    `math.round` — half away from zero —, saturation to int16, NaN to 0), the kernel computes
    in fixed point into an int16 buffer, and its `Q(out_frac)` values are written to the
    output as f32, exactly.

    Errors, at the layer: an `eie.sparse_fc` on tensors (bufferize first), a layer without
    `act_frac`/`out_frac` in fixed mode. The `eie-sparse-to-llvm` pipeline runs this pass right
    after one-shot bufferization, before the buffers' deallocation is decided, and its JIT
    (`eie-run`) resolves the runtime's symbols.

    ```mlir
    // eie-opt --convert-eie-to-runtime
    eie.sparse_fc %x bias(%b : memref<8xf32>) into %y : memref<2x8xf32> {matrix = ..., relu}
        : memref<2x4xf32> loc("fc6")
    // becomes
    %h = memref.get_global @__eie_fc6_matrix : memref<1xi64>
    %s0 = call @eieRtSparseFCInit(%h, %codebook, %entries, %col_ptrs, ...) : (...) -> i32
    cf.assert ..., "eie.sparse_fc 'fc6': the runtime rejected the compressed matrix"
    %s1 = call @eieRtSparseFCF32(%h, %x_, %b_, %y_, %relu, %threads) : (...) -> i32
    cf.assert ..., "eie.sparse_fc 'fc6': the runtime kernel failed"
    ```
  }];
  let options = [
    Option<"mode", "mode", "::mlir::eie::SparseNumericMode",
           /*default=*/"::mlir::eie::SparseNumericMode::Float", "Numeric mode",
           [{::llvm::cl::values(
               clEnumValN(::mlir::eie::SparseNumericMode::Float, "float",
                          "the fp32 codebook"),
               clEnumValN(::mlir::eie::SparseNumericMode::Fixed, "fixed",
                          "16-bit fixed point (docs/NUMERICS.md)"))}]>,
    Option<"threads", "threads", "unsigned", /*default=*/"1",
           "Threads of each kernel call (1..64)">,
    Option<"activationDensity", "activation-density", "double", /*default=*/"0.0",
           "Expected fraction of non-zero inputs, which picks the kernel layout; "
           "0: each layer's first input's">,
    Option<"kernel", "kernel", "std::string", /*default=*/"\"\"",
           "Kernel variant to force (columns-portable, columns-avx2, "
           "columns-avx512, panels-avx2 or panels-avx512; a panels one "
           "optionally with :<width> or :<width>x<steps>, and /walk or "
           "/rows for its leftover); empty: the "
           "fastest on the machine that runs the layer">,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::cf::ControlFlowDialect",
    "::mlir::func::FuncDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect",
    "::mlir::memref::MemRefDialect",
  ];
}

def ConvertEIEToMachine : Pass<"convert-eie-to-machine", "::mlir::ModuleOp"> {
  let summary = "Compile chains of eie.sparse_fc into eie_isa.program instruction streams";
  let description = [{
    Every function whose body is a chain of `eie.sparse_fc` layers (each layer's input the
    previous layer's result, the first one's the function's argument, the last one's result
    returned; a fused `relu` included) becomes an `eie_isa.program` for the EIE machine described
    by `machine`: the program's input host vector is the function's argument in
    `Q(act_frac)` of the first layer, its output the result in `Q(out_frac)` of the last one.

    The instruction stream is the one of the ISA library's program builder (docs/ISA.md, "How
    layers become passes"): layers larger than the register files are split into passes over
    row chunks and column batches, activations stay on chip between layers when they fit one
    register file (`eie_isa.swap`), weights stay resident in the SRAMs when they fit. The biases,
    which must be constants, are quantized to `Q(out_frac)` (round half away from zero,
    saturated) as in the x86 fixed-point mode, so both run the same arithmetic
    (docs/NUMERICS.md). Every `eie_isa.run` carries the location of its layer.

    `machine` is a machine description (docs/Simulator.md, "Machine description"): a JSON
    file, or the name of one in the shipped `data/machine` folder (`$EIE_DATA_DIR/machine`
    if set, else `<prefix>/share/eie/machine` next to installed tools); default
    `eie-default`, the published EIE. Only its capacities (PEs, register files, SRAMs)
    matter to the compiler.

    Errors, at the op: a batch other than 1, a layer without fixed-point formats, a bias that
    is not a constant, an op that is not part of the chain, and what the machine cannot run
    (codebooks wider than 4 bits, a column that does not fit a pass, consecutive layers with
    different formats), with the program builder's message. Functions without `eie.sparse_fc`
    are left alone.

    ```mlir
    // eie-opt --convert-eie-to-machine="machine=eie-default"
    func.func @forward(%x: tensor<1x784xf32>) -> tensor<1x10xf32> {
      %0 = eie.sparse_fc %x bias(%b1 : tensor<300xf32>) {matrix = ..., relu, ...} ...
      ...
      return %2 : tensor<1x10xf32>
    }
    // becomes
    eie_isa.program machine(pes = 64, regfile = 64, spmat = 131072, ptr = 32768)
        layers ["ip1", "ip2", "ip3"] { ... }
    ```
  }];
  let options = [
    Option<"machine", "machine", "std::string", /*default=*/"\"eie-default\"",
           "Machine description: a JSON file or the name of a shipped one">,
  ];
  let dependentDialects = ["::mlir::eie_isa::EIEISADialect"];
}

def ConvertEIEToSimulator : Pass<"convert-eie-to-simulator", "::mlir::ModuleOp"> {
  let summary = "Run the accelerator functions on the cycle-level EIE simulator";
  let description = [{
    Every function marked `eie.accelerator` (`--eie-partition`) is compiled to its instruction
    stream for the machine of `machine`, exactly as `--convert-eie-to-machine` and
    `eie-translate --mlir-to-eie` do, and its body becomes a call of the simulator on that
    stream: the stream is a `memref.global` of bytes, the function calls
    `eieSimRunProgram` (include/eie/Sim/SimulatorCAPI.h; the runner's JIT resolves it), which
    quantizes the input to the program's format, simulates the machine and writes the
    dequantized output. The host code that calls the function is unchanged, so a whole network
    runs with its accelerator parts on the simulator: the `eie-sparse-to-llvm` pipeline with
    `accelerator=simulator`.

    The results are those of `eie-sim` on the same stream and, bit for bit, those of
    `--convert-eie-to-runtime=mode=fixed` (docs/NUMERICS.md). Errors are those of
    `--convert-eie-to-machine`.
  }];
  let options = [
    Option<"machine", "machine", "std::string", /*default=*/"\"eie-default\"",
           "Machine description: a JSON file or the name of a shipped one">,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::bufferization::BufferizationDialect",
    "::mlir::cf::ControlFlowDialect",
    "::mlir::memref::MemRefDialect",
  ];
}

def CNNApplyBlocking : Pass<"cnn-apply-blocking", "::mlir::func::FuncOp"> {
  let summary = "Generate tiled, packed, vectorized x86 code for blocked conv2d and fc layers";
  let description = [{
    Makes the `#cnn.blocking` of every `cnn.conv2d` and `cnn.fc` the code that runs. Each layer
    becomes, on tensors:

    - **blocked layouts**: activations in channel blocks of the vector width (`NCHW16c` for
      AVX-512, `NCHW8c` for AVX2) through `linalg.pack` / `linalg.unpack`, so that consecutive
      layers fold the unpack/pack pair away; the spatial padding is applied on the blocked tensor;
      a constant filter is packed at compile time to `[G][K/16][C/16][R][S][16c][16k]` (an FC
      weight to `[K/16][C][16k]`), a non-constant one by `linalg.transpose`;
    - one `linalg.generic` over the dims `(n, g, kb, p, q, k, cb, c, r, s)` that adds the bias on
      the first reduction step, tiled level by level with `scf::tileUsingSCF`: level `i` of the
      blocking (outermost first, down to level 2) becomes loops over the tiles of level `i-1`, in
      the level's loop order, with the tile sizes of level `i-1` (the model's `K` maps to
      `(g, kb)`, `C` to `(cb, c)`). Every loop made from the blocking carries
      `cnn.tile = {level, loop, dim}` so that tests can read the nest back;
    - a generated micro-kernel for the tile of level 1: the level-1 loops in the level's order,
      and the level-0 (register) tile of `N0 x Y0 x X0` pixels by `K0` channels held in
      `N0*Y0*X0*K0/lanes` vector accumulators across the innermost reduction loops (broadcast of
      one input, FMA with the filter vectors), initialized with the bias on the first visit of an
      output tile and stored once per visit;
    - a following `cnn.relu` whose only operand is the layer's result is fused: applied to the
      accumulators on the last visit of each output tile;
    - with `threads` other than 1, one loop over output tiles becomes an `scf.forall` (the
      loop nest is otherwise unchanged): of the loops that open a level's nest and walk a dim the
      output depends on, the one whose tiles divide most evenly among `threads` threads (the
      outermost of equals). Every output element is still computed by one iteration in one
      order, so the results are the same for every thread count.

    The blocking must suit the target: level-0 factors of `C`, `R`, `S` equal to 1, `K0` a
    multiple of the vector width, at most `max-accumulators` accumulators, every level's `C` tile a
    divisor or multiple of the input channel block and its `K` tile a divisor or multiple of the
    channels per group. `--cnn-optimize-blocking` with `x86-codegen=true` chooses such blockings.
    A layer whose blocking does not fit is an error at the layer; layers without a blocking are
    left to `--convert-cnn-to-linalg`.

    ```mlir
    // eie-opt --cnn-apply-blocking="target=avx512"
    %y = cnn.conv2d ins(%x, %w, %b : ...) outs(%i : ...) {blocking = #cnn.blocking<[...]>}
    // becomes linalg.pack, scf.for nests tagged cnn.tile, vector.fma micro-kernels, linalg.unpack
    ```
  }];
  let options = [
    Option<"target", "target", "::mlir::eie::X86VectorTarget",
           /*default=*/"::mlir::eie::X86VectorTarget::Host",
           "The vector ISA to generate for",
           [{::llvm::cl::values(
               clEnumValN(::mlir::eie::X86VectorTarget::Host, "host",
                          "AVX-512 if the host CPU has it, else AVX2"),
               clEnumValN(::mlir::eie::X86VectorTarget::AVX512, "avx512",
                          "32 zmm registers of 16 fp32 lanes"),
               clEnumValN(::mlir::eie::X86VectorTarget::AVX2, "avx2",
                          "16 ymm registers of 8 fp32 lanes"))}]>,
    Option<"maxAccumulators", "max-accumulators", "int64_t", /*default=*/"0",
           "Most vector accumulators a register tile may use (0: the target's budget, 28 of 32 "
           "zmm or 12 of 16 ymm)">,
    Option<"threads", "threads", "unsigned", /*default=*/"1",
           "Threads the output tiles are shared among: 1 makes sequential loops; otherwise one "
           "output tile loop per layer becomes an scf.forall balanced for this many threads (0: "
           "the host's CPU count)">,
  ];
  let dependentDialects = [
    "::mlir::affine::AffineDialect",
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect",
    "::mlir::vector::VectorDialect",
  ];
}

#endif // EIE_CONVERSION_PASSES_TD
