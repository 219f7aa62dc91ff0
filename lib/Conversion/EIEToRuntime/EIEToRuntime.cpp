//===- EIEToRuntime.cpp - Lower eie.sparse_fc to runtime calls ------------===//
//
// The x86 path of a compressed layer: the payloads become memref globals and
// the layer becomes calls of the C entry points of include/eie/Runtime/
// RuntimeCAPI.h, declared here as llvm.func so that the C-interface wrappers
// of the lowering pipeline leave them alone.
//
//===----------------------------------------------------------------------===//

#include "eie/Conversion/Passes.h"
#include "eie/Dialect/CNN/IR/LayerName.h"
#include "eie/Dialect/EIE/IR/EIEOps.h"
#include "eie/Dialect/EIE/Transforms/LayerWeights.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/SymbolTable.h"

namespace mlir::eie {
#define GEN_PASS_DEF_CONVERTEIETORUNTIME
#include "eie/Conversion/Passes.h.inc"
} // namespace mlir::eie

using namespace mlir;
using namespace mlir::eie;

namespace {

/// The runtime's C entry points (RuntimeCAPI.h), declared in the module on
/// first use.
class RuntimeFunctions {
public:
  explicit RuntimeFunctions(ModuleOp module) : module(module) {}

  /// (rows, cols, PEs, bits, codebook, entries, entry bytes, column pointers,
  /// slices, expected activation density) -> matrix
  LLVM::LLVMFuncOp matrixCreate() {
    return declare("eieRtMatrixCreate", ptr(),
                   {i32(), i32(), i32(), i32(), ptr(), ptr(), i64(), ptr(),
                    i32(), Float64Type::get(module.getContext())});
  }
  /// (matrix, x, bias, y, relu, threads) -> status
  LLVM::LLVMFuncOp multiplyF32() {
    return declare("eieRtMultiplyF32", i32(),
                   {ptr(), ptr(), ptr(), ptr(), i32(), i32()});
  }
  /// (matrix, x, bias, y, act frac, out frac, relu, threads) -> status
  LLVM::LLVMFuncOp multiplyQ16() {
    return declare("eieRtMultiplyQ16", i32(),
                   {ptr(), ptr(), ptr(), ptr(), i32(), i32(), i32(), i32()});
  }

private:
  Type ptr() { return LLVM::LLVMPointerType::get(module.getContext()); }
  Type i32() { return IntegerType::get(module.getContext(), 32); }
  Type i64() { return IntegerType::get(module.getContext(), 64); }

  LLVM::LLVMFuncOp declare(StringRef name, Type result, ArrayRef<Type> params) {
    if (auto existing = module.lookupSymbol<LLVM::LLVMFuncOp>(name))
      return existing;
    OpBuilder builder = OpBuilder::atBlockEnd(module.getBody());
    return LLVM::LLVMFuncOp::create(
        builder, module.getLoc(), name,
        LLVM::LLVMFunctionType::get(result, params));
  }

  ModuleOp module;
};

/// Builds the replacement of one eie.sparse_fc.
class SparseFCLowering {
public:
  SparseFCLowering(SparseFCOp op, RuntimeFunctions &runtime,
                   SymbolTable &symbols, StringRef layerName, unsigned threads,
                   double activationDensity)
      : op(op), runtime(runtime), symbols(symbols), layerName(layerName),
        threads(threads), activationDensity(activationDensity), b(op),
        loc(op.getLoc()), ptrType(LLVM::LLVMPointerType::get(op.getContext())) {
  }

  Value lower(SparseNumericMode mode) {
    Value matrix = getMatrixHandle();
    return mode == SparseNumericMode::Float ? lowerFloat(matrix)
                                            : lowerFixed(matrix);
  }

private:
  Value i32Constant(int64_t value) {
    return arith::ConstantIntOp::create(b, loc, value, 32);
  }
  Value indexConstant(int64_t value) {
    return arith::ConstantIndexOp::create(b, loc, value);
  }

