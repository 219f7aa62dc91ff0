//===- JitFunctionTest.cpp - Tests for JitFunction ------------------------===//

#include "eie/Runner/JitFunction.h"

#include "eie/InitAllDialects.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"

#include "llvm/Support/MemAlloc.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

using namespace mlir;
using ::eie::DType;
using ::eie::NpyArray;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

namespace {

// y = x * w + b with w a dense_resource blob (1, 2, 3, 4) and b a dense
// attribute.
const char kAffine[] = R"mlir(
  #id = affine_map<(i) -> (i)>
  func.func @affine(%x: tensor<4xf32>) -> tensor<4xf32> {
    %w = arith.constant dense_resource<w> : tensor<4xf32>
    %b = arith.constant dense<[0.5, 0.5, 0.5, -0.5]> : tensor<4xf32>
    %e = tensor.empty() : tensor<4xf32>
    %y = linalg.generic {indexing_maps = [#id, #id, #id, #id], iterator_types = ["parallel"]}
        ins(%x, %w, %b : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) outs(%e : tensor<4xf32>) {
    ^bb0(%xv: f32, %wv: f32, %bv: f32, %o: f32):
      %m = arith.mulf %xv, %wv : f32
      %s = arith.addf %m, %bv : f32
      linalg.yield %s : f32
    } -> tensor<4xf32>
    return %y : tensor<4xf32>
  }
  {-#
    dialect_resources: {
      builtin: {
        w: "0x040000000000803F000000400000404000008040"
      }
    }
  #-}
)mlir";

class JitFunctionTest : public ::testing::Test {
protected:
  JitFunctionTest() { mlir::eie::registerAllDialects(registry); }

  /// Parses and compiles `source` in a context that is destroyed before
  /// returning, as eie-run does: the JitFunction must not depend on it.
  llvm::Expected<std::unique_ptr<mlir::eie::JitFunction>>
  compile(llvm::StringRef source, llvm::StringRef name,
          const mlir::eie::JitOptions &options = {}) {
    MLIRContext context(registry);
    OwningOpRef<ModuleOp> module =
        parseSourceString<ModuleOp>(source, &context);
    EXPECT_TRUE(module);
    return mlir::eie::JitFunction::compile(*module, name, options);
  }

  static NpyArray makeFloats(llvm::ArrayRef<float> values) {
    NpyArray array(DType::F32, {int64_t(values.size())});
    llvm::copy(values, array.getValues<float>().begin());
    return array;
  }

  DialectRegistry registry;
};

TEST_F(JitFunctionTest, CallsRepeatedlyAfterTheContextIsGone) {
  llvm::Expected<std::unique_ptr<mlir::eie::JitFunction>> function =
      compile(kAffine, "affine");
  ASSERT_TRUE(bool(function)) << llvm::toString(function.takeError());
  EXPECT_EQ((*function)->getSignature().name, "affine");
  EXPECT_GE((*function)->getCompileTimes().lowering, 0);

  llvm::SmallVector<NpyArray> inputs;
  inputs.push_back(makeFloats({1, 1, 1, 1}));
  llvm::Expected<llvm::SmallVector<NpyArray>> first = (*function)->call(inputs);
  ASSERT_TRUE(bool(first)) << llvm::toString(first.takeError());
  EXPECT_THAT((*first)[0].getValues<float>(), ElementsAre(1.5, 2.5, 3.5, 3.5));

  inputs[0] = makeFloats({2, -1, 0, 0.5});
  llvm::SmallVector<NpyArray> results = (*function)->allocateResults();
  ASSERT_FALSE(bool((*function)->call(inputs, results)));
  EXPECT_THAT(results[0].getValues<float>(), ElementsAre(2.5, -1.5, 0.5, 1.5));
  // The inputs are only read.
  EXPECT_THAT(inputs[0].getValues<float>(), ElementsAre(2, -1, 0, 0.5));
}

TEST_F(JitFunctionTest, ResourceConstantsAreLinkedNotCompiled) {
  MLIRContext context(registry);
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(kAffine, &context);
  ASSERT_TRUE(module);
  llvm::Expected<std::unique_ptr<mlir::eie::JitFunction>> function =
      mlir::eie::JitFunction::compile(*module, "affine");
  ASSERT_TRUE(bool(function)) << llvm::toString(function.takeError());
  int resourceGlobals = 0;
  for (auto global : module->getOps<LLVM::GlobalOp>()) {
    if (global.getLinkage() != LLVM::Linkage::External)
      continue;
    ++resourceGlobals;
    EXPECT_FALSE(global.getValueOrNull());
  }
  EXPECT_EQ(resourceGlobals, 1);
}

TEST_F(JitFunctionTest, UnmanagedResourceConstantsAreCopied) {
  // A blob referencing memory the context does not own, which may change or go
  // away after compilation.
  std::vector<float> weights = {1, 2, 3, 4};
  llvm::Expected<std::unique_ptr<mlir::eie::JitFunction>> function = [&] {
    MLIRContext context(registry);
    OwningOpRef<ModuleOp> module =
        parseSourceString<ModuleOp>(kAffine, &context);
    EXPECT_TRUE(module);
    module->walk([&](arith::ConstantOp constant) {
      if (auto value = dyn_cast<DenseResourceElementsAttr>(constant.getValue()))
        value.getRawHandle().getResource()->setBlob(
            UnmanagedAsmResourceBlob::allocateInferAlign(
                llvm::ArrayRef<float>(weights)));
    });
    return mlir::eie::JitFunction::compile(*module, "affine");
  }();
  ASSERT_TRUE(bool(function)) << llvm::toString(function.takeError());
  llvm::fill(weights, 0.0f);
  llvm::SmallVector<NpyArray> inputs;
  inputs.push_back(makeFloats({1, 1, 1, 1}));
  llvm::Expected<llvm::SmallVector<NpyArray>> results =
      (*function)->call(inputs);
  ASSERT_TRUE(bool(results));
  EXPECT_THAT((*results)[0].getValues<float>(),
              ElementsAre(1.5, 2.5, 3.5, 3.5));
}

TEST_F(JitFunctionTest, MisalignedResourceConstants) {
  // Bufferization gives constant globals 64-byte alignment; a blob (from
  // bytecode, say) may have less, and vectorized code must not assume more.
  const char source[] = R"mlir(
    func.func @rows() -> tensor<4x256xf32> {
      %w = arith.constant dense_resource<w> : tensor<256xf32>
      %e = tensor.empty() : tensor<4x256xf32>
      %y = linalg.broadcast ins(%w : tensor<256xf32>) outs(%e : tensor<4x256xf32>)
          dimensions = [0]
      return %y : tensor<4x256xf32>
    })mlir";
  llvm::Expected<std::unique_ptr<mlir::eie::JitFunction>> function = [&] {
    MLIRContext context(registry);
    OwningOpRef<ModuleOp> module =
        parseSourceString<ModuleOp>(llvm::StringRef(source), &context);
    EXPECT_TRUE(module);
    // 256 floats 4 bytes past a 64-byte boundary, owned by the blob.
    char *raw = static_cast<char *>(llvm::allocate_buffer(4 + 1024, 64));
    auto *weights = reinterpret_cast<float *>(raw + 4);
    for (int i = 0; i < 256; ++i)
      weights[i] = i;
    AsmResourceBlob blob(
        llvm::ArrayRef<char>(raw + 4, 1024), /*dataAlignment=*/4,
        [raw](void *, size_t, size_t) {
          llvm::deallocate_buffer(raw, 4 + 1024, 64);
        },
        /*dataIsMutable=*/false);
    module->walk([&](arith::ConstantOp constant) {
      if (auto value = dyn_cast<DenseResourceElementsAttr>(constant.getValue()))
        value.getRawHandle().getResource()->setBlob(std::move(blob));
    });
    return mlir::eie::JitFunction::compile(*module, "rows");
  }();
  ASSERT_TRUE(bool(function)) << llvm::toString(function.takeError());
  llvm::Expected<llvm::SmallVector<NpyArray>> results = (*function)->call({});
  ASSERT_TRUE(bool(results));
  for (int i = 0; i < 4 * 256; ++i)
    EXPECT_EQ((*results)[0].getValues<float>()[i], i % 256);
}

TEST_F(JitFunctionTest, OptimizationLevels) {
  for (unsigned level : {0u, 1u, 2u}) {
    mlir::eie::JitOptions options;
    options.optLevel = level;
    llvm::Expected<std::unique_ptr<mlir::eie::JitFunction>> function =
        compile(kAffine, "affine", options);
    ASSERT_TRUE(bool(function)) << llvm::toString(function.takeError());
    llvm::SmallVector<NpyArray> inputs;
    inputs.push_back(makeFloats({0, 0, 0, 0}));
    llvm::Expected<llvm::SmallVector<NpyArray>> results =
        (*function)->call(inputs);
    ASSERT_TRUE(bool(results));
    EXPECT_THAT((*results)[0].getValues<float>(),
                ElementsAre(0.5, 0.5, 0.5, -0.5));
  }
  mlir::eie::JitOptions options;
  options.optLevel = 4;
  llvm::Expected<std::unique_ptr<mlir::eie::JitFunction>> function =
      compile(kAffine, "affine", options);
  ASSERT_FALSE(bool(function));
  EXPECT_EQ(llvm::toString(function.takeError()),
            "optimization level 4 is not in 0-3");
}

TEST_F(JitFunctionTest, CallChecksArrays) {
  llvm::Expected<std::unique_ptr<mlir::eie::JitFunction>> function =
      compile(kAffine, "affine");
  ASSERT_TRUE(bool(function)) << llvm::toString(function.takeError());
  llvm::SmallVector<NpyArray> inputs;
  inputs.push_back(makeFloats({1, 2, 3}));
  llvm::Expected<llvm::SmallVector<NpyArray>> results =
      (*function)->call(inputs, {"x.npy"});
  ASSERT_FALSE(bool(results));
  EXPECT_EQ(llvm::toString(results.takeError()),
            "argument 1 of @affine expects tensor<4xf32>, x.npy holds float32 "
            "(3,)");

  inputs[0] = makeFloats({1, 2, 3, 4});
  llvm::SmallVector<NpyArray> wrongResults;
  wrongResults.emplace_back(DType::F64, llvm::ArrayRef<int64_t>{4});
  EXPECT_EQ(llvm::toString((*function)->call(inputs, wrongResults)),
            "result 1 of @affine is tensor<4xf32>, the result array is float64 "
            "(4,)");
  EXPECT_EQ(llvm::toString(
                (*function)->call(inputs, llvm::MutableArrayRef<NpyArray>())),
            "@affine has 1 result(s), got 0 result array(s)");
}

TEST_F(JitFunctionTest, PipelineProblems) {
  mlir::eie::JitOptions failing;
  failing.buildPipeline = [](OpPassManager &) { return failure(); };
  llvm::Expected<std::unique_ptr<mlir::eie::JitFunction>> function =
      compile(kAffine, "affine", failing);
  ASSERT_FALSE(bool(function));
  EXPECT_EQ(llvm::toString(function.takeError()), "invalid lowering pipeline");

  // A pipeline that does nothing leaves no C wrapper behind.
  mlir::eie::JitOptions empty;
  empty.buildPipeline = [](OpPassManager &) { return success(); };
  function = compile(kAffine, "affine", empty);
  ASSERT_FALSE(bool(function));
  EXPECT_THAT(llvm::toString(function.takeError()),
              HasSubstr("after lowering, the module has no llvm.func "
                        "@_mlir_ciface_affine"));
}

} // namespace
