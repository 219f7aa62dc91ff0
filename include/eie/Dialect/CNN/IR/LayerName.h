//===- LayerName.h - The name of a layer ------------------------*- C++ -*-===//
//
// The one way layers are named, in diagnostics, remarks, reports, symbols and
// the EIE program's layer table, before and after --eie-encode.
//
//===----------------------------------------------------------------------===//

#ifndef EIE_DIALECT_CNN_IR_LAYERNAME_H
#define EIE_DIALECT_CNN_IR_LAYERNAME_H

#include "mlir/IR/Operation.h"

#include <string>

namespace mlir::cnn {

/// The layer's name: its NameLoc (possibly inside a FusedLoc), else
/// `<function>.<index>` where `index` counts the function's layers before it:
/// its loop-nest ops (cnn.conv2d, cnn.fc, ...) and the ops of `op`'s kind, so
/// that an eie.sparse_fc keeps the name of the cnn.fc it was encoded from.
/// Outside a function, `layer.<index>` counts them in the parent op.
std::string getLayerName(Operation *op);

} // namespace mlir::cnn

#endif // EIE_DIALECT_CNN_IR_LAYERNAME_H