  /// A private memref.global holding `value` (a 1-D tensor constant), unique
  /// under `suffix`.
  Value globalArray(StringRef suffix, ElementsAttr value) {
    auto tensorType = cast<RankedTensorType>(value.getShapedType());
    auto memrefType =
        MemRefType::get(tensorType.getShape(), tensorType.getElementType());
    OpBuilder moduleBuilder =
        OpBuilder::atBlockEnd(cast<ModuleOp>(symbols.getOp()).getBody());
    auto global = memref::GlobalOp::create(
        moduleBuilder, loc, ("__eie_" + layerName + "_" + suffix).str(),
        moduleBuilder.getStringAttr("private"), memrefType, value,
        /*constant=*/true, /*alignment=*/moduleBuilder.getI64IntegerAttr(64));
    symbols.insert(global);
    return memref::GetGlobalOp::create(b, loc, memrefType, global.getSymName());
  }

  /// The address of `memref`'s first element (identity layout) as an
  /// !llvm.ptr.
  Value pointerTo(Value memref) {
    Value integer =
        arith::IndexCastOp::create(b, loc, b.getI64Type(), addressOf(memref));
    return LLVM::IntToPtrOp::create(b, loc, ptrType, integer);
  }

  /// The runtime's handle of the layer's matrix, created on the first call
  /// and cached in an internal global.
  Value getMatrixHandle() {
    CompressedMatrixAttr attr = op.getMatrix();
    OpBuilder moduleBuilder =
        OpBuilder::atBlockEnd(cast<ModuleOp>(symbols.getOp()).getBody());
    auto handle = LLVM::GlobalOp::create(
        moduleBuilder, loc, ptrType, /*isConstant=*/false,
        LLVM::Linkage::Internal, "__eie_" + layerName + "_matrix", Attribute());
    symbols.insert(handle);
    Block *init = moduleBuilder.createBlock(&handle.getInitializerRegion());
    moduleBuilder.setInsertionPointToStart(init);
    LLVM::ReturnOp::create(
        moduleBuilder, loc,
        LLVM::ZeroOp::create(moduleBuilder, loc, ptrType).getResult());

    Value codebook = globalArray(
        "codebook",
        DenseElementsAttr::get(
            RankedTensorType::get({int64_t(attr.getCodebook().size())},
                                  b.getF32Type()),
            attr.getCodebook().asArrayRef()));
    Value entries = globalArray("entries", attr.getEntries());
    Value colPtrs = globalArray("col_ptrs", attr.getColPtrs());

    Value address = LLVM::AddressOfOp::create(b, loc, handle);
    Value cached = LLVM::LoadOp::create(b, loc, ptrType, address);
    Value null = LLVM::ZeroOp::create(b, loc, ptrType);
    Value missing =
        LLVM::ICmpOp::create(b, loc, LLVM::ICmpPredicate::eq, cached, null);
    auto ifOp = scf::IfOp::create(b, loc, ptrType, missing,
                                  /*withElseRegion=*/true);
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(ifOp.thenBlock());
      Value entryBytes = arith::ConstantIntOp::create(
          b, loc, attr.getEntries().getNumElements(), 64);
      Value density = arith::ConstantOp::create(
          b, loc, b.getF64FloatAttr(activationDensity));
      Value created =
          LLVM::CallOp::create(
              b, loc, runtime.matrixCreate(),
              ValueRange{
                  i32Constant(attr.getRows()), i32Constant(attr.getCols()),
                  i32Constant(attr.getPes()), i32Constant(attr.getBits()),
                  pointerTo(codebook), pointerTo(entries), entryBytes,
                  pointerTo(colPtrs), i32Constant(threads), density})
              .getResult();
      Value ok =
          LLVM::ICmpOp::create(b, loc, LLVM::ICmpPredicate::ne, created, null);
      cf::AssertOp::create(b, loc, ok,
                           "eie.sparse_fc '" + layerName +
                               "': the runtime rejected the compressed matrix");
      LLVM::StoreOp::create(b, loc, created, address);
      scf::YieldOp::create(b, loc, created);
      b.setInsertionPointToStart(ifOp.elseBlock());
      scf::YieldOp::create(b, loc, cached);
    }
    return ifOp.getResult(0);
  }

  /// A read-only buffer of `tensor` with an identity layout.
  Value readBuffer(Value tensor) {
    auto type = cast<RankedTensorType>(tensor.getType());
    return bufferization::ToBufferOp::create(
        b, loc, MemRefType::get(type.getShape(), type.getElementType()), tensor,
        /*read_only=*/true);
  }

