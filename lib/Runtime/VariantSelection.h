//===- VariantSelection.h - Choosing a kernel variant per layer -*- C++ -*-===//
//
// Internal to lib/Runtime: PackedMatrix::create's choice of the variant and
// of the Panels shape.
//
//===----------------------------------------------------------------------===//

#ifndef EIE_LIB_RUNTIME_VARIANTSELECTION_H
#define EIE_LIB_RUNTIME_VARIANTSELECTION_H

#include "eie/Runtime/PackedMatrix.h"

namespace eie::runtime::detail {

/// Packs verified m (codes: its decoded weights) for options.variant, else
/// for the variant the kVariantEnvVar environment variable names, else for
/// the fastest of every variant this CPU runs, each timed on the layer with
/// activations of the expected density (the choice is cached per process
/// for matrices of the same pattern). Panels shapes not given in options are
/// chosen by a cost model of the layer's statistics, with this CPU's costs
/// per panel step and per walked entry (measured once per process).
llvm::Expected<PackedMatrix> selectAndBuild(const format::CompressedMatrix &m,
                                            const format::SparseCodes &codes,
                                            const PackOptions &options);

} // namespace eie::runtime::detail

#endif // EIE_LIB_RUNTIME_VARIANTSELECTION_H
