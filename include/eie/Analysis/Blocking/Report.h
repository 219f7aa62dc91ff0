//===- Report.h - The contract's JSON report --------------------*- C++ -*-===//

#ifndef EIE_ANALYSIS_BLOCKING_REPORT_H
#define EIE_ANALYSIS_BLOCKING_REPORT_H

#include "eie/Analysis/Blocking/Model.h"

#include "llvm/Support/JSON.h"

namespace eie::blocking {

/// How a blocking was found, for the report's "search" object.
struct SearchSummary {
  uint64_t candidates = 0;
  double seconds = 0;
  bool optimal = false;
};

/// {"N": .., "K": .., ...}: bounds, factors and the like.
llvm::json::Object loopVectorToJSON(const LoopVector &values);

/// One layer's report object exactly as shared/contracts/BLOCKING.md shows it,
/// plus "imperfect": whether some loop's tiles do not divide its bound, and,
/// for a blocking with spatial factors, "spatial" per level and "pes".
llvm::json::Value reportToJSON(const Layer &layer, const Architecture &arch,
                               const Blocking &blocking, const Evaluation &eval,
                               const SearchSummary &search);

} // namespace eie::blocking

#endif // EIE_ANALYSIS_BLOCKING_REPORT_H
