//===- InitAllDialects.h - Register the project's dialects ------*- C++ -*-===//
//
// One call that registers every dialect and external interface model the
// project's tools need: the cnn and eie dialects plus the upstream dialects
// their pipelines lower through.
//
//===----------------------------------------------------------------------===//

#ifndef EIE_INITALLDIALECTS_H
#define EIE_INITALLDIALECTS_H

namespace mlir {
class DialectRegistry;
namespace eie {

/// Registers the cnn and eie dialects and all upstream dialects and extensions.
void registerAllDialects(DialectRegistry &registry);

/// Registers the project's passes and named pipelines with the global registry.
void registerAllPasses();

} // namespace eie
} // namespace mlir

#endif // EIE_INITALLDIALECTS_H
