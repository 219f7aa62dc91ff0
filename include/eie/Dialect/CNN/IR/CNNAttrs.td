//===- CNNAttrs.td - Attributes of the cnn dialect ---------*- tablegen -*-===//

#ifndef EIE_DIALECT_CNN_IR_CNNATTRS_TD
#define EIE_DIALECT_CNN_IR_CNNATTRS_TD

include "eie/Dialect/CNN/IR/CNNDialect.td"
include "mlir/IR/EnumAttr.td"

def CNN_LoopDim : I32EnumAttr<"LoopDim", "a loop of the seven-loop convolution nest", [
    I32EnumAttrCase<"N", 0>, I32EnumAttrCase<"K", 1>, I32EnumAttrCase<"C", 2>,
    I32EnumAttrCase<"Y", 3>, I32EnumAttrCase<"X", 4>, I32EnumAttrCase<"R", 5>,
    I32EnumAttrCase<"S", 6>]> {
  let cppNamespace = "::mlir::cnn";
  let genSpecializedAttr = 0;
}

def CNN_BlockingLevelAttr : CNN_Attr<"BlockingLevel", "level"> {
  let summary = "The tile factors and loop order of one memory level";
  let description = [{
    One level of a `#cnn.blocking`: the memory level's name, a blocking factor for each of the
    seven loops of the layer's loop nest, and the order of this level's loops, outermost first.

    The loops are named as in shared/contracts/BLOCKING.md: `N` (batch), `K` (output channels),
    `C` (input channels per group), `Y`, `X` (output rows and columns), `R`, `S` (kernel rows and
    columns). Factors that are omitted are 1; they are always printed. The order must list all
    seven loops once, or be omitted, which is allowed only for the innermost level (whose loop
    order does not change any access count).

    ```mlir
    #cnn.level<"RF", {N = 1, K = 4, C = 3, Y = 1, X = 5, R = 11, S = 1}>
    #cnn.level<"DRAM", {N = 1, K = 24, C = 1, Y = 55, X = 11, R = 1, S = 11},
               order = [K, Y, X, N, C, R, S]>
    ```
  }];
  let parameters = (ins
    StringRefParameter<"memory level name">:$name,
    ArrayRefParameter<"int64_t", "blocking factor per loop, in the order N K C Y X R S">:$factors,
    ArrayRefParameter<"LoopDim", "loops of this level, outermost first">:$order);
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// The blocking factor of one loop at this level.
    int64_t getFactor(LoopDim dim) const {
      return getFactors()[static_cast<unsigned>(dim)];
    }
  }];
}

def CNN_BlockingAttr : CNN_Attr<"Blocking", "blocking"> {
  let summary = "A blocking of a layer's loop nest over a memory hierarchy";
  let description = [{
    A blocking in the sense of shared/contracts/BLOCKING.md: for each memory level, innermost
    (register file) first and outermost (DRAM) last, the tile factors of the seven loops and the
    order of that level's loops. For every loop the factors of all levels multiply to the loop's
    bound; ops that carry a blocking check this against their shapes.

    An imperfect blocking (docs/BlockingModel.md, "Imperfect tiles") ends in `, imperfect`: its
    factors may multiply to more than the bound, the nest of tiles being cut at the bound so that
    the last tile along such a loop is partial. Each level's factor then counts at most the tiles
    needed to cover the bound, `f_i <= ceil(bound / (f_0 * ... * f_{i-1}))` for `i >= 1`, and the
    product of all factors is at least the bound. The innermost factor `f_0` is a tile size and
    may pass the bound: a padded tile, such as the x86 code generator's K in whole vectors.

    Inside a blocking the levels are written without their `#cnn.level` prefix:

    ```mlir
    #cnn.blocking<[
      <"RF", {N = 1, K = 2, C = 1, Y = 1, X = 4, R = 3, S = 3}>,
      <"DRAM", {N = 1, K = 32, C = 16, Y = 8, X = 2, R = 1, S = 1},
       order = [N, K, C, Y, X, R, S]>]>
    ```
  }];
  let parameters = (ins
    ArrayRefParameter<"BlockingLevelAttr", "memory levels, innermost first">:$levels,
    DefaultValuedParameter<"bool", "false",
                           "whether factors may cover the bounds with partial tiles">:$imperfect);
  let assemblyFormat = "`<` `[` $levels `]` `` custom<ImperfectFlag>($imperfect) `>`";
  let builders = [
    AttrBuilder<(ins "::llvm::ArrayRef<BlockingLevelAttr>":$levels), [{
      return $_get($_ctxt, levels, /*imperfect=*/false);
    }]>];
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// The product of one loop's factors over all levels: the loop bound this blocking covers
    /// (at least the bound for an imperfect blocking).
    int64_t getTotalFactor(LoopDim dim) const;
  }];
}

#endif // EIE_DIALECT_CNN_IR_CNNATTRS_TD
