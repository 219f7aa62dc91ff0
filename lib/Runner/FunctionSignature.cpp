//===- FunctionSignature.cpp - The host-visible signature of a function ---===//

#include "eie/Runner/FunctionSignature.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinTypes.h"

#include "llvm/Support/FormatVariadic.h"

using namespace mlir;
using namespace mlir::eie;
using ::eie::DType;
using ::eie::NpyArray;

static llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

static std::string typeToString(Type type) {
  std::string result;
  llvm::raw_string_ostream os(result);
  type.print(os);
  return result;
}

std::optional<DType> mlir::eie::getDTypeFor(Type type) {
  if (type.isF32())
    return DType::F32;
  if (type.isF64())
    return DType::F64;
  auto intType = dyn_cast<IntegerType>(type);
  if (!intType)
    return std::nullopt;
  // Signless integers (what arith works on) are two's complement: the signed
  // dtypes hold them.
  if (intType.isUnsigned())
    return intType.getWidth() == 8 ? std::optional(DType::U8) : std::nullopt;
  switch (intType.getWidth()) {
  case 8:
    return DType::I8;
  case 16:
    return DType::I16;
  case 32:
    return DType::I32;
  case 64:
    return DType::I64;
  default:
    return std::nullopt;
  }
}

/// The signature of one argument or result; `what` is "argument 2 of @main" for
/// messages.
static llvm::Expected<ArraySignature>
getArraySignature(Type type, const llvm::Twine &what) {
  std::string typeName = typeToString(type);
  auto shaped = dyn_cast<ShapedType>(type);
  if (!shaped || !isa<RankedTensorType, MemRefType>(type))
    return makeError(what + " has type " + typeName +
                     ": only ranked tensors and memrefs can be passed");
  if (!shaped.hasStaticShape())
    return makeError(what + " has type " + typeName +
                     ": only static shapes are supported");
  if (auto memref = dyn_cast<MemRefType>(type);
      memref && !memref.getLayout().isIdentity())
    return makeError(what + " has type " + typeName +
                     ": only the identity layout is supported");
  std::optional<DType> dtype = getDTypeFor(shaped.getElementType());
  if (!dtype)
    return makeError(what + " has type " + typeName + ": element type " +
                     typeToString(shaped.getElementType()) +
                     " is not supported (f32, f64, i8, i16, i32, i64, ui8)");
  if (!::eie::boundedNumElements(shaped.getShape()))
    return makeError(llvm::formatv("{0} has type {1}: more than 2^{2} elements",
                                   what, typeName,
                                   ::eie::kMaxArrayElementsLog2)
                         .str());
  return ArraySignature{*dtype,
                        llvm::SmallVector<int64_t, 4>(shaped.getShape()),
                        std::move(typeName)};
}

llvm::Expected<FunctionSignature>
mlir::eie::getFunctionSignature(ModuleOp module, llvm::StringRef name) {
  auto func = module.lookupSymbol<func::FuncOp>(name);
  if (!func) {
    std::string available;
    llvm::raw_string_ostream os(available);
    llvm::interleaveComma(module.getOps<func::FuncOp>(), os,
                          [&](func::FuncOp f) { os << "@" << f.getSymName(); });
    return makeError(
        "no function @" + name + " in the module" +
        (available.empty() ? llvm::Twine() : " (it has " + available + ")"));
  }
  if (func.isExternal())
    return makeError("@" + name + " is a declaration without a body");

  FunctionSignature signature;
  signature.name = name.str();
  FunctionType type = func.getFunctionType();
  auto collect =
      [&](TypeRange types, llvm::StringRef what,
          llvm::SmallVectorImpl<ArraySignature> &into) -> llvm::Error {
    for (auto [i, elementType] : llvm::enumerate(types)) {
      llvm::Expected<ArraySignature> array = getArraySignature(
          elementType, what + " " + llvm::Twine(i + 1) + " of @" + name);
      if (!array)
        return array.takeError();
      into.push_back(std::move(*array));
    }
    return llvm::Error::success();
  };
  if (llvm::Error err =
          collect(type.getInputs(), "argument", signature.arguments))
    return std::move(err);
  if (llvm::Error err = collect(type.getResults(), "result", signature.results))
    return std::move(err);
  return signature;
}

llvm::Error mlir::eie::checkInputs(const FunctionSignature &signature,
                                   llvm::ArrayRef<NpyArray> inputs,
                                   llvm::ArrayRef<std::string> inputNames) {
  if (inputs.size() != signature.arguments.size())
    return makeError("@" + signature.name + " takes " +
                     llvm::Twine(signature.arguments.size()) +
                     " argument(s), got " + llvm::Twine(inputs.size()) +
                     " input(s)");
  for (auto [i, input] : llvm::enumerate(inputs)) {
    const ArraySignature &arg = signature.arguments[i];
    if (input.getDType() == arg.dtype &&
        input.getShape() == llvm::ArrayRef(arg.shape))
      continue;
    std::string name = i < inputNames.size() ? inputNames[i]
                                             : "input " + std::to_string(i + 1);
    return makeError("argument " + llvm::Twine(i + 1) + " of @" +
                     signature.name + " expects " + arg.typeName + ", " + name +
                     " holds " + input.describe());
  }
  return llvm::Error::success();
}