  /// The address of `memref`'s first element (identity layout) as an index.
  Value addressOf(Value memref) {
    return memref::ExtractAlignedPointerAsIndexOp::create(b, loc, memref);
  }

  /// `address` advanced by `rowIndex * rowElements` elements of `elementBytes`
  /// each, as an !llvm.ptr.
  Value rowPointer(Value address, Value rowIndex, int64_t rowElements,
                   unsigned elementBytes) {
    Value offset = arith::MulIOp::create(
        b, loc, rowIndex, indexConstant(rowElements * elementBytes));
    Value sum = arith::AddIOp::create(b, loc, address, offset);
    Value integer = arith::IndexCastOp::create(b, loc, b.getI64Type(), sum);
    return LLVM::IntToPtrOp::create(b, loc, ptrType, integer);
  }

  /// Calls `kernel` once per batch row: (matrix, &x[n], bias, &y[n],
  /// extraArgs...). x and y are 2-D identity-layout buffers.
  void callPerRow(LLVM::LLVMFuncOp kernel, Value matrix, Value x, Value bias,
                  Value y, ArrayRef<Value> extraArgs) {
    auto xType = cast<MemRefType>(x.getType());
    auto yType = cast<MemRefType>(y.getType());
    Value biasPointer =
        bias ? pointerTo(bias) : LLVM::ZeroOp::create(b, loc, ptrType);
    Value xAddress = addressOf(x), yAddress = addressOf(y);
    auto loop = scf::ForOp::create(b, loc, indexConstant(0),
                                   indexConstant(xType.getDimSize(0)),
                                   indexConstant(1));
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(loop.getBody());
    Value row = loop.getInductionVar();
    SmallVector<Value> args = {matrix,
                               rowPointer(xAddress, row, xType.getDimSize(1),
                                          xType.getElementTypeBitWidth() / 8),
                               biasPointer,
                               rowPointer(yAddress, row, yType.getDimSize(1),
                                          yType.getElementTypeBitWidth() / 8)};
    args.append(extraArgs.begin(), extraArgs.end());
    Value status = LLVM::CallOp::create(b, loc, kernel, args).getResult();
    Value ok = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, status,
                                     i32Constant(0));
    cf::AssertOp::create(b, loc, ok,
                         "eie.sparse_fc '" + layerName +
                             "': the runtime kernel failed");
  }

  /// An element-wise linalg.generic from `input` to a new tensor of
  /// `elementType`.
  Value mapElements(Value input, Type elementType,
                    function_ref<Value(OpBuilder &, Location, Value)> body) {
    auto type = cast<RankedTensorType>(input.getType());
    Value init = tensor::EmptyOp::create(b, loc, type.getShape(), elementType);
    SmallVector<AffineMap> maps(2, b.getMultiDimIdentityMap(type.getRank()));
    SmallVector<utils::IteratorType> iterators(type.getRank(),
                                               utils::IteratorType::parallel);
    return linalg::GenericOp::create(
               b, loc, init.getType(), input, init, maps, iterators,
               [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
                 linalg::YieldOp::create(nested, nestedLoc,
                                         body(nested, nestedLoc, args[0]));
               })
        .getResult(0);
  }

  /// Q(frac) int16 values of an f32 tensor (docs/NUMERICS.md, quantize):
  /// round half away from zero, saturate, NaN to 0.
  Value quantize(Value input, int64_t frac) {
    return mapElements(
        input, b.getI16Type(), [&](OpBuilder &nb, Location l, Value x) {
          auto constant = [&](double v) -> Value {
            return arith::ConstantOp::create(nb, l, nb.getF32FloatAttr(v));
          };
          Value scale = constant(std::ldexp(1.0, frac));
          Value lowest = constant(-32768), highest = constant(32767);
          Value zero = constant(0);
          Value scaled = arith::MulFOp::create(nb, l, x, scale);
          Value rounded = math::RoundOp::create(nb, l, scaled);
          Value low = arith::MaximumFOp::create(nb, l, rounded, lowest);
          Value clamped = arith::MinimumFOp::create(nb, l, low, highest);
          Value isNaN =
              arith::CmpFOp::create(nb, l, arith::CmpFPredicate::UNO, x, x);
          Value finite = arith::SelectOp::create(nb, l, isNaN, zero, clamped);
          return arith::FPToSIOp::create(nb, l, nb.getI16Type(), finite);
        });
  }

  /// The f32 values of Q(frac) int16 elements (exact).
  Value dequantize(Value input, int64_t frac) {
    return mapElements(
        input, b.getF32Type(), [&](OpBuilder &nb, Location l, Value q) {
          Value scale = arith::ConstantOp::create(
              nb, l, nb.getF32FloatAttr(std::ldexp(1.0, -frac)));
          Value real = arith::SIToFPOp::create(nb, l, nb.getF32Type(), q);
          return arith::MulFOp::create(nb, l, real, scale);
        });
  }

  /// A fresh buffer of `type`'s shape and `elementType` for the kernel to
  /// write.
  Value allocResult(RankedTensorType type, Type elementType) {
    return memref::AllocOp::create(
        b, loc, MemRefType::get(type.getShape(), elementType),
        /*alignment=*/b.getI64IntegerAttr(64));
  }

  Value toTensor(Value buffer) {
    auto type = cast<MemRefType>(buffer.getType());
    return bufferization::ToTensorOp::create(
        b, loc, RankedTensorType::get(type.getShape(), type.getElementType()),
        buffer, /*restrict=*/true, /*writable=*/true);
  }

  Value lowerFloat(Value matrix) {
    RankedTensorType resultType = op.getResult().getType();
    Value y = allocResult(resultType, b.getF32Type());
    Value bias = op.getBias() ? readBuffer(op.getBias()) : Value();
    callPerRow(runtime.multiplyF32(), matrix, readBuffer(op.getInput()), bias,
               y, {i32Constant(op.getRelu()), i32Constant(threads)});
    return toTensor(y);
  }

  Value lowerFixed(Value matrix) {
    int64_t actFrac = *op.getActFrac(), outFrac = *op.getOutFrac();
    RankedTensorType resultType = op.getResult().getType();
    Value x = readBuffer(quantize(op.getInput(), actFrac));
    Value bias =
        op.getBias() ? readBuffer(quantize(op.getBias(), outFrac)) : Value();
    Value y = allocResult(resultType, b.getI16Type());
    callPerRow(runtime.multiplyQ16(), matrix, x, bias, y,
               {i32Constant(actFrac), i32Constant(outFrac),
                i32Constant(op.getRelu()), i32Constant(threads)});
    return dequantize(toTensor(y), outFrac);
  }

  SparseFCOp op;
  RuntimeFunctions &runtime;
  SymbolTable &symbols;
  std::string layerName;
  unsigned threads;
  double activationDensity;
  OpBuilder b;
  Location loc;
  Type ptrType;
};

