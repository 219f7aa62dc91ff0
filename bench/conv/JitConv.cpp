//===- JitConv.cpp - Our code: the cnn module, lowered and JIT-compiled ---===//

#include "ConvImplementation.h"

#include "eie/Dialect/CNN/Utils/NetworkBuilder.h"
#include "eie/InitAllDialects.h"
#include "eie/Runner/JitFunction.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"

#include "llvm/Support/FormatVariadic.h"

using namespace eie;
using namespace eie::convbench;

namespace {

class JitConv : public ConvImplementation {
public:
  JitConv(const ConvProblem &problem,
          std::unique_ptr<mlir::eie::JitFunction> function)
      : input(problem.input), function(std::move(function)),
        results(this->function->allocateResults()) {}

  void run() override {
    // The inputs match the signature by construction; the check the call
    // makes costs microseconds.
    llvm::cantFail(function->call(input, results));
  }

  std::vector<float> readOutput() override {
    llvm::ArrayRef<float> values = results.front().getValues<float>();
    return {values.begin(), values.end()};
  }

  std::string describe() const override {
    const mlir::eie::CompileTimes &t = function->getCompileTimes();
    return llvm::formatv("compiled in {0:f2} s",
                         t.lowering + t.translation + t.codegen);
  }

private:
  const NpyArray &input;
  std::unique_ptr<mlir::eie::JitFunction> function;
  llvm::SmallVector<NpyArray> results;
};

} // namespace

llvm::Expected<std::unique_ptr<ConvImplementation>>
convbench::createJitConv(const ConvProblem &problem, llvm::StringRef pipeline) {
  mlir::DialectRegistry registry;
  mlir::eie::registerAllDialects(registry);
  // The context only lives until the code is generated: the JitFunction takes
  // the weights with it. One thread, like everything else here; it also makes
  // the set-up's memory traffic the same in every run, which --cachegrind
  // subtracts.
  mlir::MLIRContext context(registry, mlir::MLIRContext::Threading::DISABLED);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::cnn::buildNetworkModule(&context, problem.network, problem.weights);
  mlir::eie::JitOptions options;
  options.buildPipeline = [pipeline](mlir::OpPassManager &pm) {
    return mlir::parsePassPipeline(pipeline, pm);
  };
  llvm::Expected<std::unique_ptr<mlir::eie::JitFunction>> function =
      mlir::eie::JitFunction::compile(*module, "forward", options);
  if (!function)
    return function.takeError();
  return std::make_unique<JitConv>(problem, std::move(*function));
}
