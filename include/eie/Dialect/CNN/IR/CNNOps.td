//===- CNNOps.td - Operations of the cnn dialect -----------*- tablegen -*-===//

#ifndef EIE_DIALECT_CNN_IR_CNNOPS_TD
#define EIE_DIALECT_CNN_IR_CNNOPS_TD

include "eie/Dialect/CNN/IR/CNNDialect.td"
include "eie/Dialect/CNN/IR/CNNAttrs.td"
include "eie/Dialect/CNN/IR/CNNInterfaces.td"
include "mlir/Interfaces/DestinationStyleOpInterface.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Type constraints
//===----------------------------------------------------------------------===//

class CNN_StaticFloatTensorOfRank<int rank>
    : Type<And<[TensorRankOf<[AnyFloat], [rank]>.predicate, HasStaticShapePred]>,
           rank # "-D statically shaped tensor of floats",
           "::mlir::RankedTensorType">;

def CNN_Tensor1D : CNN_StaticFloatTensorOfRank<1>;
def CNN_Tensor2D : CNN_StaticFloatTensorOfRank<2>;
def CNN_Tensor4D : CNN_StaticFloatTensorOfRank<4>;
def CNN_StaticFloatTensor
    : Type<And<[TensorOf<[AnyFloat]>.predicate, HasStaticShapePred]>,
           "statically shaped tensor of floats", "::mlir::RankedTensorType">;

// A DPS op with one `init` operand tied to its single result (of the same type; ops with an
// optional operand before `init` check that in their verifier, since ODS's type inference
// assumes fixed operand positions).
class CNN_DestinationOp<string mnemonic, list<Trait> traits = []>
    : CNN_Op<mnemonic, !listconcat(traits, [Pure, DestinationStyleOpInterface])> {
  code dpsInitsDecl = [{
    ::mlir::MutableOperandRange getDpsInitsMutable() { return getInitMutable(); }
  }];
  let extraClassDeclaration = dpsInitsDecl;
}

//===----------------------------------------------------------------------===//
// Layers with a loop nest
//===----------------------------------------------------------------------===//

