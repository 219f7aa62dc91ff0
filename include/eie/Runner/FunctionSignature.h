//===- FunctionSignature.h - What a caller passes and gets ------*- C++ -*-===//
//
// What a caller must pass to a function and what it gets back, read from the
// func.func before lowering: the element type and static shape of every tensor
// or memref argument and result.
//
//===----------------------------------------------------------------------===//

#ifndef EIE_RUNNER_FUNCTIONSIGNATURE_H
#define EIE_RUNNER_FUNCTIONSIGNATURE_H

#include "eie/Support/Npy.h"

#include "mlir/IR/BuiltinOps.h"

#include <optional>
#include <string>

namespace mlir {
namespace eie {

/// One argument or result: a ranked tensor or identity-layout memref with a
/// static shape.
struct ArraySignature {
  ::eie::DType dtype;
  llvm::SmallVector<int64_t, 4> shape;
  /// The MLIR type as written ("tensor<1x3x224x224xf32>"), for messages.
  std::string typeName;
};

struct FunctionSignature {
  /// The function's symbol name.
  std::string name;
  llvm::SmallVector<ArraySignature> arguments;
  llvm::SmallVector<ArraySignature> results;
};

/// The dtype that holds elements of `type` (f32, f64, i8, i16, i32, i64, ui8),
/// if any.
std::optional<::eie::DType> getDTypeFor(Type type);

/// Reads the signature of func.func `name` in `module`. Fails, naming the
/// function and the argument or result, if the function does not exist, has no
/// body, or takes or returns anything other than statically shaped tensors or
/// identity-layout memrefs of a supported element type.
llvm::Expected<FunctionSignature> getFunctionSignature(ModuleOp module,
                                                       llvm::StringRef name);

/// Checks that `inputs` match the arguments of `signature` in number, dtype and
/// shape. `inputNames[i]` (a file name, say) names inputs[i] in messages;
/// without it, "input i".
llvm::Error checkInputs(const FunctionSignature &signature,
                        llvm::ArrayRef<::eie::NpyArray> inputs,
                        llvm::ArrayRef<std::string> inputNames = {});

} // namespace eie
} // namespace mlir

#endif // EIE_RUNNER_FUNCTIONSIGNATURE_H
