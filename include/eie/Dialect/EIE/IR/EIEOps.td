//===- EIEOps.td - Operations of the eie dialect -----------*- tablegen -*-===//

#ifndef EIE_DIALECT_EIE_IR_EIEOPS_TD
#define EIE_DIALECT_EIE_IR_EIEOPS_TD

include "eie/Dialect/EIE/IR/EIEDialect.td"
include "eie/Dialect/EIE/IR/EIEAttrs.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def EIE_StaticF32Tensor1D
    : Type<And<[TensorRankOf<[F32], [1]>.predicate, HasStaticShapePred]>,
           "1-D statically shaped tensor of f32", "::mlir::RankedTensorType">;
def EIE_StaticF32Tensor2D
    : Type<And<[TensorRankOf<[F32], [2]>.predicate, HasStaticShapePred]>,
           "2-D statically shaped tensor of f32", "::mlir::RankedTensorType">;
def EIE_StaticF32MemRef1D
    : Type<And<[MemRefRankOf<[F32], [1]>.predicate, HasStaticShapePred]>,
           "1-D statically shaped memref of f32", "::mlir::MemRefType">;
def EIE_StaticF32MemRef2D
    : Type<And<[MemRefRankOf<[F32], [2]>.predicate, HasStaticShapePred]>,
           "2-D statically shaped memref of f32", "::mlir::MemRefType">;
def EIE_StaticF32Shaped1D : AnyTypeOf<[EIE_StaticF32Tensor1D, EIE_StaticF32MemRef1D],
    "1-D statically shaped tensor or memref of f32", "::mlir::ShapedType">;
def EIE_StaticF32Shaped2D : AnyTypeOf<[EIE_StaticF32Tensor2D, EIE_StaticF32MemRef2D],
    "2-D statically shaped tensor or memref of f32", "::mlir::ShapedType">;

def EIE_SparseFCOp : EIE_Op<"sparse_fc", [
    AttrSizedOperandSegments,
    DeclareOpInterfaceMethods<ConditionallySpeculatable>,
    DeclareOpInterfaceMethods<MemoryEffectsOpInterface>]> {
  let summary = "Fully-connected layer y = W x + b with compressed sparse weights";
  let description = [{
    For an input of shape `N x C` (a batch of `N >= 1` vectors) and the `K x C` matrix `W` of
    `matrix`, computes

    ```
    result[n][k] = bias[k] + sum over c of W[k][c] * input[n][c]
    ```

    followed by `max(result, 0)` when `relu` is set. `W[k][c]` is the codebook value of the
    stored entry, or 0 where none is stored. Without `bias` the sum starts at zero.

    `act_frac` and `out_frac` are the fractional widths `fa` and `fo` of the fixed-point mode
    (docs/NUMERICS.md): in that mode the input is quantized to `Q(act_frac)`, the bias and the
    result are `Q(out_frac)`, products and the accumulator are exact in `Q(act_frac + fw)` with
    `fw` the codebook's `frac_bits`. Both lie in `[0, 15]` and `out_frac <= act_frac + fw`.
    The float mode ignores them; they may be omitted when only the float mode is used.

    The op has two forms. On tensors it returns the result, has no side effect and is
    bufferizable (one-shot bufferization allocates the result buffer; the external model of
    `registerBufferizableOpInterfaceExternalModels` in eie/Dialect/EIE/Transforms). On buffers
    the input and bias are memrefs and the result is written `into` a memref of the result's
    shape; the op then reads its operands and writes the output. Only the memref form is
    lowered to the x86 kernel (`--convert-eie-to-runtime`).

    ```mlir
    %y = eie.sparse_fc %x bias(%b : tensor<4096xf32>)
           {matrix = #eie.compressed_matrix<...>, relu, act_frac = 10 : i32, out_frac = 10 : i32}
           : tensor<1x9216xf32> -> tensor<1x4096xf32>
    // after bufferization
    eie.sparse_fc %xm bias(%bm : memref<4096xf32>) into %ym : memref<1x4096xf32>
           {matrix = #eie.compressed_matrix<...>, relu, act_frac = 10 : i32, out_frac = 10 : i32}
           : memref<1x9216xf32>
    ```
  }];
  let arguments = (ins
    EIE_StaticF32Shaped2D:$input,
    Optional<EIE_StaticF32Shaped1D>:$bias,
    Optional<EIE_StaticF32MemRef2D>:$output,
    EIE_CompressedMatrixAttr:$matrix,
    UnitAttr:$relu,
    OptionalAttr<I32Attr>:$act_frac,
    OptionalAttr<I32Attr>:$out_frac);
  let results = (outs Optional<EIE_StaticF32Tensor2D>:$result);
  let assemblyFormat = [{
    $input (`bias` `(` $bias^ `:` type($bias) `)`)? (`into` $output^ `:` type($output))?
    attr-dict `:` type($input) (`->` type($result)^)?
  }];
  let builders = [
    // The tensor form.
    OpBuilder<(ins "::mlir::Type":$result, "::mlir::Value":$input, "::mlir::Value":$bias,
                   "CompressedMatrixAttr":$matrix, "bool":$relu,
                   "::mlir::IntegerAttr":$act_frac, "::mlir::IntegerAttr":$out_frac), [{
      build($_builder, $_state, result, input, bias, /*output=*/::mlir::Value(), matrix,
            relu, act_frac, out_frac);
    }]>,
  ];
  let extraClassDeclaration = [{
    /// Whether the operands are buffers and the result is written to `output`.
    bool hasBufferSemantics() { return getOutput() != nullptr; }
    /// The shape of the result, in either form.
    ::llvm::ArrayRef<int64_t> getResultShape() {
      return hasBufferSemantics() ? getOutput().getType().getShape()
                                  : getResult().getType().getShape();
    }
  }];
  let hasVerifier = 1;
}

#endif // EIE_DIALECT_EIE_IR_EIEOPS_TD
