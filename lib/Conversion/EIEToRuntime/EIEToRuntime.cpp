//===- EIEToRuntime.cpp - Lower eie.sparse_fc on buffers to runtime calls -===//
//
// The x86 path of a compressed layer, after one-shot bufferization: each
// eie.sparse_fc on memrefs becomes func.call's of the runtime's entry points
// (include/eie/Runtime/RuntimeCAPI.h) with memref operands, and its payloads
// memref globals, the way SparseTensor's conversion calls its runtime library.
// The declarations carry `llvm.emit_c_interface`, so the calls pass memref
// descriptors (`_mlir_ciface_` functions).
//
//===----------------------------------------------------------------------===//

#include "eie/Conversion/EIEToRuntime/EIEToRuntime.h"

#include "eie/Conversion/Passes.h"
#include "eie/Dialect/CNN/IR/LayerName.h"
#include "eie/Dialect/EIE/IR/EIEOps.h"
#include "eie/Dialect/EIE/Transforms/LayerWeights.h"
#include "eie/Runtime/KernelVariant.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Transforms/DialectConversion.h"

#include <cmath>

namespace mlir::eie {
#define GEN_PASS_DEF_CONVERTEIETORUNTIME
#include "eie/Conversion/Passes.h.inc"
} // namespace mlir::eie

using namespace mlir;
using namespace mlir::eie;

//===----------------------------------------------------------------------===//
// Runtime declarations and globals
//===----------------------------------------------------------------------===//

/// A memref type of `rank` dynamic sizes and an arbitrary strided layout: the
/// runtime reads the descriptor's strides.
static MemRefType getStridedMemRefType(Type elementType, unsigned rank) {
  SmallVector<int64_t> dynamic(rank, ShapedType::kDynamic);
  return MemRefType::get(dynamic, elementType,
                         StridedLayoutAttr::get(elementType.getContext(),
                                                ShapedType::kDynamic, dynamic));
}

/// The runtime's entry point `name`, declared in `module` on first use. The C
/// interface attribute makes calls pass memref descriptors to
/// `_mlir_ciface_<name>`.
static func::FuncOp getOrDeclareRuntimeFunction(OpBuilder &builder,
                                                ModuleOp module, StringRef name,
                                                TypeRange argumentTypes) {
  if (auto existing = module.lookupSymbol<func::FuncOp>(name))
    return existing;
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToStart(module.getBody());
  auto function = func::FuncOp::create(
      builder, module.getLoc(), name,
      builder.getFunctionType(argumentTypes, builder.getI32Type()));
  function.setPrivate();
  function->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(),
                    builder.getUnitAttr());
  return function;
}

/// Calls the runtime function `name` (declared in `module` from the arguments'
/// types) and stops the program with `message` when it returns non-zero.
static void callRuntimeChecked(OpBuilder &builder, Location loc,
                               ModuleOp module, StringRef name,
                               ValueRange arguments, const Twine &message) {
  func::FuncOp function =
      getOrDeclareRuntimeFunction(builder, module, name, TypeRange(arguments));
  Value status =
      func::CallOp::create(builder, loc, function, arguments).getResult(0);
  Value ok =
      arith::CmpIOp::create(builder, loc, arith::CmpIPredicate::eq, status,
                            arith::ConstantIntOp::create(builder, loc, 0, 32));
  cf::AssertOp::create(builder, loc, ok, message.str());
}

/// A prefix `__eie_<layer>` for the layer's globals that no symbol of `module`
/// starts with yet (two layers may share a name).
static std::string getUniqueGlobalPrefix(ModuleOp module, StringRef layer) {
  std::string base = ("__eie_" + layer).str();
  std::string prefix = base;
  for (unsigned suffix = 1; module.lookupSymbol(prefix + "_matrix") != nullptr;
       ++suffix)
    prefix = base + "_" + std::to_string(suffix);
  return prefix;
}