struct ConvertEIEToRuntimePass
    : mlir::eie::impl::ConvertEIEToRuntimeBase<ConvertEIEToRuntimePass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (threads < 1 || threads > 64) {
      module.emitError("convert-eie-to-runtime: threads is ")
          << static_cast<unsigned>(threads) << ", expected 1 to 64";
      return signalPassFailure();
    }
    if (!(activationDensity > 0 && activationDensity <= 1)) {
      module.emitError("convert-eie-to-runtime: activation-density is ")
          << activationDensity << ", expected a value in (0, 1]";
      return signalPassFailure();
    }

    SmallVector<SparseFCOp> layers;
    module.walk([&](SparseFCOp op) { layers.push_back(op); });
    if (layers.empty())
      return;
    for (SparseFCOp op : layers)
      if (mode == SparseNumericMode::Fixed && !op.getActFrac()) {
        op.emitError("fixed mode needs the layer's 'act_frac' and 'out_frac'");
        return signalPassFailure();
      }

    // Named before any lowering removes layers from their function.
    SmallVector<std::string> names;
    for (SparseFCOp op : layers)
      names.push_back(toIdentifier(cnn::getLayerName(op)));
    RuntimeFunctions runtime(module);
    SymbolTable symbols(module);
    for (auto [op, name] : llvm::zip(layers, names)) {
      SparseFCLowering lowering(op, runtime, symbols, name, threads,
                                activationDensity);
      Value result = lowering.lower(mode);
      op.getResult().replaceAllUsesWith(result);
      op.erase();
    }
  }
};

} // namespace
