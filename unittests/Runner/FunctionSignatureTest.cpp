//===- FunctionSignatureTest.cpp - Tests for getFunctionSignature ---------===//

#include "eie/Runner/FunctionSignature.h"

#include "eie/InitAllDialects.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

using namespace mlir;
using ::eie::DType;
using ::eie::NpyArray;
using ::testing::ElementsAre;

namespace {

class FunctionSignatureTest : public ::testing::Test {
protected:
  FunctionSignatureTest() {
    DialectRegistry registry;
    mlir::eie::registerAllDialects(registry);
    context.appendDialectRegistry(registry);
  }

  OwningOpRef<ModuleOp> parse(llvm::StringRef source) {
    return parseSourceString<ModuleOp>(source, &context);
  }

  std::string signatureError(llvm::StringRef source, llvm::StringRef name) {
    OwningOpRef<ModuleOp> module = parse(source);
    EXPECT_TRUE(module);
    llvm::Expected<mlir::eie::FunctionSignature> signature =
        mlir::eie::getFunctionSignature(*module, name);
    if (signature)
      return "<no error>";
    return llvm::toString(signature.takeError());
  }

  MLIRContext context;
};

TEST_F(FunctionSignatureTest, TensorsAndMemrefs) {
  OwningOpRef<ModuleOp> module = parse(R"mlir(
    func.func @f(%a: tensor<1x3x224x224xf32>, %b: memref<4xi8>, %c: tensor<i64>)
        -> (tensor<2xf64>, memref<3x2xui8>, tensor<5xi16>, tensor<6xi32>) {
      %0 = tensor.empty() : tensor<2xf64>
      %1 = memref.alloc() : memref<3x2xui8>
      %2 = tensor.empty() : tensor<5xi16>
      %3 = tensor.empty() : tensor<6xi32>
      return %0, %1, %2, %3 : tensor<2xf64>, memref<3x2xui8>, tensor<5xi16>, tensor<6xi32>
    })mlir");
  ASSERT_TRUE(module);
  llvm::Expected<mlir::eie::FunctionSignature> signature =
      mlir::eie::getFunctionSignature(*module, "f");
  ASSERT_TRUE(bool(signature)) << llvm::toString(signature.takeError());
  EXPECT_EQ(signature->name, "f");
  ASSERT_EQ(signature->arguments.size(), 3u);
  EXPECT_EQ(signature->arguments[0].dtype, DType::F32);
  EXPECT_THAT(signature->arguments[0].shape, ElementsAre(1, 3, 224, 224));
  EXPECT_EQ(signature->arguments[0].typeName, "tensor<1x3x224x224xf32>");
  EXPECT_EQ(signature->arguments[1].dtype, DType::I8);
  EXPECT_EQ(signature->arguments[2].dtype, DType::I64);
  EXPECT_TRUE(signature->arguments[2].shape.empty());
  ASSERT_EQ(signature->results.size(), 4u);
  EXPECT_EQ(signature->results[0].dtype, DType::F64);
  EXPECT_EQ(signature->results[1].dtype, DType::U8);
  EXPECT_THAT(signature->results[1].shape, ElementsAre(3, 2));
  EXPECT_EQ(signature->results[2].dtype, DType::I16);
  EXPECT_EQ(signature->results[3].dtype, DType::I32);
}

TEST_F(FunctionSignatureTest, Unsupported) {
  EXPECT_EQ(signatureError("func.func @f(%a: tensor<*xf32>) { return }", "f"),
            "argument 1 of @f has type tensor<*xf32>: only ranked tensors and "
            "memrefs can be passed");
  EXPECT_EQ(signatureError(
                "func.func @f(%a: i32, %b: memref<?xf32>) { return }", "f"),
            "argument 1 of @f has type i32: only ranked tensors and memrefs "
            "can be passed");
  EXPECT_EQ(signatureError("func.func @f(%b: memref<?xf32>) { return }", "f"),
            "argument 1 of @f has type memref<?xf32>: only static shapes are "
            "supported");
  EXPECT_EQ(signatureError(R"mlir(
    func.func @f() -> tensor<2xi1> {
      %0 = tensor.empty() : tensor<2xi1>
      return %0 : tensor<2xi1>
    })mlir",
                           "f"),
            "result 1 of @f has type tensor<2xi1>: element type i1 is not "
            "supported (f32, f64, i8, i16, i32, i64, ui8)");
  EXPECT_EQ(signatureError("func.func @f(%a: tensor<2xui16>) { return }", "f"),
            "argument 1 of @f has type tensor<2xui16>: element type ui16 is "
            "not supported (f32, f64, i8, i16, i32, i64, ui8)");
  EXPECT_EQ(signatureError("func.func @f() { return }", "g"),
            "no function @g in the module (it has @f)");
  EXPECT_EQ(signatureError("module {}", "g"), "no function @g in the module");
}

TEST_F(FunctionSignatureTest, CheckInputs) {
  OwningOpRef<ModuleOp> module =
      parse("func.func @f(%a: tensor<2x3xf32>, %b: tensor<i32>) { return }");
  ASSERT_TRUE(module);
  llvm::Expected<mlir::eie::FunctionSignature> signature =
      mlir::eie::getFunctionSignature(*module, "f");
  ASSERT_TRUE(bool(signature));

  llvm::SmallVector<NpyArray> good;
  good.emplace_back(DType::F32, llvm::ArrayRef<int64_t>{2, 3});
  good.emplace_back(DType::I32, llvm::ArrayRef<int64_t>{});
  EXPECT_FALSE(bool(mlir::eie::checkInputs(*signature, good)));

  llvm::SmallVector<NpyArray> badShape;
  badShape.emplace_back(DType::F32, llvm::ArrayRef<int64_t>{3, 2});
  badShape.emplace_back(DType::I32, llvm::ArrayRef<int64_t>{});
  EXPECT_EQ(llvm::toString(mlir::eie::checkInputs(*signature, badShape,
                                                  {"a.npy", "b.npy"})),
            "argument 1 of @f expects tensor<2x3xf32>, a.npy holds float32 "
            "(3, 2)");

  llvm::SmallVector<NpyArray> badDType;
  badDType.emplace_back(DType::F32, llvm::ArrayRef<int64_t>{2, 3});
  badDType.emplace_back(DType::I64, llvm::ArrayRef<int64_t>{});
  EXPECT_EQ(llvm::toString(mlir::eie::checkInputs(*signature, badDType)),
            "argument 2 of @f expects tensor<i32>, input 2 holds int64 ()");

  EXPECT_EQ(llvm::toString(mlir::eie::checkInputs(
                *signature, llvm::ArrayRef<NpyArray>(good).take_front())),
            "@f takes 2 argument(s), got 1 input(s)");
}

} // namespace
