//===- CNNAttrs.cpp - Attributes of the cnn dialect -----------------------===//

#include "eie/Dialect/CNN/IR/CNNAttrs.h"
#include "eie/Dialect/CNN/IR/CNNDialect.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace mlir::cnn;

#include "eie/Dialect/CNN/IR/CNNEnums.cpp.inc"

/// The `, imperfect` suffix of #cnn.blocking.
static ParseResult parseImperfectFlag(AsmParser &parser, bool &imperfect) {
  imperfect = succeeded(parser.parseOptionalComma());
  return imperfect ? parser.parseKeyword("imperfect") : success();
}

static void printImperfectFlag(AsmPrinter &printer, bool imperfect) {
  if (imperfect)
    printer << ", imperfect";
}

#define GET_ATTRDEF_CLASSES
#include "eie/Dialect/CNN/IR/CNNAttrs.cpp.inc"

void CNNDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "eie/Dialect/CNN/IR/CNNAttrs.cpp.inc"
      >();
}

//===----------------------------------------------------------------------===//
// BlockingLevelAttr
//===----------------------------------------------------------------------===//

/// Parses a loop name (`N`, `K`, `C`, `Y`, `X`, `R` or `S`).
static FailureOr<LoopDim> parseLoopDim(AsmParser &parser) {
  SMLoc loc = parser.getCurrentLocation();
  StringRef name;
  if (parser.parseKeyword(&name))
    return failure();
  std::optional<LoopDim> dim = symbolizeLoopDim(name);
  if (!dim)
    return parser.emitError(loc, "unknown loop '")
           << name << "', expected one of N, K, C, Y, X, R, S";
  return *dim;
}

// #cnn.level<"name", {N = 1, K = 2, ...}, order = [K, C, ...]>
Attribute BlockingLevelAttr::parse(AsmParser &parser, Type) {
  SMLoc loc = parser.getCurrentLocation();
  std::string name;
  if (parser.parseLess() || parser.parseString(&name) || parser.parseComma())
    return {};

  SmallVector<int64_t, kNumLoopDims> factors(kNumLoopDims, 1);
  SmallVector<bool, kNumLoopDims> seen(kNumLoopDims, false);
  auto parseFactor = [&]() -> ParseResult {
    SMLoc dimLoc = parser.getCurrentLocation();
    FailureOr<LoopDim> dim = parseLoopDim(parser);
    if (failed(dim))
      return failure();
    unsigned index = static_cast<unsigned>(*dim);
    if (seen[index])
      return parser.emitError(dimLoc, "loop ")
             << stringifyLoopDim(*dim) << " has two factors";
    seen[index] = true;
    return failure(parser.parseEqual() || parser.parseInteger(factors[index]));
  };
  if (parser.parseCommaSeparatedList(AsmParser::Delimiter::Braces, parseFactor))
    return {};

  SmallVector<LoopDim, kNumLoopDims> order;
  if (succeeded(parser.parseOptionalComma())) {
    if (parser.parseKeyword("order") || parser.parseEqual() ||
        parser.parseCommaSeparatedList(
            AsmParser::Delimiter::Square, [&]() -> ParseResult {
              FailureOr<LoopDim> dim = parseLoopDim(parser);
              if (failed(dim))
                return failure();
              order.push_back(*dim);
              return success();
            }))
      return {};
  }
  if (parser.parseGreater())
    return {};
  return BlockingLevelAttr::getChecked([&]() { return parser.emitError(loc); },
                                       parser.getContext(), name, factors,
                                       order);
}

void BlockingLevelAttr::print(AsmPrinter &printer) const {
  printer << "<\"" << getName() << "\", {";
  llvm::interleaveComma(llvm::seq<unsigned>(0, kNumLoopDims), printer,
                        [&](unsigned i) {
                          printer << stringifyLoopDim(static_cast<LoopDim>(i))
                                  << " = " << getFactors()[i];
                        });
  printer << "}";
  if (!getOrder().empty()) {
    printer << ", order = [";
    llvm::interleaveComma(getOrder(), printer, [&](LoopDim dim) {
      printer << stringifyLoopDim(dim);
    });
    printer << "]";
  }
  printer << ">";
}

LogicalResult
BlockingLevelAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                          StringRef name, ArrayRef<int64_t> factors,
                          ArrayRef<LoopDim> order) {
  if (name.empty())
    return emitError() << "a blocking level needs a non-empty name";
  if (factors.size() != kNumLoopDims)
    return emitError() << "a blocking level has " << kNumLoopDims
                       << " factors (N, K, C, Y, X, R, S), got "
                       << factors.size();
  for (auto [i, factor] : llvm::enumerate(factors))
    if (factor < 1)
      return emitError() << "blocking factor of loop "
                         << stringifyLoopDim(static_cast<LoopDim>(i))
                         << " at level \"" << name
                         << "\" must be positive, got " << factor;
  if (order.empty())
    return success();
  SmallVector<bool, kNumLoopDims> listed(kNumLoopDims, false);
  for (LoopDim dim : order) {
    unsigned index = static_cast<unsigned>(dim);
    if (index >= kNumLoopDims)
      return emitError() << "invalid loop in the order of level \"" << name
                         << "\"";
    if (listed[index])
      return emitError() << "loop " << stringifyLoopDim(dim)
                         << " appears twice in the order of level \"" << name
                         << "\"";
    listed[index] = true;
  }
  if (order.size() != kNumLoopDims)
    return emitError() << "the order of level \"" << name << "\" lists "
                       << order.size() << " loops, expected all "
                       << kNumLoopDims;
  return success();
}

//===----------------------------------------------------------------------===//
// BlockingAttr
//===----------------------------------------------------------------------===//

LogicalResult BlockingAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                   ArrayRef<BlockingLevelAttr> levels,
                                   bool imperfect) {
  if (levels.size() < 2)
    return emitError() << "a blocking needs at least two memory levels (the "
                          "innermost and DRAM), got "
                       << levels.size();
  llvm::StringSet<> names;
  for (auto [i, level] : llvm::enumerate(levels)) {
    if (!level)
      return emitError() << "blocking level " << i << " is not a #cnn.level";
    if (!names.insert(level.getName()).second)
      return emitError() << "two blocking levels are named \""
                         << level.getName() << "\"";
    if (i > 0 && level.getOrder().empty())
      return emitError()
             << "level \"" << level.getName()
             << "\" needs a loop order (only the innermost level may omit it)";
  }
  // getTotalFactor() and the loop-nest verifier multiply the factors.
  for (unsigned d = 0; d < kNumLoopDims; ++d) {
    auto dim = static_cast<LoopDim>(d);
    int64_t total = 1;
    for (BlockingLevelAttr level : levels)
      if (llvm::MulOverflow(total, level.getFactor(dim), total))
        return emitError() << "blocking factors of loop "
                           << stringifyLoopDim(dim)
                           << " multiply past 2^63 - 1";
  }
  return success();
}

int64_t BlockingAttr::getTotalFactor(LoopDim dim) const {
  int64_t total = 1;
  for (BlockingLevelAttr level : getLevels())
    total *= level.getFactor(dim);
  return total;
}
