//===- EIEAttrs.td - Attributes of the eie dialect ---------*- tablegen -*-===//

#ifndef EIE_DIALECT_EIE_IR_EIEATTRS_TD
#define EIE_DIALECT_EIE_IR_EIEATTRS_TD

include "eie/Dialect/EIE/IR/EIEDialect.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"

// An attribute parameter written in full (e.g. `array<f32: 0.5, 0x7FC00000>`), so that every
// value, NaN included, can be written.
class EIE_FullAttrParameter<string type, string desc> : AttrParameter<type, desc> {
  let parser = [{ [&]() -> ::mlir::FailureOr<}] # type # [{> {
    }] # type # [{ attr;
    if ($_parser.parseAttribute(attr))
      return ::mlir::failure();
    return attr;
  }() }];
  let printer = [{ $_printer.printAttribute($_self) }];
}

def EIE_CompressedMatrixAttr : EIE_Attr<"CompressedMatrix", "compressed_matrix"> {
  let summary = "A weight matrix in EIE's interleaved compressed-sparse-column format";
  let description = [{
    A `rows x cols` matrix (one row per output, one column per input) spread over `pes`
    processing elements: row `i` lives in PE `i mod pes`. Each PE stores its rows column by
    column as entries `(v, z)`: `v` a `bits`-wide index into the codebook, `z` the number of
    that PE's zero rows skipped before the entry; a gap of 16 or more zeros inserts a padding
    entry `(v = 0, z = 15)`. docs/CompressedFormat.md defines the format exactly.

    - `codebook`: the `2^bits` shared fp32 values; code 0 is the value 0.
    - `fixed_codebook`: the same values in 16-bit fixed point `Q(frac_bits)` (docs/NUMERICS.md:
      `frac_bits` is the largest width that holds the largest magnitude; values round half away
      from zero).
    - `entries`: the packed entries of every PE, PE 0 first, as a 1-D `i8` tensor (one byte per
      entry for `bits <= 4`, `v` in the low nibble and `z` in the high one; two bytes, little
      endian, for wider codes).
    - `col_ptrs`: `pes` arrays of `cols + 1` pointers, PE 0 first, as a 1-D `i32` tensor; PE
      `p`'s column `j` holds its entries `[col_ptrs[p][j], col_ptrs[p][j + 1])`, counted from the
      PE's first entry.

    The payloads may be `dense` or `dense_resource` elements; the passes that build the
    attribute use `dense_resource` blobs, which bytecode stores verbatim. The verifier decodes
    the attribute and checks every invariant of the format: the codebook, the pointer arrays
    (size, start at 0, monotonic, end at the PE's entry count), every entry's index and zero
    run, the padding rule, and that every entry's row exists. The attribute's own verifier
    checks what does not need the payloads' data (the payloads of a textual module's
    `dense_resource` blobs are only read after its operations); the payloads are checked when
    `eie.sparse_fc`'s verifier first sees the attribute, with the error at that op, and once
    only: the attribute is immutable, so the verifiers that run after every pass do not decode
    it again.

    ```mlir
    // An 8 x 4 matrix on 2 PEs with a 2-bit codebook: W[0][0] = -0.5, W[5][0] = 1.0,
    // W[6][2] = 0.25, W[1][3] = -0.5, W[7][3] = 0.25.
    #eie.compressed_matrix<rows = 8, cols = 4, pes = 2, bits = 2,
      codebook = array<f32: 0.0, -0.5, 0.25, 1.0>,
      fixed_codebook = array<i16: 0, -8192, 4096, 16384>, frac_bits = 14,
      entries = dense<[1, 50, 35, 1, 34]> : tensor<5xi8>,
      col_ptrs = dense<[0, 1, 1, 2, 2, 0, 1, 1, 1, 3]> : tensor<10xi32>>
    ```
  }];
  let parameters = (ins
    AttrParameter<"int64_t", "rows (outputs)">:$rows,
    AttrParameter<"int64_t", "columns (inputs)">:$cols,
    AttrParameter<"int64_t", "processing elements">:$pes,
    AttrParameter<"int64_t", "codebook index width, 2..8">:$bits,
    EIE_FullAttrParameter<"DenseF32ArrayAttr", "2^bits fp32 values, code 0 = 0">:$codebook,
    EIE_FullAttrParameter<"DenseI16ArrayAttr", "the codebook in Q(frac_bits)">:$fixed_codebook,
    AttrParameter<"int64_t", "fractional width of fixed_codebook, 0..15">:$frac_bits,
    AttrParameter<"ElementsAttr", "packed entries of every PE, 1-D i8">:$entries,
    AttrParameter<"ElementsAttr", "pes x (cols + 1) column pointers, 1-D i32">:$col_ptrs);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
  let builders = [
    // Stores the payloads of `matrix` in dense_resource blobs named after `blobPrefix`.
    AttrBuilder<(ins "const ::eie::format::CompressedMatrix &":$matrix,
                     "::llvm::StringRef":$blobPrefix)>];
  let extraClassDeclaration = [{
    /// The matrix in the format library's representation, or why the payloads cannot be read
    /// (a dense_resource without data, say). The result is not verified.
    ::llvm::Expected<::eie::format::CompressedMatrix> toCompressedMatrix() const;

    /// Decodes the payloads and checks every invariant of the format (format::verify);
    /// errors go to `emitError`. Done once per attribute: after a success, later calls
    /// return at once (the dialect remembers the attributes it verified).
    ::mlir::LogicalResult verifyPayloads(
        ::llvm::function_ref<::mlir::InFlightDiagnostic()> emitError) const;
  }];
}

#endif // EIE_DIALECT_EIE_IR_EIEATTRS_TD
