//===- Passes.td - Passes of the lowering pipelines --------*- tablegen -*-===//

#ifndef EIE_PIPELINES_PASSES_TD
#define EIE_PIPELINES_PASSES_TD

include "mlir/Pass/PassBase.td"

def InterchangeForVectorization
    : Pass<"eie-interchange-for-vectorization", "::mlir::func::FuncOp"> {
  let summary = "Make the output's contiguous dimension the innermost loop of linalg ops";
  let description = [{
    Reorders the loops of a linalg op so that the loop indexing the output's last (contiguous)
    dimension becomes the innermost one, keeping the order of the others. Loops then walk memory
    with unit stride and carry no reduction, so that LLVM vectorizes them: a convolution
    `(n, f, oh, ow, c, kh, kw)` becomes `(n, f, oh, c, kh, kw, ow)`, a matmul `(m, n, k)` becomes
    `(m, k, n)`.

    An op is left alone when that loop is already innermost, is a reduction, or when an input
    uses it in another position than its own last dimension, which would walk that input with a
    large stride (`W[o, i]` in `y[o] += W[o, i] * x[i]`). In the last dimension a constant stride
    (a strided convolution's `ow * 4 + kw`) is accepted. Named ops that are
    reordered become `linalg.generic`. What an op computes does not change; the order of each
    output element's reduction does not either.

    ```mlir
    // eie-opt --eie-interchange-for-vectorization
    linalg.matmul ins(%a, %b : tensor<4x8xf32>, tensor<8x5xf32>) outs(%c : tensor<4x5xf32>)
    // becomes a linalg.generic with iterator_types ["parallel", "reduction", "parallel"] and
    // indexing maps (d0, d1, d2) -> (d0, d1), (d1, d2), (d0, d2).
    ```
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

def InlineAllocaScopes : Pass<"eie-inline-alloca-scopes", "::mlir::func::FuncOp"> {
  let summary = "Inline the memref.alloca_scope of parallel loop bodies that allocate nothing on the stack";
  let description = [{
    `--convert-scf-to-openmp` wraps the body of every parallel loop in a `memref.alloca_scope`,
    so that stack allocations in it are released per iteration. The scope holds one block, so
    the body's own loops cannot become blocks (`--convert-scf-to-cf`) while it is there, and the
    canonicalizer inlines it only when no op in it could allocate on the stack, which it assumes
    of every op without declared memory effects. This pass inlines a scope when no op in it
    (outside nested allocation scopes) declares a stack allocation (`memref.alloca`,
    `llvm.alloca`): ops that declare no effects do not allocate in the enclosing frame. A scope
    with a stack allocation is left as it is.

    ```mlir
    // eie-opt --eie-inline-alloca-scopes
    omp.loop_nest (%i) : index = (%c0) to (%c4) step (%c1) {
      memref.alloca_scope {
        scf.for %j = %c0 to %c8 step %c1 { ... }
      }
      omp.yield
    }
    // becomes the loop nest with the scf.for directly in its body
    ```
  }];
}

def LowerPackUnpack : Pass<"eie-lower-pack-unpack", "::mlir::func::FuncOp"> {
  let summary = "Lower linalg.pack and linalg.unpack to pads, reshapes and transposes";
  let description = [{
    One-shot bufferization does not take `linalg.pack` and `linalg.unpack` in MLIR 22. This
    pass rewrites the ones left after canonicalization (which folds an unpack followed by a
    pack of the same tiles away) with upstream `linalg::lowerPack` / `linalg::lowerUnPack`:
    `tensor.pad`, `tensor.expand_shape` and `linalg.transpose` for a pack, the reverse for
    an unpack. Each transpose is then tiled (`scf::tileUsingSCF`) into blocks of 16 x 16
    elements along the dims innermost in its input and in its output: an untiled relayout walks
    one side with the stride of a whole plane (a cache miss per element, hundreds of
    milliseconds on a VGG-16 activation), a blocked one reads and writes whole cache lines.

    ```mlir
    // eie-opt --eie-lower-pack-unpack
    %p = linalg.pack %x inner_dims_pos = [1] inner_tiles = [16] into %e
        : tensor<1x32x8x8xf32> -> tensor<1x2x8x8x16xf32>
    // becomes tensor.expand_shape to 1x2x16x8x8, then scf.for loops over 8 x 8 blocks of a
    // linalg.transpose to 1x2x8x8x16
    ```
  }];
  let dependentDialects = [
    "::mlir::linalg::LinalgDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

def StridedCopyToLinalg : Pass<"eie-strided-copy-to-linalg", "::mlir::func::FuncOp"> {
  let summary = "Turn memref.copy between non-contiguous views into linalg.copy";
  let description = [{
    The LLVM lowering of `memref.copy` calls `memcpy` for two identity layouts and otherwise the
    runner library's `memrefCopy`, which walks the views one element at a time through their
    descriptors. Bufferization makes such copies for a tensor inserted into a slice of a larger
    one (an input tile into the interior of its zero-padded tile, with as many rows as the
    border leaves: a dynamic size), where they took a tenth of a 13x13 convolution's time. This
    pass rewrites them as `linalg.copy`, which `--convert-linalg-to-loops` turns into loops
    (static strides, sizes static or read from the descriptors once) that LLVM vectorizes.
    Copies between identity layouts are left to `memcpy`.

    ```mlir
    // eie-opt --eie-strided-copy-to-linalg
    memref.copy %a, %b : memref<1x16x13x13x16xf32> to memref<1x16x13x13x16xf32, strided<[...], offset: 256>>
    // becomes
    linalg.copy ins(%a : ...) outs(%b : ...)
    ```
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

def ElideResultCopies : Pass<"eie-elide-result-copies", "::mlir::func::FuncOp"> {
  let summary = "Compute a function's results in its out-params instead of copying them there";
  let description = [{
    After `--buffer-results-to-out-params`, a function computes each result into a buffer of its
    own and copies it into the caller's out-param before returning: a whole extra pass over a
    large layer's output (a third of VGG-16 conv1_1's time). Upstream's `hoist-static-allocs`
    option, which avoids it, crashes in MLIR 22 on functions that return an argument, a constant,
    one value twice or a value computed in place. This pass does the safe part of it: a
    `memref.copy` from a `memref.alloc` made in the function's entry block (directly, or seen
    through `memref.collapse_shape`/`memref.expand_shape` views of it, as a grouped convolution's
    output with the group as a dimension of its own), none of them used after the copy, into an
    out-param that nothing else uses, is removed and the allocation replaced by the out-param
    (reshaped back to the allocation's shape). Both must have the identity layout. Out-params
    must not alias the inputs (the caller owns distinct output buffers, as the runner and the C
    interface assume).

    ```mlir
    // eie-opt --eie-elide-result-copies
    %buf = memref.alloc() : memref<4xf32>
    linalg.generic ... outs(%buf : memref<4xf32>)
    memref.copy %buf, %out : memref<4xf32> to memref<4xf32>
    // becomes
    linalg.generic ... outs(%out : memref<4xf32>)
    ```
  }];
}

def ScalarResourcesToLiterals
    : Pass<"eie-scalar-resources-to-literals", "::mlir::ModuleOp"> {
  let summary = "Write one-element dense_resource constants as dense literals";
  let description = [{
    Upstream code takes a one-element `ElementsAttr` for a splat and asks it for its value,
    which a `dense_resource` cannot give: LLVM aborts. `--convert-to-llvm` does so for every
    rank-0 `memref.global` (a scalar weight, `tensor<f32>`), and constant folders for splats.
    This pass, which the lowering pipelines run before bufferization, replaces the value of every
    `arith.constant` holding a one-element `dense_resource` with a `dense` literal of the
    blob's bytes. A one-element resource without data, or whose data is not one element of
    its type, is an error at the constant. Larger resources are left alone: they stay blobs
    that the compiled code links instead of copying.

    ```mlir
    // eie-opt --eie-scalar-resources-to-literals
    %c = arith.constant dense_resource<scale> : tensor<f32>   // blob 0x040000000000803F
    // becomes
    %c = arith.constant dense<1.000000e+00> : tensor<f32>
    ```
  }];
}

#endif // EIE_PIPELINES_PASSES_TD