/// A private memref.global named `name` holding `value` at 64-byte alignment;
/// returns the buffer in the function at the builder's insertion point.
static Value getGlobalBuffer(OpBuilder &builder, Location loc, ModuleOp module,
                             StringRef name, ElementsAttr value,
                             bool constant) {
  ShapedType type = value.getShapedType();
  auto memrefType = MemRefType::get(type.getShape(), type.getElementType());
  {
    OpBuilder::InsertionGuard guard(builder);
    builder.setInsertionPointToEnd(module.getBody());
    memref::GlobalOp::create(builder, loc, name,
                             builder.getStringAttr("private"), memrefType,
                             value, constant,
                             /*alignment=*/builder.getI64IntegerAttr(64));
  }
  return memref::GetGlobalOp::create(builder, loc, memrefType, name);
}

/// The name of the kernel variant to force, as the i8 buffer
/// eieRtSparseFCInit takes: a constant global shared by the module's
/// layers, or an empty buffer for the automatic choice.
static Value getKernelVariantOperand(OpBuilder &builder, Location loc,
                                     ModuleOp module, StringRef kernel) {
  Type i8 = builder.getI8Type();
  auto type = MemRefType::get({ShapedType::kDynamic}, i8);
  if (kernel.empty())
    return memref::CastOp::create(
        builder, loc, type,
        memref::AllocaOp::create(builder, loc, MemRefType::get({0}, i8)));
  auto globalType = MemRefType::get({int64_t(kernel.size())}, i8);
  auto value =
      DenseElementsAttr::get(RankedTensorType::get(globalType.getShape(), i8),
                             ArrayRef<char>(kernel.data(), kernel.size()));
  // The module's global of this name, or a new one under a name no other
  // symbol has (the pass may run again with another kernel).
  std::string name = "__eie_kernel_variant";
  for (unsigned suffix = 1;; ++suffix) {
    Operation *existing = module.lookupSymbol(name);
    if (!existing) {
      OpBuilder::InsertionGuard guard(builder);
      builder.setInsertionPointToEnd(module.getBody());
      memref::GlobalOp::create(builder, loc, name,
                               builder.getStringAttr("private"), globalType,
                               value, /*constant=*/true,
                               /*alignment=*/IntegerAttr());
      break;
    }
    auto global = dyn_cast<memref::GlobalOp>(existing);
    if (global && global.getInitialValue() == Attribute(value))
      break;
    name = "__eie_kernel_variant_" + std::to_string(suffix);
  }
  return memref::CastOp::create(
      builder, loc, type,
      memref::GetGlobalOp::create(builder, loc, globalType, name));
}

/// `value` with its static shape and layout erased to `type`'s.
static Value castTo(OpBuilder &builder, Location loc, Value value,
                    MemRefType type) {
  return memref::CastOp::create(builder, loc, type, value);
}

//===----------------------------------------------------------------------===//
// Fixed-point conversions
//===----------------------------------------------------------------------===//

/// Writes `body(input element)` to every element of `output` (buffers of one
/// shape).
static void
mapElementsInto(OpBuilder &builder, Location loc, Value input, Value output,
                function_ref<Value(OpBuilder &, Location, Value)> body) {
  unsigned rank = cast<MemRefType>(input.getType()).getRank();
  SmallVector<AffineMap> maps(2, builder.getMultiDimIdentityMap(rank));
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  linalg::GenericOp::create(
      builder, loc, input, output, maps, iterators,
      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        linalg::YieldOp::create(nested, nestedLoc,
                                body(nested, nestedLoc, args[0]));
      });
}

/// A new buffer of `input`'s shape holding its Q(frac) int16 values
/// (docs/NUMERICS.md, quantize): round half away from zero, saturate, NaN
/// to 0.
static Value quantize(OpBuilder &builder, Location loc, Value input,
                      int64_t frac) {
  auto type = cast<MemRefType>(input.getType());
  Value output = memref::AllocOp::create(
      builder, loc, MemRefType::get(type.getShape(), builder.getI16Type()),
      /*alignment=*/builder.getI64IntegerAttr(64));
  mapElementsInto(
      builder, loc, input, output, [&](OpBuilder &b, Location l, Value x) {
        auto constant = [&](double v) -> Value {
          return arith::ConstantOp::create(b, l, b.getF32FloatAttr(v));
        };
        Value scale = constant(std::ldexp(1.0, frac));
        Value lowest = constant(-32768), highest = constant(32767);
        Value zero = constant(0);
        Value scaled = arith::MulFOp::create(b, l, x, scale);
        Value rounded = math::RoundOp::create(b, l, scaled);
        Value low = arith::MaximumFOp::create(b, l, rounded, lowest);
        Value clamped = arith::MinimumFOp::create(b, l, low, highest);
        Value isNaN =
            arith::CmpFOp::create(b, l, arith::CmpFPredicate::UNO, x, x);
        Value finite = arith::SelectOp::create(b, l, isNaN, zero, clamped);
        return arith::FPToSIOp::create(b, l, b.getI16Type(), finite);
      });
  return output;
}

