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

def EIE_SparseFCOp : EIE_Op<"sparse_fc", [Pure]> {
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

    ```mlir
    %y = eie.sparse_fc %x bias(%b : tensor<4096xf32>)
           {matrix = #eie.compressed_matrix<...>, relu, act_frac = 10 : i32, out_frac = 10 : i32}
           : tensor<1x9216xf32> -> tensor<1x4096xf32>
    ```
  }];
  let arguments = (ins
    EIE_StaticF32Tensor2D:$input,
    Optional<EIE_StaticF32Tensor1D>:$bias,
    EIE_CompressedMatrixAttr:$matrix,
    UnitAttr:$relu,
    OptionalAttr<I32Attr>:$act_frac,
    OptionalAttr<I32Attr>:$out_frac);
  let results = (outs EIE_StaticF32Tensor2D:$result);
  let assemblyFormat = [{
    $input (`bias` `(` $bias^ `:` type($bias) `)`)? attr-dict `:` type($input) `->`
    type($result)
  }];
  let hasVerifier = 1;
}

#endif // EIE_DIALECT_EIE_IR_EIEOPS_TD