def CNN_Conv2DOp : CNN_DestinationOp<"conv2d", [
    DeclareOpInterfaceMethods<CNN_LoopNestOpInterface,
      ["getLoopBounds", "getLoopStrides"]>]> {
  let summary = "2-D convolution of NCHW activations with KCRS filters";
  let description = [{
    Computes, for every batch `n`, output channel `k` and output position `(y, x)`:

    ```
    result[n][k][y][x] = bias[k] + sum over c, r, s of
        input_padded[n][g*C + c][y*sy + r*dy][x*sx + s*dx] * filter[k][c][r][s]
    ```

    where `C = filter.dim(1)` is the number of input channels per group, `g = k / (K / groups)`
    is the group of output channel `k`, `(sy, sx)` are the `strides`, `(dy, dx)` the
    `dilations`, and `input_padded` is the input extended with zeros by
    `padding = [top, left, bottom, right]`. Without `bias` the sum starts at zero. The
    output extent is `(H + top + bottom - ((R - 1) * dy + 1)) / sy + 1` (floor division), and
    likewise for the width.

    `strides` and `dilations` default to `[1, 1]`, `padding` to `[0, 0, 0, 0]`, `groups` to 1.
    `init` only names the destination; its contents are not read.

    An optional `blocking` (see `#cnn.blocking`) describes how the loop nest is tiled over a
    memory hierarchy; its factors must multiply to the loop bounds
    `N, K, C, Y = OH, X = OW, R, S`.

    Example (AlexNet's second layer, two groups):

    ```mlir
    %y = cnn.conv2d ins(%x, %w, %b : tensor<1x96x27x27xf32>, tensor<256x48x5x5xf32>,
                                      tensor<256xf32>)
                    outs(%init : tensor<1x256x27x27xf32>)
                    {padding = array<i64: 2, 2, 2, 2>, groups = 2 : i64}
                    -> tensor<1x256x27x27xf32>
    ```
  }];
  let arguments = (ins
    CNN_Tensor4D:$input,
    CNN_Tensor4D:$filter,
    Optional<CNN_Tensor1D>:$bias,
    CNN_Tensor4D:$init,
    OptionalAttr<DenseI64ArrayAttr>:$strides,
    OptionalAttr<DenseI64ArrayAttr>:$padding,
    OptionalAttr<DenseI64ArrayAttr>:$dilations,
    OptionalAttr<I64Attr>:$groups,
    OptionalAttr<CNN_BlockingAttr>:$blocking);
  let results = (outs CNN_Tensor4D:$result);
  let builders = [
    // Default strides, padding, dilations and groups; no blocking.
    OpBuilder<(ins "Value":$input, "Value":$filter, "Value":$bias, "Value":$init), [{
      build($_builder, $_state, init.getType(), input, filter, bias, init,
            nullptr, nullptr, nullptr, nullptr, nullptr);
    }]>];
  let assemblyFormat = [{
    `ins` `(` $input `,` $filter (`,` $bias^)? `:` type($input) `,` type($filter)
      (`,` type($bias)^)? `)`
    `outs` `(` $init `:` type($init) `)` attr-dict `->` type($result)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = dpsInitsDecl # [{
    /// Attribute values with their defaults applied.
    SmallVector<int64_t, 2> getStrideValues();
    SmallVector<int64_t, 4> getPaddingValues();
    SmallVector<int64_t, 2> getDilationValues();
    int64_t getGroupCount();
  }];
}

def CNN_FCOp : CNN_DestinationOp<"fc", [
    DeclareOpInterfaceMethods<CNN_LoopNestOpInterface,
      ["getLoopBounds", "getLoopStrides"]>]> {
  let summary = "Fully-connected layer y = W x + b over a batch";
  let description = [{
    For an input of shape `N x C` and weights of shape `K x C` (one row per output, the
    orientation of EIE's compressed format), computes

    ```
    result[n][k] = bias[k] + sum over c of weight[k][c] * input[n][c]
    ```

    Without `bias` the sum starts at zero. `init` (shape `N x K`) only names the destination;
    its contents are not read. As a loop nest it is the convolution nest with
    `Y = X = R = S = 1`, so it may carry a `#cnn.blocking` like `cnn.conv2d`.

    ```mlir
    %y = cnn.fc ins(%x, %w, %b : tensor<1x9216xf32>, tensor<4096x9216xf32>, tensor<4096xf32>)
                outs(%init : tensor<1x4096xf32>) -> tensor<1x4096xf32>
    ```
  }];
  let arguments = (ins
    CNN_Tensor2D:$input,
    CNN_Tensor2D:$weight,
    Optional<CNN_Tensor1D>:$bias,
    CNN_Tensor2D:$init,
    OptionalAttr<CNN_BlockingAttr>:$blocking);
  let results = (outs CNN_Tensor2D:$result);
  let builders = [
    OpBuilder<(ins "Value":$input, "Value":$weight, "Value":$bias, "Value":$init), [{
      build($_builder, $_state, init.getType(), input, weight, bias, init, nullptr);
    }]>];
  let assemblyFormat = [{
    `ins` `(` $input `,` $weight (`,` $bias^)? `:` type($input) `,` type($weight)
      (`,` type($bias)^)? `)`
    `outs` `(` $init `:` type($init) `)` attr-dict `->` type($result)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

class CNN_Pool2DOp<string mnemonic, string reduction, dag extraArgs>
    : CNN_DestinationOp<mnemonic, [AllTypesMatch<["init", "result"]>]> {
  let summary = reduction # " pooling over 2-D windows of NCHW activations";
  let arguments = !con((ins
    CNN_Tensor4D:$input,
    CNN_Tensor4D:$init,
    DenseI64ArrayAttr:$kernel,
    OptionalAttr<DenseI64ArrayAttr>:$strides,
    OptionalAttr<DenseI64ArrayAttr>:$padding), extraArgs);
  let results = (outs CNN_Tensor4D:$result);
  let assemblyFormat = [{
    `ins` `(` $input `:` type($input) `)` `outs` `(` $init `:` type($init) `)` attr-dict
    `->` type($result)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = dpsInitsDecl # [{
    /// Attribute values with their defaults applied (strides default to the kernel size).
    SmallVector<int64_t, 2> getStrideValues();
    SmallVector<int64_t, 4> getPaddingValues();
  }];
}

def CNN_MaxPool2DOp : CNN_Pool2DOp<"max_pool2d", "Maximum", (ins)> {
  let description = [{
    For every batch `n`, channel `c` and output position `(y, x)`, the maximum of the window
    `input_padded[n][c][y*sy .. y*sy + kh - 1][x*sx .. x*sx + kw - 1]`, where `kernel = [kh, kw]`,
    `strides = [sy, sx]` (default: the kernel size, as in PyTorch) and `input_padded` extends
    the input with negative infinity by `padding = [top, left, bottom, right]` (default zeros).
    Each padding must be smaller than the kernel, so every window holds an input element
    (PyTorch allows at most half the kernel, ONNX more).
    The output extent is `(H + top + bottom - kh) / sy + 1` (floor division).

    ```mlir
    %p = cnn.max_pool2d ins(%x : tensor<1x96x55x55xf32>) outs(%i : tensor<1x96x27x27xf32>)
           {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>} -> tensor<1x96x27x27xf32>
    ```
  }];
}

def CNN_AvgPool2DOp : CNN_Pool2DOp<"avg_pool2d", "Average", (ins UnitAttr:$count_include_pad)> {
  let description = [{
    For every batch `n`, channel `c` and output position `(y, x)`, the mean of the window
    `input_padded[n][c][y*sy .. y*sy + kh - 1][x*sx .. x*sx + kw - 1]`, with `kernel`,
    `strides` and `padding` as in `cnn.max_pool2d`; padding contributes zeros. The divisor is
    the number of window positions inside the unpadded input, or `kh * kw` when
    `count_include_pad` is set.

    ```mlir
    %p = cnn.avg_pool2d ins(%x : tensor<1x8x6x6xf32>) outs(%i : tensor<1x8x3x3xf32>)
           {kernel = array<i64: 2, 2>} -> tensor<1x8x3x3xf32>
    ```
  }];
}

//===----------------------------------------------------------------------===//
// Element-wise, normalisation and reshaping
//===----------------------------------------------------------------------===//

def CNN_ReluOp : CNN_Op<"relu", [Pure, SameOperandsAndResultType]> {
  let summary = "Rectified linear unit, max(x, 0) element-wise";
  let description = [{
    ```mlir
    %y = cnn.relu %x : tensor<1x4096xf32>
    ```
  }];
  let arguments = (ins CNN_StaticFloatTensor:$input);
  let results = (outs CNN_StaticFloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($result)";
}

def CNN_LRNOp : CNN_Op<"lrn", [Pure, SameOperandsAndResultType]> {
  let summary = "Local response normalisation across channels (AlexNet)";
  let description = [{
    AlexNet's cross-channel normalisation of NCHW activations:

    ```
    result[n][c][h][w] = input[n][c][h][w] /
        (k + alpha / size * sum over c' in [c - size/2, c + size/2] of input[n][c'][h][w]^2)^beta
    ```

    where channels outside `[0, C)` contribute nothing. `size` must be odd and positive; `k`
    defaults to 1 (Caffe), `alpha` to 1e-4 and `beta` to 0.75; `beta` must be non-negative and
    `k` positive.

    ```mlir
    %y = cnn.lrn %x {size = 5 : i64, alpha = 1.0e-04 : f32, beta = 7.5e-01 : f32}
           : tensor<1x96x55x55xf32>
    ```
  }];
  let arguments = (ins
    CNN_Tensor4D:$input,
    I64Attr:$size,
    DefaultValuedAttr<F32Attr, "1.0e-4f">:$alpha,
    DefaultValuedAttr<F32Attr, "0.75f">:$beta,
    DefaultValuedAttr<F32Attr, "1.0f">:$k);
  let results = (outs CNN_Tensor4D:$result);
  let assemblyFormat = "$input attr-dict `:` type($result)";
  let hasVerifier = 1;
}

def CNN_FlattenOp : CNN_Op<"flatten", [Pure]> {
  let summary = "Collapses all dimensions but the first (the batch) into one";
  let description = [{
    Reshapes an `N x D1 x ... x Dk` tensor to `N x (D1 * ... * Dk)` in row-major order, as
    between AlexNet's last pooling layer and its first fully-connected layer.

    ```mlir
    %f = cnn.flatten %x : tensor<1x256x6x6xf32> -> tensor<1x9216xf32>
    ```
  }];
  let arguments = (ins CNN_StaticFloatTensor:$input);
  let results = (outs CNN_Tensor2D:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
}

def CNN_SoftmaxOp : CNN_Op<"softmax", [Pure, SameOperandsAndResultType]> {
  let summary = "Softmax along one dimension";
  let description = [{
    `result[..., i, ...] = exp(x_i - m) / sum_j exp(x_j - m)` along dimension `axis`
    (default: the last), where `m` is the maximum along that dimension (for stability).

    ```mlir
    %p = cnn.softmax %x {axis = 1 : i64} : tensor<1x1000xf32>
    ```
  }];
  let arguments = (ins CNN_StaticFloatTensor:$input, OptionalAttr<I64Attr>:$axis);
  let results = (outs CNN_StaticFloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($result)";
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The softmax dimension with its default (the last) applied.
    int64_t getAxisValue();
  }];
}

//===----------------------------------------------------------------------===//
// Graph-level operations (residual connections, branches, model-defined
// arithmetic), as ONNX and PyTorch models use them
//===----------------------------------------------------------------------===//

class CNN_BroadcastBinaryOp<string mnemonic, string operation, string symbol>
    : CNN_Op<mnemonic, [Pure]> {
  let summary = "Element-wise " # operation # " with NumPy broadcasting";
  let description = [{
    `result = lhs }] # symbol # [{ rhs` element by element, with NumPy's (and ONNX's
    multidirectional) broadcasting: the shapes are aligned at their last dimension, a
    missing leading dimension counts as 1, and along each dimension the sizes must be equal
    or one of them 1, which is then repeated. The result has the broadcast shape. All element
    types must be the same.

    ```mlir
    %y = cnn.}] # mnemonic # [{ %a, %b : tensor<1x64x56x56xf32>, tensor<64x1x1xf32>
           -> tensor<1x64x56x56xf32>
    ```
  }];
  let arguments = (ins CNN_StaticFloatTensor:$lhs, CNN_StaticFloatTensor:$rhs);
  let results = (outs CNN_StaticFloatTensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` type($lhs) `,` type($rhs) `->` type($result)
  }];
  let hasVerifier = 1;
}

def CNN_AddOp : CNN_BroadcastBinaryOp<"add", "addition", "+">;
def CNN_SubOp : CNN_BroadcastBinaryOp<"sub", "subtraction", "-">;
def CNN_MulOp : CNN_BroadcastBinaryOp<"mul", "multiplication", "*">;
def CNN_DivOp : CNN_BroadcastBinaryOp<"div", "division", "/">;

def CNN_ConcatOp : CNN_Op<"concat", [Pure]> {
  let summary = "Concatenation of tensors along one dimension";
  let description = [{
    Joins the inputs, in order, along dimension `axis`: all inputs have the result's rank and
    agree with it in every other dimension, and the result's extent along `axis` is the sum of
    the inputs' (GoogLeNet's and DenseNet's channel concatenation). At least one input.

    ```mlir
    %y = cnn.concat %a, %b {axis = 1 : i64}
           : tensor<1x64x28x28xf32>, tensor<1x32x28x28xf32> -> tensor<1x96x28x28xf32>
    ```
  }];
  let arguments = (ins Variadic<CNN_StaticFloatTensor>:$inputs, I64Attr:$axis);
  let results = (outs CNN_StaticFloatTensor:$result);
  let assemblyFormat = [{
    $inputs attr-dict `:` type($inputs) `->` type($result)
  }];
  let hasVerifier = 1;
}

def CNN_BatchNormOp : CNN_Op<"batch_norm", [Pure]> {
  let summary = "Batch normalisation in inference mode, per channel";
  let description = [{
    For activations with the channel in dimension 1 (`N x C x ...`) and per-channel `scale`,
    `bias`, `mean` and `variance` (each of `C` elements):

    ```
    result[n][c][...] = (input[n][c][...] - mean[c]) / sqrt(variance[c] + epsilon) * scale[c]
                        + bias[c]
    ```

    The statistics are the ones recorded during training; nothing is updated. Importers fold
    a batch normalisation that follows a convolution with constant weights into the
    convolution, so this op remains only where no such convolution precedes it. `epsilon`
    defaults to 1e-5 and must be non-negative.

    ```mlir
    %y = cnn.batch_norm %x, %scale, %bias, %mean, %var {epsilon = 1.0e-05 : f32}
           : tensor<1x64x56x56xf32>, tensor<64xf32>, tensor<64xf32>, tensor<64xf32>,
             tensor<64xf32> -> tensor<1x64x56x56xf32>
    ```
  }];
  let arguments = (ins
    CNN_StaticFloatTensor:$input,
    CNN_Tensor1D:$scale,
    CNN_Tensor1D:$bias,
    CNN_Tensor1D:$mean,
    CNN_Tensor1D:$variance,
    DefaultValuedAttr<F32Attr, "1.0e-5f">:$epsilon);
  let results = (outs CNN_StaticFloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $scale `,` $bias `,` $mean `,` $variance attr-dict `:` type($input) `,`
    type($scale) `,` type($bias) `,` type($mean) `,` type($variance) `->` type($result)
  }];
  let hasVerifier = 1;
}

def CNN_MatMulOp : CNN_Op<"matmul", [Pure]> {
  let summary = "Matrix product over the last two dimensions, batched over the others";
  let description = [{
    For `lhs` of shape `B1 x ... x Bk x M x K` and `rhs` of shape `B1 x ... x Bk x K x N`
    (the same rank, at least 2, and the same batch dimensions), the result has shape
    `B1 x ... x Bk x M x N` with

    ```
    result[b...][m][n] = sum over k of lhs[b...][m][k] * rhs[b...][k][n]
    ```

    Unlike `cnn.fc`, both operands may be computed values (attention scores, a model's
    `torch.matmul`); a product with constant weights is better written as `cnn.fc`, which the
    compression passes and the EIE back-end understand.

    ```mlir
    %y = cnn.matmul %a, %b : tensor<2x3x4xf32>, tensor<2x4x5xf32> -> tensor<2x3x5xf32>
    ```
  }];
  let arguments = (ins CNN_StaticFloatTensor:$lhs, CNN_StaticFloatTensor:$rhs);
  let results = (outs CNN_StaticFloatTensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` type($lhs) `,` type($rhs) `->` type($result)
  }];
  let hasVerifier = 1;
}

def CNN_TransposeOp : CNN_Op<"transpose", [Pure]> {
  let summary = "Permutation of the dimensions of a tensor";
  let description = [{
    Dimension `d` of the result is dimension `permutation[d]` of the input:
    `result[j0, ..., j(r-1)] = input[i0, ..., i(r-1)]` where `i(permutation[d]) = jd`.
    `permutation` must be a permutation of `[0, rank)`.

    ```mlir
    %t = cnn.transpose %w {permutation = array<i64: 1, 0>}
           : tensor<4096x9216xf32> -> tensor<9216x4096xf32>
    ```
  }];
  let arguments = (ins CNN_StaticFloatTensor:$input, DenseI64ArrayAttr:$permutation);
  let results = (outs CNN_StaticFloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
}

def CNN_ReshapeOp : CNN_Op<"reshape", [Pure]> {
  let summary = "Reinterprets a tensor's elements, in row-major order, with a new shape";
  let description = [{
    The result holds the input's elements in the same row-major order under the result
    type's static shape; the two must have the same number of elements (ONNX `Reshape`, and
    `Flatten` on an axis other than 1; `cnn.flatten` is the batch-preserving special case).

    ```mlir
    %r = cnn.reshape %x : tensor<2x3x4xf32> -> tensor<6x4xf32>
    ```
  }];
  let arguments = (ins CNN_StaticFloatTensor:$input);
  let results = (outs CNN_StaticFloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Recurrent
//===----------------------------------------------------------------------===//

def CNN_LSTMCellOp : CNN_Op<"lstm_cell", [Pure]> {
  let summary = "One step of an LSTM cell, its four gates in one weight matrix";
  let description = [{
    For input `x` (`N x I`), hidden state `h` and cell state `c` (`N x H`), weights `W` of
    shape `4H x (I + H)` applied to the concatenation `[x, h]`, and an optional bias (`4H`):

    ```
    z = [x, h] * W^T + bias           (N x 4H), split into gates i, f, g, o (H columns each)
    c_next = sigmoid(f) * c + sigmoid(i) * tanh(g)
    h_next = sigmoid(o) * tanh(c_next)
    ```

    The gate order `i, f, g, o` is PyTorch's. Keeping the four gate matrices in one `4H x (I+H)`
    matrix is what lets the EIE back-end run a step as one sparse layer (the NT-LSTM benchmark
    of the EIE paper is such a 2400 x 1201 matrix, the extra column being the bias).

    ```mlir
    %h1, %c1 = cnn.lstm_cell %x, %h, %c, %w, %b
        : tensor<1x600xf32>, tensor<1x600xf32>, tensor<1x600xf32>, tensor<2400x1200xf32>,
          tensor<2400xf32> -> tensor<1x600xf32>, tensor<1x600xf32>
    ```
  }];
  let arguments = (ins
    CNN_Tensor2D:$input,
    CNN_Tensor2D:$hidden,
    CNN_Tensor2D:$cell,
    CNN_Tensor2D:$weights,
    Optional<CNN_Tensor1D>:$bias);
  let results = (outs CNN_Tensor2D:$hidden_next, CNN_Tensor2D:$cell_next);
  let assemblyFormat = [{
    $input `,` $hidden `,` $cell `,` $weights (`,` $bias^)? attr-dict `:`
    type($input) `,` type($hidden) `,` type($cell) `,` type($weights) (`,` type($bias)^)?
    `->` type($hidden_next) `,` type($cell_next)
  }];
  let hasVerifier = 1;
}

#endif // EIE_DIALECT_CNN_IR_CNNOPS_TD