/// Writes the f32 values of the Q(frac) int16 elements of `input` to `output`
/// (exact).
static void dequantizeInto(OpBuilder &builder, Location loc, Value input,
                           Value output, int64_t frac) {
  mapElementsInto(
      builder, loc, input, output, [&](OpBuilder &b, Location l, Value q) {
        Value scale = arith::ConstantOp::create(
            b, l, b.getF32FloatAttr(std::ldexp(1.0, -frac)));
        Value real = arith::SIToFPOp::create(b, l, b.getF32Type(), q);
        return arith::MulFOp::create(b, l, real, scale);
      });
}

//===----------------------------------------------------------------------===//
// Patterns
//===----------------------------------------------------------------------===//

namespace {

/// What both numeric modes share: the layer on buffers, its name, and the
/// runtime's matrix handle, built on the layer's first call.
class SparseFCToRuntimeCall : public OpConversionPattern<SparseFCOp> {
public:
  SparseFCToRuntimeCall(MLIRContext *context,
                        const SparseKernelOptions &options)
      : OpConversionPattern(context), options(options) {}

  LogicalResult
  matchAndRewrite(SparseFCOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const final {
    if (!op.hasBufferSemantics())
      return rewriter.notifyMatchFailure(op, "on tensors: bufferize first");
    if (failed(matchMode(op, rewriter)))
      return failure();
    std::string layer = toIdentifier(cnn::getLayerName(op));
    Value handle = initMatrix(op, adaptor.getInput(), layer, rewriter);
    callKernel(op, adaptor, layer, handle, rewriter);
    rewriter.eraseOp(op);
    return success();
  }

protected:
  /// Whether the layer can run in this pattern's mode.
  virtual LogicalResult matchMode(SparseFCOp op,
                                  ConversionPatternRewriter &rewriter) const {
    return success();
  }

  /// Calls the kernel on the layer's buffers with the matrix of `handle`.
  virtual void callKernel(SparseFCOp op, OpAdaptor adaptor, StringRef layer,
                          Value handle,
                          ConversionPatternRewriter &rewriter) const = 0;

  /// `value`, or an empty buffer standing for no bias, as the kernel's bias
  /// operand of `elementType`.
  static Value getBiasOperand(OpBuilder &builder, Location loc, Value value,
                              Type elementType) {
    if (!value)
      value = memref::AllocaOp::create(builder, loc,
                                       MemRefType::get({0}, elementType));
    return castTo(builder, loc, value, getStridedMemRefType(elementType, 1));
  }

  /// Calls the kernel entry point `name` with `arguments` (handle, buffers and
  /// the mode's formats) followed by the layer's `relu` and `threads`.
  void callKernelEntryPoint(OpBuilder &builder, SparseFCOp op, StringRef layer,
                            StringRef name,
                            SmallVector<Value> arguments) const {
    Location loc = op.getLoc();
    arguments.push_back(
        arith::ConstantIntOp::create(builder, loc, op.getRelu(), 32));
    arguments.push_back(
        arith::ConstantIntOp::create(builder, loc, options.threads, 32));
    callRuntimeChecked(
        builder, loc, op->getParentOfType<ModuleOp>(), name, arguments,
        "eie.sparse_fc '" + layer + "': the runtime kernel failed");
  }

  SparseKernelOptions options;

private:
  /// The layer's payloads as constant globals and a global handle slot that
  /// the runtime fills on the first call; returns the slot.
  Value initMatrix(SparseFCOp op, Value input, StringRef layer,
                   OpBuilder &builder) const {
    Location loc = op.getLoc();
    CompressedMatrixAttr matrix = op.getMatrix();
    auto module = op->getParentOfType<ModuleOp>();
    std::string prefix = getUniqueGlobalPrefix(module, layer);
    auto global = [&](StringRef suffix, ElementsAttr value, bool constant) {
      return getGlobalBuffer(builder, loc, module, prefix + "_" + suffix.str(),
                             value, constant);
    };
    Value handle = global(
        "matrix",
        DenseElementsAttr::get(RankedTensorType::get({1}, builder.getI64Type()),
                               ArrayRef<int64_t>{0}),
        /*constant=*/false);
    Value codebook =
        global("codebook",
               DenseElementsAttr::get(
                   RankedTensorType::get({int64_t(matrix.getCodebook().size())},
                                         builder.getF32Type()),
                   matrix.getCodebook().asArrayRef()),
               /*constant=*/true);
    Value entries = global("entries", matrix.getEntries(), /*constant=*/true);
    Value colPtrs = global("col_ptrs", matrix.getColPtrs(), /*constant=*/true);

    auto i32 = [&](int64_t value) -> Value {
      return arith::ConstantIntOp::create(builder, loc, value, 32);
    };
    auto contiguous = [&](Value buffer) {
      Type elementType = cast<MemRefType>(buffer.getType()).getElementType();
      return castTo(builder, loc, buffer,
                    MemRefType::get({ShapedType::kDynamic}, elementType));
    };
    callRuntimeChecked(
        builder, loc, module, "eieRtSparseFCInit",
        {handle, contiguous(codebook), contiguous(entries), contiguous(colPtrs),
         i32(matrix.getRows()), i32(matrix.getCols()), i32(matrix.getPes()),
         i32(matrix.getBits()), i32(options.threads),
         arith::ConstantOp::create(
             builder, loc, builder.getF64FloatAttr(options.activationDensity)),
         i32(options.mode == SparseNumericMode::Fixed),
         getKernelVariantOperand(builder, loc, module, options.kernel),
         castTo(builder, loc, input,
                getStridedMemRefType(builder.getF32Type(), 2))},
        "eie.sparse_fc '" + layer +
            "': the runtime rejected the compressed matrix");
    return handle;
  }
};

/// Float mode: the fp32 codebook, straight on the layer's buffers.
struct SparseFCToFloatKernel : SparseFCToRuntimeCall {
  using SparseFCToRuntimeCall::SparseFCToRuntimeCall;

