//===- JitConv.cpp - Our code: the cnn module, lowered and JIT-compiled ---===//

#include "ConvImplementation.h"

#include "eie/Dialect/CNN/Utils/NetworkBuilder.h"
#include "eie/InitAllDialects.h"
#include "eie/Runner/JitFunction.h"

#include "eie/Analysis/Blocking/TileConstraints.h"
#include "eie/Conversion/CNNToX86/CNNToX86.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"

#include "llvm/Support/FormatVariadic.h"

using namespace eie;
using namespace eie::convbench;

namespace {

/// The channel blocks of the layouts our code keeps between layers
/// (--cnn-apply-blocking): the input in blocks of the vector width when they
/// divide a group's channels, else of a whole group; the output in blocks of
/// the vector width.
struct BlockedLayouts {
  int64_t inputBlock;
  int64_t outputBlock;
};

BlockedLayouts getBlockedLayouts(const ConvShape &shape, int64_t lanes) {
  return {blocking::x86InputChannelBlock(shape.channelsPerGroup(), lanes),
          lanes};
}

/// NCHW <-> N(C/b)HWb: `toBlocked` picks the direction.
std::vector<float> relayout(llvm::ArrayRef<float> data, int64_t batch,
                            int64_t channels, int64_t plane, int64_t block,
                            bool toBlocked) {
  std::vector<float> out(data.size());
  for (int64_t n = 0; n < batch; ++n)
    for (int64_t c = 0; c < channels; ++c)
      for (int64_t i = 0; i < plane; ++i) {
        int64_t flat = (n * channels + c) * plane + i;
        int64_t blocked =
            ((n * (channels / block) + c / block) * plane + i) * block +
            c % block;
        if (toBlocked)
          out[blocked] = data[flat];
        else
          out[flat] = data[blocked];
      }
  return out;
}

/// Makes `forward` take and return the blocked layouts: an unpack of its
/// argument and a pack of its result, which the pipeline folds into the
/// layer's own pack and unpack, so that what is timed is the layer alone, as
/// oneDNN's is on the formats it picks.
void useBlockedBoundary(mlir::ModuleOp module, const ConvShape &shape,
                        BlockedLayouts layouts) {
  auto forward = module.lookupSymbol<mlir::func::FuncOp>("forward");
  mlir::OpBuilder b(forward.getBody());
  mlir::Location loc = forward.getLoc();
  mlir::Block &body = forward.getBody().front();
  mlir::BlockArgument argument = body.getArgument(0);
  auto inputType = llvm::cast<mlir::RankedTensorType>(argument.getType());
  auto blockedInputType = mlir::RankedTensorType::get(
      {shape.batch, shape.channels / layouts.inputBlock, shape.height,
       shape.width, layouts.inputBlock},
      b.getF32Type());
  argument.setType(blockedInputType);
  mlir::Value nchw = mlir::tensor::EmptyOp::create(b, loc, inputType.getShape(),
                                                   b.getF32Type());
  mlir::Value unpacked = mlir::linalg::UnPackOp::create(
      b, loc, argument, nchw, llvm::ArrayRef<int64_t>{1},
      mlir::getAsIndexOpFoldResult(b.getContext(), layouts.inputBlock),
      llvm::ArrayRef<int64_t>{});
  argument.replaceAllUsesExcept(unpacked, unpacked.getDefiningOp());

  auto ret = llvm::cast<mlir::func::ReturnOp>(body.getTerminator());
  b.setInsertionPoint(ret);
  auto blockedOutputType = mlir::RankedTensorType::get(
      {shape.batch, shape.filters / layouts.outputBlock, shape.outHeight,
       shape.outWidth, layouts.outputBlock},
      b.getF32Type());
  mlir::Value blocked = mlir::tensor::EmptyOp::create(
      b, loc, blockedOutputType.getShape(), b.getF32Type());
  mlir::Value packed = mlir::linalg::PackOp::create(
      b, loc, ret.getOperand(0), blocked, llvm::ArrayRef<int64_t>{1},
      mlir::getAsIndexOpFoldResult(b.getContext(), layouts.outputBlock),
      std::nullopt, llvm::ArrayRef<int64_t>{});
  ret->setOperand(0, packed);
  forward.setType(b.getFunctionType({blockedInputType}, {blockedOutputType}));
}

class JitConv : public ConvImplementation {
public:
  JitConv(const ConvProblem &problem,
          std::unique_ptr<mlir::eie::JitFunction> function,
          BlockedLayouts layouts)
      : shape(problem.shape), layouts(layouts), function(std::move(function)),
        results(this->function->allocateResults()) {
    // The input in our layout, made once like oneDNN's reordered source.
    const ConvShape &s = problem.shape;
    std::vector<float> data =
        relayout(problem.input.getValues<float>(), s.batch, s.channels,
                 s.height * s.width, layouts.inputBlock, /*toBlocked=*/true);
    input.emplace_back(DType::F32, llvm::ArrayRef<int64_t>{
                                       s.batch, s.channels / layouts.inputBlock,
                                       s.height, s.width, layouts.inputBlock});
    llvm::copy(data, input.front().getValues<float>().begin());
  }

  void run() override {
    // The inputs match the signature by construction; the check the call
    // makes costs microseconds.
    llvm::cantFail(function->call(input, results));
  }

  std::vector<float> readOutput() override {
    return relayout(results.front().getValues<float>(), shape.batch,
                    shape.filters, shape.outHeight * shape.outWidth,
                    layouts.outputBlock, /*toBlocked=*/false);
  }

  std::string describe() const override {
    const mlir::eie::CompileTimes &t = function->getCompileTimes();
    return llvm::formatv("compiled in {0:f2} s; timed on N(C/{1})HW{1} in, "
                         "N(K/{2})HW{2} out",
                         t.lowering + t.translation + t.codegen,
                         layouts.inputBlock, layouts.outputBlock);
  }

private:
  ConvShape shape;
  BlockedLayouts layouts;
  llvm::SmallVector<NpyArray> input;
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
  // The vector width the pipeline generates for (its target option).
  mlir::eie::X86VectorTarget target =
      pipeline.contains("target=avx2")     ? mlir::eie::X86VectorTarget::AVX2
      : pipeline.contains("target=avx512") ? mlir::eie::X86VectorTarget::AVX512
                                           : mlir::eie::X86VectorTarget::Host;
  BlockedLayouts layouts = getBlockedLayouts(
      problem.shape, mlir::eie::getX86VectorShape(target).lanes);
  useBlockedBoundary(*module, problem.shape, layouts);
  mlir::eie::JitOptions options;
  options.buildPipeline = [pipeline](mlir::OpPassManager &pm) {
    return mlir::parsePassPipeline(pipeline, pm);
  };
  llvm::Expected<std::unique_ptr<mlir::eie::JitFunction>> function =
      mlir::eie::JitFunction::compile(*module, "forward", options);
  if (!function)
    return function.takeError();
  return std::make_unique<JitConv>(problem, std::move(*function), layouts);
}
