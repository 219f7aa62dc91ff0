//===- SparseFCFusion.h - Ops fused into eie.sparse_fc ----------*- C++ -*-===//

#ifndef EIE_DIALECT_EIE_TRANSFORMS_SPARSEFCFUSION_H
#define EIE_DIALECT_EIE_TRANSFORMS_SPARSEFCFUSION_H

namespace mlir {
class RewritePatternSet;
namespace eie {

/// Patterns that fold the ops the kernels apply for free into the
/// eie.sparse_fc before them: a cnn.relu that is the layer's only user becomes
/// the layer's `relu`.
void populateSparseFCFusionPatterns(RewritePatternSet &patterns);

} // namespace eie
} // namespace mlir

#endif // EIE_DIALECT_EIE_TRANSFORMS_SPARSEFCFUSION_H