  void callKernel(SparseFCOp op, OpAdaptor adaptor, StringRef layer,
                  Value handle,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MemRefType matrixType = getStridedMemRefType(rewriter.getF32Type(), 2);
    callKernelEntryPoint(
        rewriter, op, layer, "eieRtSparseFCF32",
        {handle, castTo(rewriter, loc, adaptor.getInput(), matrixType),
         getBiasOperand(rewriter, loc, adaptor.getBias(),
                        rewriter.getF32Type()),
         castTo(rewriter, loc, adaptor.getOutput(), matrixType)});
  }
};

/// Fixed mode: the input quantized to Q(act_frac) and the bias to Q(out_frac)
/// into int16 buffers, the 16-bit kernel, and its Q(out_frac) result written
/// back to the output as f32.
struct SparseFCToFixedPointKernel : SparseFCToRuntimeCall {
  using SparseFCToRuntimeCall::SparseFCToRuntimeCall;

  LogicalResult matchMode(SparseFCOp op,
                          ConversionPatternRewriter &rewriter) const override {
    if (!op.getActFrac() || !op.getOutFrac())
      return rewriter.notifyMatchFailure(op, "no fixed-point formats");
    return success();
  }

  void callKernel(SparseFCOp op, OpAdaptor adaptor, StringRef layer,
                  Value handle,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    int64_t actFrac = *op.getActFrac(), outFrac = *op.getOutFrac();
    Type i16 = rewriter.getI16Type();
    MemRefType matrixType = getStridedMemRefType(i16, 2);
    Value input = quantize(rewriter, loc, adaptor.getInput(), actFrac);
    Value bias = adaptor.getBias()
                     ? quantize(rewriter, loc, adaptor.getBias(), outFrac)
                     : Value();
    Value output = adaptor.getOutput();
    Value result = memref::AllocOp::create(
        rewriter, loc,
        MemRefType::get(cast<MemRefType>(output.getType()).getShape(), i16),
        /*alignment=*/rewriter.getI64IntegerAttr(64));
    callKernelEntryPoint(
        rewriter, op, layer, "eieRtSparseFCQ16",
        {handle, castTo(rewriter, loc, input, matrixType),
         getBiasOperand(rewriter, loc, bias, i16),
         castTo(rewriter, loc, result, matrixType),
         arith::ConstantIntOp::create(rewriter, loc, actFrac, 32),
         arith::ConstantIntOp::create(rewriter, loc, outFrac, 32)});
    dequantizeInto(rewriter, loc, result, output, outFrac);
  }
};

} // namespace

void mlir::eie::populateEIEToRuntimeConversionPatterns(
    RewritePatternSet &patterns, const SparseKernelOptions &options) {
  if (options.mode == SparseNumericMode::Float)
    patterns.add<SparseFCToFloatKernel>(patterns.getContext(), options);
  else
    patterns.add<SparseFCToFixedPointKernel>(patterns.getContext(), options);
}

//===----------------------------------------------------------------------===//
// Pass
//===----------------------------------------------------------------------===//

namespace {

struct ConvertEIEToRuntimePass
    : mlir::eie::impl::ConvertEIEToRuntimeBase<ConvertEIEToRuntimePass> {
  using Base::Base;

  /// Diagnoses what the patterns cannot lower, at the layer.
  LogicalResult checkLayers(std::optional<::eie::runtime::KernelSpec> forced) {
    WalkResult result = getOperation().walk([&](SparseFCOp op) {
      if (!op.hasBufferSemantics()) {
        op.emitError("convert-eie-to-runtime runs on buffers: bufferize the "
                     "layer first (one-shot-bufferize, as the "
                     "eie-sparse-to-llvm pipeline does)");
        return WalkResult::interrupt();
      }
      if (mode == SparseNumericMode::Fixed && !op.getActFrac()) {
        op.emitError("fixed mode needs the layer's 'act_frac' and 'out_frac'");
        return WalkResult::interrupt();
      }
      if (forced && forced->variant.layout == ::eie::runtime::Layout::Panels &&
          op.getMatrix().getBits() > 4) {
        op.emitError("kernel '")
            << kernel << "' takes 4-bit codebooks; this layer's has "
            << op.getMatrix().getBits() << " bits";
        return WalkResult::interrupt();
      }
      return WalkResult::advance();
    });
    return failure(result.wasInterrupted());
  }

  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (threads < 1 || threads > 64) {
      module.emitError("convert-eie-to-runtime: threads is ")
          << static_cast<unsigned>(threads) << ", expected 1 to 64";
      return signalPassFailure();
    }
    if (!(activationDensity >= 0 && activationDensity <= 1)) {
      module.emitError("convert-eie-to-runtime: activation-density is ")
          << activationDensity
          << ", expected a value in (0, 1], or 0 for each layer's first "
             "input's";
      return signalPassFailure();
    }
    std::optional<::eie::runtime::KernelSpec> forced;
    if (!kernel.empty()) {
      llvm::Expected<::eie::runtime::KernelSpec> spec =
          ::eie::runtime::parseKernelSpec(kernel);
      if (!spec) {
        module.emitError("convert-eie-to-runtime: kernel ")
            << llvm::toString(spec.takeError());
        return signalPassFailure();
      }
      forced = *spec;
    }
    if (failed(checkLayers(forced)))
      return signalPassFailure();

    ConversionTarget target(getContext());
    target.addIllegalOp<SparseFCOp>();
    target.addLegalDialect<arith::ArithDialect, cf::ControlFlowDialect,
                           func::FuncDialect, linalg::LinalgDialect,
                           math::MathDialect, memref::MemRefDialect>();
    RewritePatternSet patterns(&getContext());
    populateEIEToRuntimeConversionPatterns(
        patterns,
        SparseKernelOptions{mode, threads, activationDensity, kernel});
    if (failed(applyPartialConversion(module, target, std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
